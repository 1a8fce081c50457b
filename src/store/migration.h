// A versioned schema migration, compiled into the binary from migrations/<backend>/*.sql.
#pragma once

#include <vector>

namespace pregon::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

}  // namespace pregon::store

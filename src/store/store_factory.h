// Opens the Store a database URL names:
//   sqlite:///abs/path.db   sqlite://relative.db   sqlite://:memory:
//   postgresql://user:password@host:port/db?...  postgres://...  (the PostgreSQL backend;
//   libpq's URI syntax, e.g. postgresql:///pregon?host=/run/postgresql for a Unix socket)
#pragma once

#include <memory>
#include <string_view>

#include "store/store.h"

namespace pregon {

struct StoreOptions {
  int sqlite_busy_timeout_ms = 30'000;
  std::string sqlite_synchronous = "NORMAL";  // or FULL
  int pg_pool_size = 4;                       // PostgreSQL connections this process opens at most
  Millis pg_reconnect_window{60'000};         // how long a call retries a lost connection
};

// InvalidArgument for a URL that names no backend or is malformed; Internal when the
// database cannot be opened. Does not migrate.
Result<std::unique_ptr<Store>> OpenStore(std::string_view url, const StoreOptions& options = {});

// The path a sqlite:// URL names ("" and InvalidArgument for anything else).
Result<std::string> SqlitePathFromUrl(std::string_view url);

}  // namespace pregon

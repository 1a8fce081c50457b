// SchemaStore: the version of the database schema, and the migrations that bring it to the
// one this binary knows. Migrations are compiled into the binary (migrations/<backend>/).
#pragma once

#include "core/status.h"

namespace pregon {

class SchemaStore {
 public:
  virtual ~SchemaStore() = default;

  // The version the database is at (0 for an empty one) and the newest this binary knows.
  virtual Result<int> SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Applies every pending migration, each in its own transaction. Fails with
  // FailedPrecondition, changing nothing, when the database is newer than this binary.
  virtual Status Migrate() = 0;
  // OK when the schema is exactly current; FailedPrecondition telling the operator what to
  // do otherwise (run `pregon migrate`, or upgrade pregon).
  Status CheckSchema();
};

}  // namespace pregon

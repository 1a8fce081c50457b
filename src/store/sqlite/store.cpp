// SqliteStore: opening the database.
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  PREGON_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(options));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
}

}  // namespace pregon::store

// SqliteStore: the schema version and migrations (SchemaStore).
#include "store/common/migration.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

namespace sqlite {
extern const std::vector<Migration> kMigrations;  // generated from migrations/sqlite/*.sql
}

int SqliteStore::LatestSchemaVersion() const { return LatestVersion(sqlite::kMigrations); }

Result<int> SqliteStore::SchemaVersion() {
  SqliteSession session(mu_, *db_);
  return Guard("reading the schema version", [&]() REQUIRES(mu_) -> Result<int> {
    if (!db_->db().tableExists("schema_migrations")) return 0;
    auto& q = db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

Status SqliteStore::Migrate() {
  SqliteSession session(mu_, *db_);
  // A migration may rebuild a table others reference (SQLite changes a CHECK no other way):
  // foreign keys are enforced again, and checked, before it commits. The pragma only takes
  // effect outside a transaction.
  db_->db().exec("PRAGMA foreign_keys = OFF");
  Status migrated = Guard("migrating", [&]() REQUIRES(mu_) -> Status {
    // The exclusive transaction makes two processes migrating at once take turns.
    SqliteTx tx(*db_);
    db_->db().exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    int current = db_->db().execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    PREGON_RETURN_IF_ERROR(
        ApplyPendingMigrations(sqlite::kMigrations, current, [&](const Migration& m) {
          db_->db().exec(m.sql);
          SQLite::Statement ins(db_->db(),
                                "INSERT INTO schema_migrations (version, name, applied_at) "
                                "VALUES (?, ?, strftime('%s','now') * 1000)");
          ins.bind(1, m.version);
          ins.bind(2, m.name);
          ins.exec();
          return Status::Ok();
        }));
    SQLite::Statement check(db_->db(), "PRAGMA foreign_key_check");
    if (check.executeStep())
      return Status::Internal("a migration broke a foreign key in table " +
                              check.getColumn(0).getString() + "; nothing was migrated");
    tx.Commit();
    return Status::Ok();
  });
  db_->db().exec("PRAGMA foreign_keys = ON");
  return migrated;
}

}  // namespace pregon::store

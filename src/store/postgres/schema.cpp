// PostgresStore: the schema version and migrations (SchemaStore).
#include "store/common/migration.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

namespace postgres {
extern const std::vector<Migration> kMigrations;  // generated from migrations/postgres/*.sql
}

int PostgresStore::LatestSchemaVersion() const { return LatestVersion(postgres::kMigrations); }

Result<int> PostgresStore::SchemaVersion() {
  return session_->Transact("reading the schema version", [](PgTx& tx) -> Result<int> {
    static const char* kExists = "SELECT to_regclass('schema_migrations') IS NOT NULL";
    if (!tx.Exec(kExists)[0][0].as<bool>()) return 0;
    static const char* kMax = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
    return tx.Exec(kMax)[0][0].as<int>();
  });
}

Status PostgresStore::Migrate() {
  return session_->Transact("migrating", [&](PgTx& tx) -> Status {
    // Held until this transaction ends: nodes migrating at once take turns, and the second
    // finds the schema current. Keyed by schema, so other instances in the database do not wait.
    static const char* kLock =
        "SELECT pg_advisory_xact_lock(hashtext('pregon.migrate.' || current_schema()))";
    tx.Exec(kLock);
    tx.ExecOnce(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    static const char* kMax = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
    int current = tx.Exec(kMax)[0][0].as<int>();
    return ApplyPendingMigrations(postgres::kMigrations, current, [&](const Migration& m) {
      tx.ExecOnce(m.sql);
      static const char* kRecord =
          "INSERT INTO schema_migrations (version, name, applied_at) "
          "VALUES ($1, $2, (extract(epoch FROM now()) * 1000)::bigint)";
      tx.Exec(kRecord, m.version, std::string(m.name));
      return Status::Ok();
    });
  });
}

}  // namespace pregon::store

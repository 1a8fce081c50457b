// PostgresStore: the counts /metrics reports, pruning and the server's settings (OpsStore);
// backups are pg_dump's.
#include "store/common/ops_texts.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Result<std::vector<OpsCount>> PostgresStore::CountForMetrics(Timestamp now) {
  return session_->Transact("counting for metrics", [&](PgTx& tx) -> Result<std::vector<OpsCount>> {
    std::vector<OpsCount> out;
    for (const auto& r : tx.Exec(kOpsCountsSql, Ms(now))) out.push_back(ReadOpsCount(PgRow(r)));
    return out;
  });
}

Status PostgresStore::BackupTo(const std::string&) {
  return Status::FailedPrecondition(
      "on PostgreSQL back up with pg_dump: pg_dump --format=custom --file=FILE \"$DATABASE_URL\" "
      "(consistent while pregon runs; pg_restore --clean --dbname=\"$DATABASE_URL\" FILE "
      "restores it)");
}

Result<PruneCounts> PostgresStore::Prune(Timestamp events_before, Timestamp tracking_before) {
  PruneCounts counts;
  for (const PruneStep& step : PruneSteps(counts, events_before, tracking_before)) {
    while (true) {  // a batch a transaction: writers wait for one batch at most
      PREGON_ASSIGN_OR_RETURN(
          const int64_t deleted, session_->Transact("pruning", [&](PgTx& tx) -> Result<int64_t> {
            return static_cast<int64_t>(
                tx.Exec(step.sql, Ms(step.before), kPruneBatch).affected_rows());
          }));
      *step.deleted += deleted;
      if (deleted < kPruneBatch) break;
    }
  }
  return counts;
}

// current_setting(name, true) is NULL for reserved_connections before PostgreSQL 16.
static constexpr const char* kDatabaseSettingsSql =
    "SELECT current_setting('server_version'), "
    "CAST(current_setting('server_version_num') AS INTEGER), "
    "CAST(current_setting('max_connections') AS INTEGER), "
    "CAST(current_setting('superuser_reserved_connections') AS INTEGER) + "
    "COALESCE(CAST(current_setting('reserved_connections', true) AS INTEGER), 0), "
    "(SELECT CAST(COUNT(*) AS INTEGER) FROM pg_stat_activity "
    "WHERE backend_type = 'client backend'), "
    "current_setting('synchronous_commit'), current_setting('fsync')";

Result<DatabaseSettings> PostgresStore::ReadDatabaseSettings() {
  return session_->Transact(
      "reading the server's settings",
      [&](PgTx& tx) -> Result<DatabaseSettings> {
        const pqxx::result rows = tx.Exec(kDatabaseSettingsSql);
        const pqxx::row first = rows[0];  // PgRow keeps a reference: not to a temporary
        const PgRow row(first);
        DatabaseSettings s;
        s.backend = "postgres";
        s.version = row.Text(0);
        s.version_num = static_cast<int>(row.Int(1));
        s.max_connections = static_cast<int>(row.Int(2));
        s.reserved_connections = static_cast<int>(row.Int(3));
        s.connections_in_use = static_cast<int>(row.Int(4));
        s.synchronous_commit = row.Text(5);
        s.fsync = row.Text(6);
        return s;
      },
      PgRetry::kIdempotent);  // it only reads
}

}  // namespace pregon::store

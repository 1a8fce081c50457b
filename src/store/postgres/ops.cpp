// PostgresStore: the counts /metrics reports and pruning (OpsStore); backups are pg_dump's.
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

}  // namespace pregon::store

// PostgresStore: the counts /metrics reports (OpsStore).
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

}  // namespace pregon::store

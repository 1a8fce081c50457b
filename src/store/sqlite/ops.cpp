// SqliteStore: the counts /metrics reports (OpsStore).
#include "store/common/ops_texts.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<std::vector<OpsCount>> SqliteStore::CountForMetrics(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("counting for metrics", [&]() REQUIRES(mu_) -> Result<std::vector<OpsCount>> {
    auto& q = db_->Prepare(kOpsCountsSql);
    q.bind(1, Ms(now));
    std::vector<OpsCount> out;
    while (q.executeStep()) out.push_back(ReadOpsCount(SqliteRow(q)));
    return out;
  });
}

}  // namespace pregon::store

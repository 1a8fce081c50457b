// SqliteStore: the suppression list (SuppressionStore).
#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<SuppressionCounts> SqliteStore::AddSuppressions(std::span<const Suppression> rows) {
  SqliteSession session(mu_, *db_);
  return Guard("adding suppressions", [&]() REQUIRES(mu_) -> Result<SuppressionCounts> {
    SqliteTx tx(*db_);
    SuppressionCounts counts;
    for (const auto& row : rows) {
      auto& exists = db_->Prepare("SELECT 1 FROM suppressions WHERE address = ?");
      exists.bind(1, row.address);
      bool present = exists.executeStep();
      exists.reset();
      auto& q = db_->Prepare(
          "INSERT INTO suppressions (address, reason, campaign_id, created_at) VALUES (?1, ?2, ?3, "
          "?4) "
          "ON CONFLICT (address) DO UPDATE SET reason = ?2, campaign_id = ?3, created_at = ?4");
      q.bind(1, row.address);
      q.bind(2, std::string(SuppressionReasonName(row.reason)));
      if (row.campaign_id)
        q.bind(3, *row.campaign_id);
      else
        q.bind(3);
      q.bind(4, Ms(row.created_at));
      q.exec();
      ++(present ? counts.updated : counts.added);
    }
    tx.Commit();
    return counts;
  });
}

Status SqliteStore::RemoveSuppression(std::string_view address) {
  SqliteSession session(mu_, *db_);
  return Guard("removing suppression", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare("DELETE FROM suppressions WHERE address = ?");
    q.bind(1, std::string(address));
    if (q.exec() == 0) return Status::NotFound("'" + std::string(address) + "' is not suppressed");
    return Status::Ok();
  });
}

Result<std::optional<Suppression>> SqliteStore::FindSuppression(std::string_view address) {
  SqliteSession session(mu_, *db_);
  return Guard("reading suppression", [&]() REQUIRES(mu_) -> Result<std::optional<Suppression>> {
    auto& q = db_->Prepare(
        "SELECT address, reason, campaign_id, created_at FROM suppressions WHERE address = ?");
    q.bind(1, std::string(address));
    if (!q.executeStep()) return std::optional<Suppression>();
    return std::optional<Suppression>(ReadSuppression(SqliteRow(q)));
  });
}

Result<std::vector<Suppression>> SqliteStore::ListSuppressions(const SuppressionQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing suppressions", [&]() REQUIRES(mu_) -> Result<std::vector<Suppression>> {
    auto& q = db_->Prepare(
        "SELECT address, reason, campaign_id, created_at FROM suppressions "
        "WHERE address > ?1 AND (?2 = '' OR reason = ?2) ORDER BY address LIMIT ?3");
    q.bind(1, query.after_address);
    q.bind(2, query.reason ? std::string(SuppressionReasonName(*query.reason)) : std::string());
    q.bind(3, query.limit);
    std::vector<Suppression> out;
    while (q.executeStep()) out.push_back(ReadSuppression(SqliteRow(q)));
    return out;
  });
}

}  // namespace pregon::store

// PostgresStore: the suppression list (SuppressionStore).
#include "store/common/row_readers.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Result<SuppressionCounts> PostgresStore::AddSuppressions(std::span<const Suppression> rows) {
  return session_->Transact("adding suppressions", [&](PgTx& tx) -> Result<SuppressionCounts> {
    // xmax = 0 on the returned row: it was inserted, not updated.
    static const char* kSql =
        "INSERT INTO suppressions (address, reason, campaign_id, created_at) VALUES ($1, $2, $3, "
        "$4) "
        "ON CONFLICT (address) DO UPDATE SET reason = EXCLUDED.reason, "
        "campaign_id = EXCLUDED.campaign_id, created_at = EXCLUDED.created_at "
        "RETURNING (xmax = 0)";
    SuppressionCounts counts;
    for (const auto& row : rows) {
      bool inserted = tx.Exec(kSql, row.address, std::string(SuppressionReasonName(row.reason)),
                              row.campaign_id, Ms(row.created_at))[0][0]
                          .as<bool>();
      ++(inserted ? counts.added : counts.updated);
    }
    return counts;
  });
}

Status PostgresStore::RemoveSuppression(std::string_view address) {
  return session_->Transact("removing suppression", [&](PgTx& tx) -> Status {
    static const char* kSql = "DELETE FROM suppressions WHERE address = $1";
    if (tx.Exec(kSql, std::string(address)).affected_rows() == 0)
      return Status::NotFound("'" + std::string(address) + "' is not suppressed");
    return Status::Ok();
  });
}

Result<std::optional<Suppression>> PostgresStore::FindSuppression(std::string_view address) {
  return session_->Transact(
      "reading suppression", [&](PgTx& tx) -> Result<std::optional<Suppression>> {
        static const char* kSql =
            "SELECT address, reason, campaign_id, created_at FROM suppressions WHERE address = $1";
        auto r = tx.Exec(kSql, std::string(address));
        if (r.empty()) return std::optional<Suppression>();
        return std::optional<Suppression>(ReadSuppression(PgRow(r[0])));
      });
}

Result<std::vector<Suppression>> PostgresStore::ListSuppressions(const SuppressionQuery& query) {
  return session_->Transact(
      "listing suppressions", [&](PgTx& tx) -> Result<std::vector<Suppression>> {
        // COLLATE "C": byte order, as SQLite compares text, whatever the database's locale.
        static const char* kSql =
            "SELECT address, reason, campaign_id, created_at FROM suppressions "
            "WHERE address COLLATE \"C\" > $1 AND ($2 = '' OR reason = $2) "
            "ORDER BY address COLLATE \"C\" LIMIT $3";
        std::string reason = query.reason ? std::string(SuppressionReasonName(*query.reason)) : "";
        std::vector<Suppression> out;
        for (const auto& r : tx.Exec(kSql, query.after_address, reason, query.limit))
          out.push_back(ReadSuppression(PgRow(r)));
        return out;
      });
}

}  // namespace pregon::store

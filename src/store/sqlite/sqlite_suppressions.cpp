// SqliteStore: the suppression list, and contact look-ups used by preview and template checks.
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {


// ---- Contacts -------------------------------------------------------------------------------

Result<Contact> SqliteStore::FindContact(std::string_view email_or_chat_id) {
  SqliteSession session(mu_, *db_);
  return Guard("finding contact", [&]() -> Result<Contact> {
    auto& q = db_->Prepare(
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts "
        "WHERE email = lower(trim(?1)) OR chat_id = trim(?1) ORDER BY (email = lower(trim(?1))) DESC "
        "LIMIT 1");
    q.bind(1, std::string(email_or_chat_id));
    if (!q.executeStep())
      return Status::NotFound("no contact with e-mail or chat id '" + std::string(email_or_chat_id) + "'");
    return Contact{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString()};
  });
}

Result<std::vector<std::string>> SqliteStore::ListFieldNames(int64_t list_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing field names", [&]() -> Result<std::vector<std::string>> {
    auto& q = db_->Prepare(
        "SELECT DISTINCT j.key FROM list_members m JOIN contacts c ON c.id = m.contact_id, "
        "json_each(CASE WHEN json_valid(c.fields) THEN c.fields ELSE '{}' END) j "
        "WHERE m.list_id = ? ORDER BY j.key");
    q.bind(1, list_id);
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
  });
}

// ---- Suppressions ---------------------------------------------------------------------------

static Suppression ReadSuppression(SQLite::Statement& q) {
  Suppression s;
  s.address = q.getColumn(0).getString();
  s.reason = ParseSuppressionReason(q.getColumn(1).getString()).value();
  if (!q.getColumn(2).isNull()) s.campaign_id = q.getColumn(2).getInt64();
  s.created_at = FromUnixMillis(q.getColumn(3).getInt64());
  return s;
}

Result<SuppressionCounts> SqliteStore::AddSuppressions(std::span<const Suppression> rows) {
  SqliteSession session(mu_, *db_);
  return Guard("adding suppressions", [&]() -> Result<SuppressionCounts> {
    SqliteTx tx(*db_);
    SuppressionCounts counts;
    for (const auto& row : rows) {
      auto& exists = db_->Prepare("SELECT 1 FROM suppressions WHERE address = ?");
      exists.bind(1, row.address);
      bool present = exists.executeStep();
      exists.reset();
      auto& q = db_->Prepare(
          "INSERT INTO suppressions (address, reason, campaign_id, created_at) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT (address) DO UPDATE SET reason = ?2, campaign_id = ?3, created_at = ?4");
      q.bind(1, row.address);
      q.bind(2, std::string(SuppressionReasonName(row.reason)));
      if (row.campaign_id) q.bind(3, *row.campaign_id); else q.bind(3);
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
  return Guard("removing suppression", [&]() -> Status {
    auto& q = db_->Prepare("DELETE FROM suppressions WHERE address = ?");
    q.bind(1, std::string(address));
    if (q.exec() == 0) return Status::NotFound("'" + std::string(address) + "' is not suppressed");
    return Status::Ok();
  });
}

Result<std::optional<Suppression>> SqliteStore::FindSuppression(std::string_view address) {
  SqliteSession session(mu_, *db_);
  return Guard("reading suppression", [&]() -> Result<std::optional<Suppression>> {
    auto& q = db_->Prepare(
        "SELECT address, reason, campaign_id, created_at FROM suppressions WHERE address = ?");
    q.bind(1, std::string(address));
    if (!q.executeStep()) return std::optional<Suppression>();
    return std::optional<Suppression>(ReadSuppression(q));
  });
}

Result<std::vector<Suppression>> SqliteStore::ListSuppressions(const SuppressionQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing suppressions", [&]() -> Result<std::vector<Suppression>> {
    auto& q = db_->Prepare(
        "SELECT address, reason, campaign_id, created_at FROM suppressions "
        "WHERE address > ?1 AND (?2 = '' OR reason = ?2) ORDER BY address LIMIT ?3");
    q.bind(1, query.after_address);
    q.bind(2, query.reason ? std::string(SuppressionReasonName(*query.reason)) : std::string());
    q.bind(3, query.limit);
    std::vector<Suppression> out;
    while (q.executeStep()) out.push_back(ReadSuppression(q));
    return out;
  });
}

}  // namespace pregon::store

// SqliteStore: listings page by page (campaigns, deliveries, lists, contacts) and edits of
// campaigns that have not started.
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/common/campaign_events.h"

namespace pregon::store {


// ",draft,sending," — matched with instr() so one prepared statement serves any set.
static std::string StatusSet(const std::vector<CampaignStatus>& statuses) {
  if (statuses.empty()) return "";
  std::string out = ",";
  for (auto s : statuses) out += std::string(CampaignStatusName(s)) + ",";
  return out;
}

// ---- Lists and contacts ---------------------------------------------------------------------

static ContactList ReadListRow(SQLite::Statement& q) {
  return ContactList{q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                     q.getColumn(2).getInt64()};
}

static Contact ReadContactRow(SQLite::Statement& q) {
  return Contact{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                 q.getColumn(3).getString(), q.getColumn(4).getString()};
}

Result<ContactList> SqliteStore::GetList(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading list", [&]() -> Result<ContactList> {
    auto& q = db_->Prepare(
        "SELECT l.id, l.name, (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) "
        "FROM lists l WHERE l.id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("list " + std::to_string(id) + " not found");
    return ReadListRow(q);
  });
}

Result<std::vector<ContactList>> SqliteStore::ListLists(int64_t after_id, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing lists", [&]() -> Result<std::vector<ContactList>> {
    auto& q = db_->Prepare(
        "SELECT l.id, l.name, (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) "
        "FROM lists l WHERE l.id > ? ORDER BY l.id LIMIT ?");
    SQLite::bind(q, after_id, limit);
    std::vector<ContactList> out;
    while (q.executeStep()) out.push_back(ReadListRow(q));
    return out;
  });
}

Result<Contact> SqliteStore::GetContact(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading contact", [&]() -> Result<Contact> {
    auto& q = db_->Prepare(
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts WHERE "
        "id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("contact " + std::to_string(id) + " not found");
    return ReadContactRow(q);
  });
}

Result<std::vector<Contact>> SqliteStore::ListContacts(const ContactQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing contacts", [&]() -> Result<std::vector<Contact>> {
    auto& q = db_->Prepare(
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts c "
        "WHERE c.id > ?1 AND (?2 = 0 OR EXISTS (SELECT 1 FROM list_members m "
        "  WHERE m.list_id = ?2 AND m.contact_id = c.id)) ORDER BY c.id LIMIT ?3");
    SQLite::bind(q, query.after_id, query.list_id.value_or(0), query.limit);
    std::vector<Contact> out;
    while (q.executeStep()) out.push_back(ReadContactRow(q));
    return out;
  });
}

// ---- Campaigns ------------------------------------------------------------------------------

Status SqliteStore::UpdateCampaign(const Campaign& c, bool replace_attachments, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("updating campaign", [&]() -> Status {
    SqliteTx tx(*db_);
    auto& get = db_->Prepare("SELECT status FROM campaigns WHERE id = ?");
    get.bind(1, c.id);
    if (!get.executeStep())
      return Status::NotFound("campaign " + std::to_string(c.id) + " not found");
    auto from = ParseCampaignStatus(get.getColumn(0).getString()).value();
    get.reset();
    if (from != CampaignStatus::kDraft && from != CampaignStatus::kScheduled)
      return Status::FailedPrecondition("campaign " + std::to_string(c.id) + " is " +
                                        std::string(CampaignStatusName(from)) +
                                        ": only draft or scheduled campaigns can be edited");
    auto& q = db_->Prepare(
        "UPDATE campaigns SET name = ?, sender_id = ?, list_id = ?, subject = ?, text_body = ?, "
        "html_body = ?, reply_to = ?, status = ?, batch_size = ?, batch_pause_ms = ?, rate = ?, "
        "max_attempts = ?, guarantee = ?, window_start = ?, window_end = ?, time_zone = ?, "
        "scheduled_at = ?, parse_mode = ?, template_id = ?, updated_at = ? WHERE id = ?");
    BindCampaignFields(q, c);
    q.bind(18, c.parse_mode);
    q.bind(19, c.template_id);
    q.bind(20, Ms(now));
    q.bind(21, c.id);
    q.exec();
    if (replace_attachments) {
      auto& del = db_->Prepare("DELETE FROM campaign_attachments WHERE campaign_id = ?");
      del.bind(1, c.id);
      del.exec();
      InsertAttachments(c.id, c.attachments);
    }
    InsertEvent(c.id, now, "updated", events::Updated(c.status));
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::vector<CampaignSummary>> SqliteStore::ListCampaigns(const CampaignQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing campaigns", [&]() -> Result<std::vector<CampaignSummary>> {
    // The page first, then the counters of its campaigns only.
    auto& q = db_->Prepare(
        "WITH page AS (SELECT id AS pid FROM campaigns "
        "  WHERE (?1 = 0 OR id < ?1) AND (?2 = '' OR instr(?2, ',' || status || ',') > 0) "
        "  AND (?3 = '' OR instr(lower(name), lower(?3)) > 0) AND (?4 = 0 OR sender_id = ?4) "
        "  AND (?5 = 0 OR list_id = ?5) ORDER BY id DESC LIMIT ?6), "
        "k AS (SELECT campaign_id, SUM(pending) k0, SUM(in_flight) k1, SUM(sent) k2, SUM(failed) "
        "k3, "
        "  SUM(unavailable) k4, SUM(suppressed) k5, SUM(unknown) k6 FROM ranges "
        "  WHERE campaign_id IN (SELECT pid FROM page) GROUP BY campaign_id) "
        "SELECT " PREGON_SQLITE_CAMPAIGN_COLUMNS
        ", COALESCE(k0, 0), COALESCE(k1, 0), "
        "COALESCE(k2, 0), COALESCE(k3, 0), COALESCE(k4, 0), COALESCE(k5, 0), COALESCE(k6, 0) "
        "FROM campaigns JOIN page ON pid = id LEFT JOIN k ON k.campaign_id = id ORDER BY id DESC");
    SQLite::bind(q, query.before_id, StatusSet(query.statuses), query.name_contains,
                 query.sender_id.value_or(0), query.list_id.value_or(0), query.limit);
    std::vector<CampaignSummary> out;
    while (q.executeStep()) {
      CampaignSummary s;
      s.campaign = ReadCampaignRow(q);
      const int k = 24;  // first counter column
      s.counters = Counters{q.getColumn(k).getInt64(),     q.getColumn(k + 1).getInt64(),
                            q.getColumn(k + 2).getInt64(), q.getColumn(k + 3).getInt64(),
                            q.getColumn(k + 4).getInt64(), q.getColumn(k + 5).getInt64(),
                            q.getColumn(k + 6).getInt64()};
      out.push_back(std::move(s));
    }
    return out;
  });
}

Result<std::vector<Delivery>> SqliteStore::ListDeliveries(const DeliveryQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing deliveries", [&]() -> Result<std::vector<Delivery>> {
    auto& q = db_->Prepare(
        "SELECT id, campaign_id, seq, contact_id, address, status, attempts, "
        "COALESCE(provider_id, ''), COALESCE(last_error, ''), updated_at FROM deliveries "
        "WHERE campaign_id = ?1 AND seq > ?2 AND (?3 = '' OR status = ?3) ORDER BY seq LIMIT ?4");
    SQLite::bind(q, query.campaign_id, query.after_seq,
                 query.status ? std::string(DeliveryStatusName(*query.status)) : std::string(),
                 query.limit);
    std::vector<Delivery> out;
    while (q.executeStep()) {
      Delivery d;
      d.id = q.getColumn(0).getInt64();
      d.campaign_id = q.getColumn(1).getInt64();
      d.seq = q.getColumn(2).getInt64();
      d.contact_id = q.getColumn(3).getInt64();
      d.address = q.getColumn(4).getString();
      d.status = ParseDeliveryStatus(q.getColumn(5).getString()).value();
      d.attempts = q.getColumn(6).getInt();
      d.provider_id = q.getColumn(7).getString();
      d.last_error = q.getColumn(8).getString();
      d.updated_at = FromUnixMillis(q.getColumn(9).getInt64());
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace pregon::store

// PostgresStore: listings page by page (campaigns, deliveries, lists, contacts) and edits of
// campaigns that have not started.
#include <string>

#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"
#include "store/common/campaign_events.h"

namespace pregon::store {

// ",draft,sending," — matched with strpos() so one prepared statement serves any set.
static std::string StatusSet(const std::vector<CampaignStatus>& statuses) {
  if (statuses.empty()) return "";
  std::string out = ",";
  for (auto s : statuses) out += std::string(CampaignStatusName(s)) + ",";
  return out;
}

// ---- Lists and contacts ---------------------------------------------------------------------

static ContactList ReadListRow(const pqxx::row& r) {
  return ContactList{r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<int64_t>()};
}

static Contact ReadContactRow(const pqxx::row& r) {
  return Contact{r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                 r[3].as<std::string>(), r[4].as<std::string>()};
}

Result<ContactList> PostgresStore::GetList(int64_t id) {
  return session_->Transact("reading list", [&](PgTx& tx) -> Result<ContactList> {
    static const char* kSql =
        "SELECT l.id, l.name, (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) "
        "FROM lists l WHERE l.id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("list " + std::to_string(id) + " not found");
    return ReadListRow(r[0]);
  });
}

Result<std::vector<ContactList>> PostgresStore::ListLists(int64_t after_id, int limit) {
  return session_->Transact("listing lists", [&](PgTx& tx) -> Result<std::vector<ContactList>> {
    static const char* kSql =
        "SELECT l.id, l.name, (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) "
        "FROM lists l WHERE l.id > $1 ORDER BY l.id LIMIT $2";
    std::vector<ContactList> out;
    for (const auto& r : tx.Exec(kSql, after_id, limit)) out.push_back(ReadListRow(r));
    return out;
  });
}

Result<Contact> PostgresStore::GetContact(int64_t id) {
  return session_->Transact("reading contact", [&](PgTx& tx) -> Result<Contact> {
    static const char* kSql =
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts WHERE "
        "id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("contact " + std::to_string(id) + " not found");
    return ReadContactRow(r[0]);
  });
}

Result<std::vector<Contact>> PostgresStore::ListContacts(const ContactQuery& query) {
  return session_->Transact("listing contacts", [&](PgTx& tx) -> Result<std::vector<Contact>> {
    static const char* kSql =
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts c "
        "WHERE c.id > $1 AND ($2::bigint = 0 OR EXISTS (SELECT 1 FROM list_members m "
        "  WHERE m.list_id = $2::bigint AND m.contact_id = c.id)) ORDER BY c.id LIMIT $3";
    std::vector<Contact> out;
    for (const auto& r : tx.Exec(kSql, query.after_id, query.list_id.value_or(0), query.limit))
      out.push_back(ReadContactRow(r));
    return out;
  });
}

// ---- Campaigns ------------------------------------------------------------------------------

Status PostgresStore::UpdateCampaign(const Campaign& c, bool replace_attachments, Timestamp now) {
  return session_->Transact("updating campaign", [&](PgTx& tx) -> Status {
    // The row lock makes the check and the write one compare-and-set across nodes.
    static const char* kGet = "SELECT status FROM campaigns WHERE id = $1 FOR UPDATE";
    auto r = tx.Exec(kGet, c.id);
    if (r.empty()) return Status::NotFound("campaign " + std::to_string(c.id) + " not found");
    auto from = ParseCampaignStatus(r[0][0].as<std::string>()).value();
    if (from != CampaignStatus::kDraft && from != CampaignStatus::kScheduled)
      return Status::FailedPrecondition("campaign " + std::to_string(c.id) + " is " +
                                        std::string(CampaignStatusName(from)) +
                                        ": only draft or scheduled campaigns can be edited");
    static const char* kUpdate =
        "UPDATE campaigns SET name = $1, sender_id = $2, list_id = $3, subject = $4, text_body = "
        "$5, "
        "html_body = $6, reply_to = $7, status = $8, batch_size = $9, batch_pause_ms = $10, "
        "rate = $11, max_attempts = $12, guarantee = $13, window_start = $14, window_end = $15, "
        "time_zone = $16, scheduled_at = $17, parse_mode = $18, template_id = $19, updated_at = "
        "$20 "
        "WHERE id = $21";
    tx.Exec(kUpdate, c.name, c.sender_id, c.list_id, c.subject, c.text_body, c.html_body,
            c.reply_to, std::string(CampaignStatusName(c.status)), c.throttle.batch_size,
            static_cast<int64_t>(c.throttle.batch_pause.count()), c.throttle.rate,
            c.throttle.max_attempts, std::string(DeliveryGuaranteeName(c.guarantee)),
            c.window.start_minute, c.window.end_minute, c.window.time_zone,
            OptionalMs(c.scheduled_at), c.parse_mode, c.template_id, Ms(now), c.id);
    if (replace_attachments) {
      static const char* kDelete = "DELETE FROM campaign_attachments WHERE campaign_id = $1";
      tx.Exec(kDelete, c.id);
      InsertAttachments(tx, c.id, c.attachments);
    }
    InsertEvent(tx, c.id, now, "updated", events::Updated(c.status));
    if (c.scheduled_at) AnnounceWork(tx);  // it may be due sooner than the leader's next wake-up
    return Status::Ok();
  });
}

Result<std::vector<CampaignSummary>> PostgresStore::ListCampaigns(const CampaignQuery& query) {
  return session_->Transact(
      "listing campaigns", [&](PgTx& tx) -> Result<std::vector<CampaignSummary>> {
        // The page first, then the counters of its campaigns only.
        static const char* kSql =
            "WITH page AS (SELECT id AS pid FROM campaigns "
            "  WHERE ($1::bigint = 0 OR id < $1::bigint) "
            "  AND ($2::text = '' OR strpos($2::text, ',' || status || ',') > 0) "
            "  AND ($3::text = '' OR strpos(lower(name), lower($3::text)) > 0) "
            "  AND ($4::bigint = 0 OR sender_id = $4::bigint) AND ($5::bigint = 0 OR list_id = "
            "$5::bigint) "
            "  ORDER BY id DESC LIMIT $6), "
            "k AS (SELECT campaign_id, SUM(pending) k0, SUM(in_flight) k1, SUM(sent) k2, "
            "SUM(failed) k3, "
            "  SUM(unavailable) k4, SUM(suppressed) k5, SUM(unknown) k6 FROM ranges "
            "  WHERE campaign_id IN (SELECT pid FROM page) GROUP BY campaign_id) "
            "SELECT " PREGON_PG_CAMPAIGN_COLUMNS
            ", COALESCE(k0, 0)::bigint, COALESCE(k1, 0)::bigint, "
            "COALESCE(k2, 0)::bigint, COALESCE(k3, 0)::bigint, COALESCE(k4, 0)::bigint, "
            "COALESCE(k5, 0)::bigint, COALESCE(k6, 0)::bigint "
            "FROM campaigns JOIN page ON pid = id LEFT JOIN k ON k.campaign_id = id ORDER BY id "
            "DESC";
        std::vector<CampaignSummary> out;
        for (const auto& r :
             tx.Exec(kSql, query.before_id, StatusSet(query.statuses), query.name_contains,
                     query.sender_id.value_or(0), query.list_id.value_or(0), query.limit)) {
          CampaignSummary s;
          s.campaign = ReadCampaignRow(r);
          const int k = 24;  // first counter column
          s.counters =
              Counters{r[k].as<int64_t>(),     r[k + 1].as<int64_t>(), r[k + 2].as<int64_t>(),
                       r[k + 3].as<int64_t>(), r[k + 4].as<int64_t>(), r[k + 5].as<int64_t>(),
                       r[k + 6].as<int64_t>()};
          out.push_back(std::move(s));
        }
        return out;
      });
}

Result<std::vector<Delivery>> PostgresStore::ListDeliveries(const DeliveryQuery& query) {
  return session_->Transact("listing deliveries", [&](PgTx& tx) -> Result<std::vector<Delivery>> {
    static const char* kSql =
        "SELECT id, campaign_id, seq, contact_id, address, status, attempts, "
        "COALESCE(provider_id, ''), COALESCE(last_error, ''), updated_at FROM deliveries "
        "WHERE campaign_id = $1 AND seq > $2 AND ($3::text = '' OR status = $3::text) "
        "ORDER BY seq LIMIT $4";
    std::string status = query.status ? std::string(DeliveryStatusName(*query.status)) : "";
    std::vector<Delivery> out;
    for (const auto& r : tx.Exec(kSql, query.campaign_id, query.after_seq, status, query.limit)) {
      Delivery d;
      d.id = r[0].as<int64_t>();
      d.campaign_id = r[1].as<int64_t>();
      d.seq = r[2].as<int64_t>();
      d.contact_id = r[3].as<int64_t>();
      d.address = r[4].as<std::string>();
      d.status = ParseDeliveryStatus(r[5].as<std::string>()).value();
      d.attempts = r[6].as<int>();
      d.provider_id = r[7].as<std::string>();
      d.last_error = r[8].as<std::string>();
      d.updated_at = FromUnixMillis(r[9].as<int64_t>());
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace pregon::store

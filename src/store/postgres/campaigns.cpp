// PostgresStore: campaigns, their attachments, deliveries, counters and events (CampaignStore).
#include <limits>
#include <pqxx/binarystring>
#include <string>

#include "core/request_id.h"
#include "store/common/campaign_events.h"
#include "store/common/row_readers.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

void PostgresStore::InsertEvent(PgTx& tx, int64_t campaign_id, Timestamp ts, std::string_view kind,
                                std::string_view message) {
  static const char* kSql =
      "INSERT INTO campaign_events (campaign_id, ts, kind, message, request_id) "
      "VALUES ($1, $2, $3, $4, $5)";
  tx.Exec(kSql, campaign_id, Ms(ts), std::string(kind), std::string(message),
          std::string(CurrentRequestId()));
}

Status PostgresStore::AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                                  std::string_view message) {
  return session_->Transact("logging event", [&](PgTx& tx) -> Status {
    InsertEvent(tx, campaign_id, ts, kind, message);
    return Status::Ok();
  });
}

// The rows of "SELECT id, ts, kind, message, request_id FROM campaign_events …".
static std::vector<CampaignEvent> ReadEvents(const pqxx::result& rows, int64_t campaign_id) {
  std::vector<CampaignEvent> out;
  for (const auto& r : rows)
    out.push_back({r[0].as<int64_t>(), campaign_id, FromUnixMillis(r[1].as<int64_t>()),
                   r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>()});
  return out;
}

Result<std::vector<CampaignEvent>> PostgresStore::ListEvents(int64_t campaign_id, int64_t after_id,
                                                             int limit) {
  return session_->Transact("listing events", [&](PgTx& tx) -> Result<std::vector<CampaignEvent>> {
    static const char* kSql =
        "SELECT id, ts, kind, message, request_id FROM campaign_events WHERE campaign_id = $1 "
        "AND id > $2 ORDER BY id LIMIT $3";
    return ReadEvents(tx.Exec(kSql, campaign_id, after_id, limit), campaign_id);
  });
}

Result<std::vector<CampaignEvent>> PostgresStore::ListRecentEvents(int64_t campaign_id, int limit) {
  return session_->Transact(
      "listing recent events", [&](PgTx& tx) -> Result<std::vector<CampaignEvent>> {
        static const char* kSql =
            "SELECT id, ts, kind, message, request_id FROM campaign_events WHERE campaign_id = $1 "
            "ORDER BY id DESC LIMIT $2";
        return ReadEvents(tx.Exec(kSql, campaign_id, limit), campaign_id);
      });
}

Result<std::vector<CampaignEvent>> PostgresStore::ListProviderEvents(Timestamp since, int limit) {
  return session_->Transact("listing provider events",
                            [&](PgTx& tx) -> Result<std::vector<CampaignEvent>> {
                              std::vector<CampaignEvent> out;
                              for (const auto& r : tx.Exec(kProviderEventsSql, Ms(since), limit))
                                out.push_back(ReadCampaignEvent(PgRow(r)));
                              return out;
                            });
}

static constexpr const char* kCampaignSelect =
    "SELECT " PREGON_CAMPAIGN_COLUMNS " FROM campaigns WHERE id = $1";

Result<int64_t> PostgresStore::CreateCampaign(const Campaign& c, Timestamp now) {
  return session_->Transact("creating campaign", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSql =
        "INSERT INTO campaigns (name, sender_id, list_id, subject, text_body, html_body, reply_to, "
        "status, batch_size, batch_pause_ms, rate, max_attempts, guarantee, window_start, "
        "window_end, time_zone, scheduled_at, created_at, updated_at, parse_mode, template_id, "
        "tracking) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18,$19,$20,$21) "
        "RETURNING id";
    int64_t id =
        tx.Exec(kSql, c.name, c.sender_id, c.list_id, c.subject, c.text_body, c.html_body,
                c.reply_to, std::string(CampaignStatusName(c.status)), c.throttle.batch_size,
                static_cast<int64_t>(c.throttle.batch_pause.count()), c.throttle.rate,
                c.throttle.max_attempts, std::string(DeliveryGuaranteeName(c.guarantee)),
                c.window.start_minute, c.window.end_minute, c.window.time_zone,
                OptionalMs(c.scheduled_at), Ms(now), c.parse_mode, c.template_id,
                std::string(CampaignTrackingName(c.tracking)))[0][0]
            .as<int64_t>();
    InsertAttachments(tx, id, c.attachments);
    InsertEvent(tx, id, now, "created", events::Created(c.status));
    // The scheduler leader sleeps until the next due time it knows of: a new one must wake it.
    if (c.scheduled_at) AnnounceWork(tx);
    return id;
  });
}

void PostgresStore::InsertAttachments(PgTx& tx, int64_t campaign_id,
                                      const std::vector<Attachment>& attachments) {
  static const char* kAttach =
      "INSERT INTO campaign_attachments (campaign_id, position, filename, content_type, size, "
      "content) VALUES ($1, $2, $3, $4, $5, $6)";
  for (size_t i = 0; i < attachments.size(); ++i) {
    const Attachment& a = attachments[i];
    tx.Exec(kAttach, campaign_id, static_cast<int>(i), a.filename, a.content_type,
            static_cast<int64_t>(a.content.size()),
            pqxx::binarystring(a.content.data(), a.content.size()));
  }
}

std::vector<Attachment> PostgresStore::ReadAttachments(PgTx& tx, int64_t campaign_id,
                                                       bool with_content) {
  static const char* kSql =
      "SELECT filename, content_type, size, CASE WHEN $2 THEN content ELSE ''::bytea END "
      "FROM campaign_attachments WHERE campaign_id = $1 ORDER BY position";
  std::vector<Attachment> out;
  for (const auto& r : tx.Exec(kSql, campaign_id, with_content)) {
    Attachment a;
    a.filename = r[0].as<std::string>();
    a.content_type = r[1].as<std::string>();
    a.size = r[2].as<int64_t>();
    pqxx::binarystring bytes(r[3]);
    a.content = bytes.str();
    out.push_back(std::move(a));
  }
  return out;
}

Result<Campaign> PostgresStore::GetCampaign(int64_t id) {
  return session_->Transact("reading campaign", [&](PgTx& tx) -> Result<Campaign> {
    auto r = tx.Exec(kCampaignSelect, id);
    if (r.empty()) return Status::NotFound("campaign " + std::to_string(id) + " not found");
    Campaign c = ReadCampaign(PgRow(r[0]));
    c.attachments = ReadAttachments(tx, id, /*with_content=*/false);
    return c;
  });
}

Result<std::vector<Attachment>> PostgresStore::GetAttachments(int64_t campaign_id) {
  return session_->Transact(
      "reading attachments", [&](PgTx& tx) -> Result<std::vector<Attachment>> {
        static const char* kExists = "SELECT 1 FROM campaigns WHERE id = $1";
        if (tx.Exec(kExists, campaign_id).empty())
          return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
        return ReadAttachments(tx, campaign_id, /*with_content=*/true);
      });
}

CampaignStatus PostgresStore::ReadCampaignStatus(PgTx& tx, int64_t campaign_id) {
  static const char* kSql = "SELECT status FROM campaigns WHERE id = $1";
  auto r = tx.Exec(kSql, campaign_id);
  if (r.empty()) throw std::runtime_error("campaign " + std::to_string(campaign_id) + " vanished");
  return ParseCampaignStatus(r[0][0].as<std::string>()).value();
}

Result<CampaignStatus> PostgresStore::ApplyCampaignAction(int64_t id, CampaignAction action,
                                                          Timestamp now) {
  return session_->Transact("updating campaign", [&](PgTx& tx) -> Result<CampaignStatus> {
    // The row lock makes the read-check-write a compare-and-set across nodes.
    static const char* kGet =
        "SELECT status, started_at IS NOT NULL FROM campaigns WHERE id = $1 FOR UPDATE";
    auto r = tx.Exec(kGet, id);
    if (r.empty()) return Status::NotFound("campaign " + std::to_string(id) + " not found");
    auto from = ParseCampaignStatus(r[0][0].as<std::string>()).value();
    auto to = ApplyAction(from, action, r[0][1].as<bool>());
    if (!to.ok()) return to.status().WithContext("campaign " + std::to_string(id));
    static const char* kUpdate =
        "UPDATE campaigns SET status = $1, updated_at = $2, "
        "completed_at = CASE WHEN $3 THEN $2 ELSE completed_at END WHERE id = $4";
    tx.Exec(kUpdate, std::string(CampaignStatusName(*to)), Ms(now), IsFinal(*to), id);
    if (*to == CampaignStatus::kCancelled) {
      // Nothing of a cancelled campaign may be claimed again, and nothing of it stays pending;
      // leased ranges are given back by their workers (RenewLease tells them), or by rescue.
      CancelPending(tx, id, 1, std::numeric_limits<int64_t>::max(), now);
      static const char* kCancel =
          "UPDATE ranges SET status = 'done', completed_at = $1 "
          "WHERE campaign_id = $2 AND status IN ('waiting', 'pending')";
      tx.Exec(kCancel, Ms(now), id);
    }
    if (*to == CampaignStatus::kQueued || *to == CampaignStatus::kSending) AnnounceWork(tx);
    InsertEvent(tx, id, now, std::string(CampaignActionName(action)),
                events::Transition(from, *to));
    return *to;
  });
}

Result<Counters> PostgresStore::GetCounters(int64_t campaign_id) {
  return session_->Transact("reading counters", [&](PgTx& tx) -> Result<Counters> {
    static const char* kSql =
        "SELECT " PREGON_COUNTER_SUMS("") " FROM ranges WHERE campaign_id = $1";
    return ReadCounters(PgRow(tx.Exec(kSql, campaign_id)[0]), 0);
  });
}

Result<std::vector<int64_t>> PostgresStore::CampaignIdsWithStatus(CampaignStatus status,
                                                                  int limit) {
  return session_->Transact("listing campaigns", [&](PgTx& tx) -> Result<std::vector<int64_t>> {
    static const char* kSql = "SELECT id FROM campaigns WHERE status = $1 ORDER BY id LIMIT $2";
    std::vector<int64_t> ids;
    for (const auto& r : tx.Exec(kSql, std::string(CampaignStatusName(status)), limit))
      ids.push_back(r[0].as<int64_t>());
    return ids;
  });
}

// ",draft,sending," — matched with strpos() so one prepared statement serves any set.
static std::string StatusSet(const std::vector<CampaignStatus>& statuses) {
  if (statuses.empty()) return "";
  std::string out = ",";
  for (auto s : statuses) out += std::string(CampaignStatusName(s)) + ",";
  return out;
}

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
        "$20, tracking = $22 "
        "WHERE id = $21";
    tx.Exec(kUpdate, c.name, c.sender_id, c.list_id, c.subject, c.text_body, c.html_body,
            c.reply_to, std::string(CampaignStatusName(c.status)), c.throttle.batch_size,
            static_cast<int64_t>(c.throttle.batch_pause.count()), c.throttle.rate,
            c.throttle.max_attempts, std::string(DeliveryGuaranteeName(c.guarantee)),
            c.window.start_minute, c.window.end_minute, c.window.time_zone,
            OptionalMs(c.scheduled_at), c.parse_mode, c.template_id, Ms(now), c.id,
            std::string(CampaignTrackingName(c.tracking)));
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
            "k AS (SELECT campaign_id AS kid, " PREGON_COUNTER_SUMS("") " FROM ranges "
            "  WHERE campaign_id IN (SELECT pid FROM page) GROUP BY campaign_id) "
            "SELECT " PREGON_CAMPAIGN_COLUMNS
            ", k.* FROM campaigns JOIN page ON pid = id LEFT JOIN k ON kid = id ORDER BY id DESC";
        std::vector<CampaignSummary> out;
        for (const auto& r :
             tx.Exec(kSql, query.before_id, StatusSet(query.statuses), query.name_contains,
                     query.sender_id.value_or(0), query.list_id.value_or(0), query.limit)) {
          CampaignSummary s;
          s.campaign = ReadCampaign(PgRow(r));
          s.counters = ReadCounters(PgRow(r), kCampaignColumnCount + 1);  // after kid
          out.push_back(std::move(s));
        }
        return out;
      });
}

Result<std::vector<Delivery>> PostgresStore::ListDeliveries(const DeliveryQuery& query) {
  return session_->Transact("listing deliveries", [&](PgTx& tx) -> Result<std::vector<Delivery>> {
    static const char* kSql = "SELECT " PREGON_DELIVERY_COLUMNS
                              " FROM deliveries WHERE campaign_id = $1 AND seq > $2 AND "
                              "($3::text = '' OR status = $3::text) ORDER BY seq LIMIT $4";
    std::string status = query.status ? std::string(DeliveryStatusName(*query.status)) : "";
    std::vector<Delivery> out;
    for (const auto& r : tx.Exec(kSql, query.campaign_id, query.after_seq, status, query.limit))
      out.push_back(ReadDelivery(PgRow(r)));
    return out;
  });
}

Result<Delivery> PostgresStore::GetDelivery(int64_t id) {
  return session_->Transact("reading a delivery", [&](PgTx& tx) -> Result<Delivery> {
    static const char* kSql = "SELECT " PREGON_DELIVERY_COLUMNS " FROM deliveries WHERE id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("delivery " + std::to_string(id) + " not found");
    return ReadDelivery(PgRow(r[0]));
  });
}

}  // namespace pregon::store

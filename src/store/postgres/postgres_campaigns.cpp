// PostgresStore: campaigns (creation, actions, counters, scheduling) and the suppression list.
#include <pqxx/binarystring>

#include <algorithm>

#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"
#include "store/common/campaign_events.h"

namespace pregon::store {

// ---- Campaigns ------------------------------------------------------------------------------

static constexpr const char* kCampaignSelect =
    "SELECT " PREGON_PG_CAMPAIGN_COLUMNS " FROM campaigns WHERE id = $1";

Campaign ReadCampaignRow(const pqxx::row& r) {
  Campaign c;
  c.id = r[0].as<int64_t>();
  c.name = r[1].as<std::string>();
  c.sender_id = r[2].as<int64_t>();
  c.list_id = r[3].as<int64_t>();
  c.subject = r[4].as<std::string>();
  c.text_body = r[5].as<std::string>();
  c.html_body = r[6].as<std::string>();
  c.reply_to = r[7].as<std::string>();
  c.status = ParseCampaignStatus(r[8].as<std::string>()).value();
  c.throttle.batch_size = r[9].as<int>();
  c.throttle.batch_pause = Millis(r[10].as<int64_t>());
  c.throttle.rate = r[11].as<double>();
  c.throttle.max_attempts = r[12].as<int>();
  c.guarantee = ParseDeliveryGuarantee(r[13].as<std::string>()).value();
  c.window.start_minute = r[14].as<int>();
  c.window.end_minute = r[15].as<int>();
  c.window.time_zone = r[16].as<std::string>();
  c.scheduled_at = OptionalTime(r[17]);
  c.started_at = OptionalTime(r[18]);
  c.completed_at = OptionalTime(r[19]);
  c.created_at = FromUnixMillis(r[20].as<int64_t>());
  c.post_reports_status = r[21].as<std::string>();
  c.parse_mode = r[22].as<std::string>();
  c.template_id = r[23].as<std::string>();
  return c;
}

Result<int64_t> PostgresStore::CreateCampaign(const Campaign& c, Timestamp now) {
  return session_->Transact("creating campaign", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSql =
        "INSERT INTO campaigns (name, sender_id, list_id, subject, text_body, html_body, reply_to, "
        "status, batch_size, batch_pause_ms, rate, max_attempts, guarantee, window_start, "
        "window_end, time_zone, scheduled_at, created_at, updated_at, parse_mode, template_id) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18,$19,$20) "
        "RETURNING id";
    int64_t id =
        tx.Exec(kSql, c.name, c.sender_id, c.list_id, c.subject, c.text_body, c.html_body,
                c.reply_to, std::string(CampaignStatusName(c.status)), c.throttle.batch_size,
                static_cast<int64_t>(c.throttle.batch_pause.count()), c.throttle.rate,
                c.throttle.max_attempts, std::string(DeliveryGuaranteeName(c.guarantee)),
                c.window.start_minute, c.window.end_minute, c.window.time_zone,
                OptionalMs(c.scheduled_at), Ms(now), c.parse_mode, c.template_id)[0][0]
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
            static_cast<int64_t>(a.content.size()), pqxx::binarystring(a.content.data(), a.content.size()));
  }
}

std::vector<Attachment> PostgresStore::ReadAttachments(PgTx& tx, int64_t campaign_id, bool with_content) {
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
    Campaign c = ReadCampaignRow(r[0]);
    c.attachments = ReadAttachments(tx, id, /*with_content=*/false);
    return c;
  });
}

Result<std::vector<Attachment>> PostgresStore::GetAttachments(int64_t campaign_id) {
  return session_->Transact("reading attachments", [&](PgTx& tx) -> Result<std::vector<Attachment>> {
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
    static const char* kGet = "SELECT status FROM campaigns WHERE id = $1 FOR UPDATE";
    auto r = tx.Exec(kGet, id);
    if (r.empty()) return Status::NotFound("campaign " + std::to_string(id) + " not found");
    auto from = ParseCampaignStatus(r[0][0].as<std::string>()).value();
    auto to = ApplyAction(from, action);
    if (!to.ok()) return to.status().WithContext("campaign " + std::to_string(id));
    static const char* kUpdate =
        "UPDATE campaigns SET status = $1, updated_at = $2, "
        "completed_at = CASE WHEN $3 THEN $2 ELSE completed_at END WHERE id = $4";
    tx.Exec(kUpdate, std::string(CampaignStatusName(*to)), Ms(now), IsFinal(*to), id);
    if (*to == CampaignStatus::kCancelled) {
      // Nothing of a cancelled campaign may be claimed again; leased ranges are given back by
      // their workers (RenewLease tells them), or by lease rescue.
      static const char* kCancel =
          "UPDATE ranges SET status = 'done', completed_at = $1 "
          "WHERE campaign_id = $2 AND status IN ('waiting', 'pending')";
      tx.Exec(kCancel, Ms(now), id);
    }
    if (*to == CampaignStatus::kQueued || *to == CampaignStatus::kSending) AnnounceWork(tx);
    InsertEvent(tx, id, now, std::string(CampaignActionName(action)), events::Transition(from, *to));
    return *to;
  });
}

Result<Counters> PostgresStore::GetCounters(int64_t campaign_id) {
  return session_->Transact("reading counters", [&](PgTx& tx) -> Result<Counters> {
    static const char* kSql =
        "SELECT COALESCE(SUM(pending),0)::bigint, COALESCE(SUM(in_flight),0)::bigint, "
        "COALESCE(SUM(sent),0)::bigint, COALESCE(SUM(failed),0)::bigint, "
        "COALESCE(SUM(unavailable),0)::bigint, COALESCE(SUM(suppressed),0)::bigint, "
        "COALESCE(SUM(unknown),0)::bigint FROM ranges WHERE campaign_id = $1";
    auto r = tx.Exec(kSql, campaign_id)[0];
    return Counters{r[0].as<int64_t>(), r[1].as<int64_t>(), r[2].as<int64_t>(), r[3].as<int64_t>(),
                    r[4].as<int64_t>(), r[5].as<int64_t>(), r[6].as<int64_t>()};
  });
}

Status PostgresStore::DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                                    Timestamp now) {
  return session_->Transact("deferring campaign", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE campaigns SET not_before = $1 WHERE id = $2 AND not_before < $1";
    if (tx.Exec(kSql, Ms(until), campaign_id).affected_rows() > 0)
      InsertEvent(tx, campaign_id, now, "waiting", reason);
    return Status::Ok();
  });
}

Result<std::vector<int64_t>> PostgresStore::CampaignIdsWithStatus(CampaignStatus status, int limit) {
  return session_->Transact("listing campaigns", [&](PgTx& tx) -> Result<std::vector<int64_t>> {
    static const char* kSql = "SELECT id FROM campaigns WHERE status = $1 ORDER BY id LIMIT $2";
    std::vector<int64_t> ids;
    for (const auto& r : tx.Exec(kSql, std::string(CampaignStatusName(status)), limit))
      ids.push_back(r[0].as<int64_t>());
    return ids;
  });
}

Result<std::vector<int64_t>> PostgresStore::PromoteDueScheduled(Timestamp now) {
  return session_->Transact("promoting scheduled campaigns", [&](PgTx& tx) -> Result<std::vector<int64_t>> {
    static const char* kSql =
        "UPDATE campaigns SET status = 'queued', updated_at = $1 "
        "WHERE status = 'scheduled' AND scheduled_at <= $1 RETURNING id";
    std::vector<int64_t> ids;
    for (const auto& r : tx.Exec(kSql, Ms(now))) ids.push_back(r[0].as<int64_t>());
    std::sort(ids.begin(), ids.end());
    for (auto id : ids) InsertEvent(tx, id, now, "queued", "scheduled time reached");
    if (!ids.empty()) AnnounceWork(tx);
    return ids;
  });
}

// ---- Suppressions ---------------------------------------------------------------------------

static Suppression ReadSuppression(const pqxx::row& r) {
  Suppression s;
  s.address = r[0].as<std::string>();
  s.reason = ParseSuppressionReason(r[1].as<std::string>()).value();
  if (!r[2].is_null()) s.campaign_id = r[2].as<int64_t>();
  s.created_at = FromUnixMillis(r[3].as<int64_t>());
  return s;
}

Result<SuppressionCounts> PostgresStore::AddSuppressions(std::span<const Suppression> rows) {
  return session_->Transact("adding suppressions", [&](PgTx& tx) -> Result<SuppressionCounts> {
    // xmax = 0 on the returned row: it was inserted, not updated.
    static const char* kSql =
        "INSERT INTO suppressions (address, reason, campaign_id, created_at) VALUES ($1, $2, $3, $4) "
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
  return session_->Transact("reading suppression", [&](PgTx& tx) -> Result<std::optional<Suppression>> {
    static const char* kSql =
        "SELECT address, reason, campaign_id, created_at FROM suppressions WHERE address = $1";
    auto r = tx.Exec(kSql, std::string(address));
    if (r.empty()) return std::optional<Suppression>();
    return std::optional<Suppression>(ReadSuppression(r[0]));
  });
}

Result<std::vector<Suppression>> PostgresStore::ListSuppressions(const SuppressionQuery& query) {
  return session_->Transact("listing suppressions", [&](PgTx& tx) -> Result<std::vector<Suppression>> {
    // COLLATE "C": byte order, as SQLite compares text, whatever the database's locale.
    static const char* kSql =
        "SELECT address, reason, campaign_id, created_at FROM suppressions "
        "WHERE address COLLATE \"C\" > $1 AND ($2 = '' OR reason = $2) "
        "ORDER BY address COLLATE \"C\" LIMIT $3";
    std::string reason = query.reason ? std::string(SuppressionReasonName(*query.reason)) : "";
    std::vector<Suppression> out;
    for (const auto& r : tx.Exec(kSql, query.after_address, reason, query.limit))
      out.push_back(ReadSuppression(r));
    return out;
  });
}

}  // namespace pregon::store

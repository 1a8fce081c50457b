// SqliteStore: campaigns, their attachments, deliveries, counters and events (CampaignStore).
#include <limits>
#include <string>

#include "core/request_id.h"
#include "store/common/campaign_events.h"
#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

static constexpr const char* kCampaignSelect =
    "SELECT " PREGON_CAMPAIGN_COLUMNS " FROM campaigns WHERE id = ?";

void SqliteStore::BindCampaignFields(SQLite::Statement& q, const Campaign& c) {
  SQLite::bind(q, c.name, c.sender_id, c.list_id, c.subject, c.text_body, c.html_body, c.reply_to,
               std::string(CampaignStatusName(c.status)), c.throttle.batch_size,
               static_cast<int64_t>(c.throttle.batch_pause.count()), c.throttle.rate,
               c.throttle.max_attempts, std::string(DeliveryGuaranteeName(c.guarantee)),
               c.window.start_minute, c.window.end_minute, c.window.time_zone);
  if (c.scheduled_at)
    q.bind(17, Ms(*c.scheduled_at));
  else
    q.bind(17);
}

Result<int64_t> SqliteStore::CreateCampaign(const Campaign& c, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("creating campaign", [&]() REQUIRES(mu_) -> Result<int64_t> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "INSERT INTO campaigns (name, sender_id, list_id, subject, text_body, html_body, reply_to, "
        "status, batch_size, batch_pause_ms, rate, max_attempts, guarantee, window_start, "
        "window_end, time_zone, scheduled_at, created_at, updated_at, parse_mode, template_id, "
        "tracking) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    BindCampaignFields(q, c);
    q.bind(18, Ms(now));
    q.bind(19, Ms(now));
    q.bind(20, c.parse_mode);
    q.bind(21, c.template_id);
    q.bind(22, std::string(CampaignTrackingName(c.tracking)));
    q.exec();
    int64_t id = db_->db().getLastInsertRowid();
    InsertAttachments(id, c.attachments);
    InsertEvent(id, now, "created", events::Created(c.status));
    tx.Commit();
    return id;
  });
}

void SqliteStore::InsertAttachments(int64_t campaign_id,
                                    const std::vector<Attachment>& attachments) {
  for (size_t i = 0; i < attachments.size(); ++i) {
    const Attachment& a = attachments[i];
    auto& ins = db_->Prepare(
        "INSERT INTO campaign_attachments (campaign_id, position, filename, content_type, size, "
        "content) VALUES (?,?,?,?,?,?)");
    SQLite::bind(ins, campaign_id, static_cast<int64_t>(i), a.filename, a.content_type,
                 static_cast<int64_t>(a.content.size()));
    ins.bind(6, a.content.data(), static_cast<int>(a.content.size()));
    ins.exec();
  }
}

Result<Campaign> SqliteStore::GetCampaign(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading campaign", [&]() REQUIRES(mu_) -> Result<Campaign> {
    auto& q = db_->Prepare(kCampaignSelect);
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("campaign " + std::to_string(id) + " not found");
    Campaign c = ReadCampaign(SqliteRow(q));
    q.reset();
    c.attachments = ReadAttachments(id, /*with_content=*/false);
    return c;
  });
}

std::vector<Attachment> SqliteStore::ReadAttachments(int64_t campaign_id, bool with_content) {
  auto& q = db_->Prepare(
      "SELECT filename, content_type, size, CASE WHEN ?2 THEN content ELSE x'' END "
      "FROM campaign_attachments WHERE campaign_id = ?1 ORDER BY position");
  SQLite::bind(q, campaign_id, with_content ? 1 : 0);
  std::vector<Attachment> out;
  while (q.executeStep()) {
    Attachment a;
    a.filename = q.getColumn(0).getString();
    a.content_type = q.getColumn(1).getString();
    a.size = q.getColumn(2).getInt64();
    const SQLite::Column blob = q.getColumn(3);
    if (blob.getBytes() > 0)
      a.content.assign(static_cast<const char*>(blob.getBlob()),
                       static_cast<size_t>(blob.getBytes()));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Attachment>> SqliteStore::GetAttachments(int64_t campaign_id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading attachments", [&]() REQUIRES(mu_) -> Result<std::vector<Attachment>> {
    auto& q = db_->Prepare("SELECT 1 FROM campaigns WHERE id = ?");
    q.bind(1, campaign_id);
    if (!q.executeStep())
      return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
    q.reset();
    return ReadAttachments(campaign_id, /*with_content=*/true);
  });
}

CampaignStatus SqliteStore::ReadCampaignStatus(int64_t campaign_id) {
  auto& q = db_->Prepare("SELECT status FROM campaigns WHERE id = ?");
  q.bind(1, campaign_id);
  if (!q.executeStep())
    throw std::runtime_error("campaign " + std::to_string(campaign_id) + " vanished");
  auto s = ParseCampaignStatus(q.getColumn(0).getString()).value();
  q.reset();
  return s;
}

Result<CampaignStatus> SqliteStore::ApplyCampaignAction(int64_t id, CampaignAction action,
                                                        Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("updating campaign", [&]() REQUIRES(mu_) -> Result<CampaignStatus> {
    SqliteTx tx(*db_);
    auto& get = db_->Prepare("SELECT status, started_at IS NOT NULL FROM campaigns WHERE id = ?");
    get.bind(1, id);
    if (!get.executeStep())
      return Status::NotFound("campaign " + std::to_string(id) + " not found");
    auto from = ParseCampaignStatus(get.getColumn(0).getString()).value();
    const bool snapshotted = get.getColumn(1).getInt() != 0;
    get.reset();
    auto to = ApplyAction(from, action, snapshotted);
    if (!to.ok()) return to.status().WithContext("campaign " + std::to_string(id));
    auto& upd = db_->Prepare(
        "UPDATE campaigns SET status = ?, updated_at = ?, "
        "completed_at = CASE WHEN ? THEN ? ELSE completed_at END WHERE id = ?");
    bool final_now = IsFinal(*to);
    SQLite::bind(upd, std::string(CampaignStatusName(*to)), Ms(now), final_now ? 1 : 0, Ms(now),
                 id);
    upd.exec();
    if (*to == CampaignStatus::kCancelled) {
      // Nothing of a cancelled campaign may be claimed again, and nothing of it stays pending;
      // leased ranges are given back by their workers (RenewLease tells them), or by rescue.
      CancelPending(id, 1, std::numeric_limits<int64_t>::max(), now);
      auto& r = db_->Prepare(
          "UPDATE ranges SET status = 'done', completed_at = ? "
          "WHERE campaign_id = ? AND status IN ('waiting', 'pending')");
      SQLite::bind(r, Ms(now), id);
      r.exec();
    }
    InsertEvent(id, now, std::string(CampaignActionName(action)), events::Transition(from, *to));
    tx.Commit();
    return *to;
  });
}

Result<Counters> SqliteStore::GetCounters(int64_t campaign_id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading counters", [&]() REQUIRES(mu_) -> Result<Counters> {
    auto& q = db_->Prepare("SELECT " PREGON_COUNTER_SUMS("") " FROM ranges WHERE campaign_id = ?");
    q.bind(1, campaign_id);
    q.executeStep();
    return ReadCounters(SqliteRow(q), 0);
  });
}

Result<std::vector<int64_t>> SqliteStore::CampaignIdsWithStatus(CampaignStatus status, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing campaigns", [&]() REQUIRES(mu_) -> Result<std::vector<int64_t>> {
    auto& q = db_->Prepare("SELECT id FROM campaigns WHERE status = ? ORDER BY id LIMIT ?");
    SQLite::bind(q, std::string(CampaignStatusName(status)), limit);
    std::vector<int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    return ids;
  });
}

void SqliteStore::InsertEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                              std::string_view message) {
  auto& q = db_->Prepare(
      "INSERT INTO campaign_events (campaign_id, ts, kind, message, request_id) "
      "VALUES (?,?,?,?,?)");
  SQLite::bind(q, campaign_id, Ms(ts), std::string(kind), std::string(message),
               std::string(CurrentRequestId()));
  q.exec();
}

Status SqliteStore::AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                                std::string_view message) {
  SqliteSession session(mu_, *db_);
  return Guard("logging event", [&]() REQUIRES(mu_) -> Status {
    InsertEvent(campaign_id, ts, kind, message);
    return Status::Ok();
  });
}

// The rows of "SELECT id, ts, kind, message, request_id FROM campaign_events …".
static std::vector<CampaignEvent> ReadEvents(SQLite::Statement& q, int64_t campaign_id) {
  std::vector<CampaignEvent> out;
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), campaign_id,
                   FromUnixMillis(q.getColumn(1).getInt64()), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString()});
  }
  return out;
}

Result<std::vector<CampaignEvent>> SqliteStore::ListEvents(int64_t campaign_id, int64_t after_id,
                                                           int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing events", [&]() REQUIRES(mu_) -> Result<std::vector<CampaignEvent>> {
    auto& q = db_->Prepare(
        "SELECT id, ts, kind, message, request_id FROM campaign_events WHERE campaign_id = ? "
        "AND id > ? ORDER BY id LIMIT ?");
    SQLite::bind(q, campaign_id, after_id, limit);
    return ReadEvents(q, campaign_id);
  });
}

Result<std::vector<CampaignEvent>> SqliteStore::ListRecentEvents(int64_t campaign_id, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing recent events", [&]() REQUIRES(mu_) -> Result<std::vector<CampaignEvent>> {
    auto& q = db_->Prepare(
        "SELECT id, ts, kind, message, request_id FROM campaign_events WHERE campaign_id = ? "
        "ORDER BY id DESC LIMIT ?");
    SQLite::bind(q, campaign_id, limit);
    return ReadEvents(q, campaign_id);
  });
}

Result<std::vector<CampaignEvent>> SqliteStore::ListProviderEvents(Timestamp since, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing provider events",
               [&]() REQUIRES(mu_) -> Result<std::vector<CampaignEvent>> {
                 auto& q = db_->Prepare(kProviderEventsSql);
                 SQLite::bind(q, Ms(since), limit);
                 std::vector<CampaignEvent> out;
                 while (q.executeStep()) out.push_back(ReadCampaignEvent(SqliteRow(q)));
                 return out;
               });
}

// ",draft,sending," — matched with instr() so one prepared statement serves any set.
static std::string StatusSet(const std::vector<CampaignStatus>& statuses) {
  if (statuses.empty()) return "";
  std::string out = ",";
  for (auto s : statuses) out += std::string(CampaignStatusName(s)) + ",";
  return out;
}

Status SqliteStore::UpdateCampaign(const Campaign& c, bool replace_attachments, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("updating campaign", [&]() REQUIRES(mu_) -> Status {
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
        "scheduled_at = ?, parse_mode = ?, template_id = ?, updated_at = ?, tracking = ? WHERE id "
        "= ?");
    BindCampaignFields(q, c);
    q.bind(18, c.parse_mode);
    q.bind(19, c.template_id);
    q.bind(20, Ms(now));
    q.bind(21, std::string(CampaignTrackingName(c.tracking)));
    q.bind(22, c.id);
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
  return Guard("listing campaigns", [&]() REQUIRES(mu_) -> Result<std::vector<CampaignSummary>> {
    // The page first, then the counters of its campaigns only.
    auto& q = db_->Prepare(
        "WITH page AS (SELECT id AS pid FROM campaigns "
        "  WHERE (?1 = 0 OR id < ?1) AND (?2 = '' OR instr(?2, ',' || status || ',') > 0) "
        "  AND (?3 = '' OR instr(lower(name), lower(?3)) > 0) AND (?4 = 0 OR sender_id = ?4) "
        "  AND (?5 = 0 OR list_id = ?5) ORDER BY id DESC LIMIT ?6), "
        "k AS (SELECT campaign_id AS kid, " PREGON_COUNTER_SUMS("") " FROM ranges "
        "  WHERE campaign_id IN (SELECT pid FROM page) GROUP BY campaign_id) "
        "SELECT " PREGON_CAMPAIGN_COLUMNS
        ", k.* FROM campaigns JOIN page ON pid = id LEFT JOIN k ON kid = id ORDER BY id DESC");
    SQLite::bind(q, query.before_id, StatusSet(query.statuses), query.name_contains,
                 query.sender_id.value_or(0), query.list_id.value_or(0), query.limit);
    std::vector<CampaignSummary> out;
    while (q.executeStep()) {
      CampaignSummary s;
      s.campaign = ReadCampaign(SqliteRow(q));
      s.counters = ReadCounters(SqliteRow(q), kCampaignColumnCount + 1);  // after kid
      out.push_back(std::move(s));
    }
    return out;
  });
}

Result<std::vector<Delivery>> SqliteStore::ListDeliveries(const DeliveryQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard("listing deliveries", [&]() REQUIRES(mu_) -> Result<std::vector<Delivery>> {
    auto& q = db_->Prepare("SELECT " PREGON_DELIVERY_COLUMNS
                           " FROM deliveries WHERE campaign_id = ?1 AND seq > ?2 AND (?3 = '' OR "
                           "status = ?3) ORDER BY seq LIMIT ?4");
    SQLite::bind(q, query.campaign_id, query.after_seq,
                 query.status ? std::string(DeliveryStatusName(*query.status)) : std::string(),
                 query.limit);
    std::vector<Delivery> out;
    while (q.executeStep()) out.push_back(ReadDelivery(SqliteRow(q)));
    return out;
  });
}

Result<Delivery> SqliteStore::GetDelivery(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading a delivery", [&]() REQUIRES(mu_) -> Result<Delivery> {
    auto& q = db_->Prepare("SELECT " PREGON_DELIVERY_COLUMNS " FROM deliveries WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("delivery " + std::to_string(id) + " not found");
    return ReadDelivery(SqliteRow(q));
  });
}

}  // namespace pregon::store

// SqliteStore: schema, senders, audience, campaigns and events. Leases: sqlite_work.cpp.
#include "store/sqlite/sqlite_store.h"

#include <algorithm>

#include "store/migration.h"
#include "store/common/campaign_events.h"

namespace pregon::store {

namespace sqlite {
extern const std::vector<Migration> kMigrations;  // generated from migrations/sqlite/*.sql
}


Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  PREGON_ASSIGN_OR_RETURN(auto db, SqliteDb::Open(options));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
}

// ---- Schema ---------------------------------------------------------------------------------

int SqliteStore::LatestSchemaVersion() const {
  int latest = 0;
  for (const auto& m : sqlite::kMigrations) latest = std::max(latest, m.version);
  return latest;
}

Result<int> SqliteStore::SchemaVersion() {
  SqliteSession session(mu_, *db_);
  return Guard("reading the schema version", [&]() -> Result<int> {
    if (!db_->db().tableExists("schema_migrations")) return 0;
    auto& q = db_->Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    q.executeStep();
    return q.getColumn(0).getInt();
  });
}

Status SqliteStore::Migrate() {
  SqliteSession session(mu_, *db_);
  return Guard("migrating", [&]() -> Status {
    // The exclusive transaction makes two processes migrating at once take turns.
    SqliteTx tx(*db_);
    db_->db().exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    int current = db_->db().execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    int latest = LatestSchemaVersion();
    if (current > latest)
      return Status::FailedPrecondition(
          "the database schema (version " + std::to_string(current) +
          ") is newer than this pregon (" + std::to_string(latest) + "): upgrade pregon");
    for (const auto& m : sqlite::kMigrations) {
      if (m.version <= current) continue;
      db_->db().exec(m.sql);
      SQLite::Statement ins(db_->db(),
                            "INSERT INTO schema_migrations (version, name, applied_at) "
                            "VALUES (?, ?, strftime('%s','now') * 1000)");
      ins.bind(1, m.version);
      ins.bind(2, m.name);
      ins.exec();
    }
    tx.Commit();
    return Status::Ok();
  });
}

// ---- Senders --------------------------------------------------------------------------------

static constexpr const char* kSenderColumns =
    "id, name, kind, base_url, api_key, auth_scheme, account_id, from_email, from_name, "
    "bot_token, smtp_url, rate, burst, concurrency";

Sender SqliteStore::ReadSenderRow(SQLite::Statement& q) {
  Sender s;
  s.id = q.getColumn(0).getInt64();
  s.name = q.getColumn(1).getString();
  s.kind = ParseChannelKind(q.getColumn(2).getString()).value();
  s.base_url = q.getColumn(3).getString();
  s.api_key = q.getColumn(4).getString();
  s.auth_scheme = q.getColumn(5).getString();
  s.account_id = q.getColumn(6).getString();
  s.from_email = q.getColumn(7).getString();
  s.from_name = q.getColumn(8).getString();
  s.bot_token = q.getColumn(9).getString();
  s.smtp_url = q.getColumn(10).getString();
  s.rate = q.getColumn(11).getDouble();
  s.burst = q.getColumn(12).getInt();
  s.concurrency = q.getColumn(13).getInt();
  return s;
}

Result<int64_t> SqliteStore::CreateSender(const Sender& s) {
  SqliteSession session(mu_, *db_);
  auto r = Guard("creating sender", [&]() -> Result<int64_t> {
    auto& q = db_->Prepare(
        "INSERT INTO senders (name, kind, base_url, api_key, auth_scheme, account_id, from_email, "
        "from_name, bot_token, smtp_url, rate, burst, concurrency, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, strftime('%s','now') * 1000)");
    SQLite::bind(q, s.name, std::string(ChannelKindName(s.kind)), s.base_url, s.api_key,
                 s.auth_scheme, s.account_id, s.from_email, s.from_name, s.bot_token, s.smtp_url,
                 s.rate, s.burst, s.concurrency);
    q.exec();
    return db_->db().getLastInsertRowid();
  });
  if (r.status().code() == StatusCode::kAlreadyExists)
    return Status::AlreadyExists("a sender named '" + s.name + "' already exists");
  return r;
}

Result<Sender> SqliteStore::GetSender(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading sender", [&]() -> Result<Sender> {
    static const std::string sql = std::string("SELECT ") + kSenderColumns + " FROM senders WHERE id = ?";
    auto& q = db_->Prepare(sql.c_str());
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("sender " + std::to_string(id) + " not found");
    return ReadSenderRow(q);
  });
}

Result<Sender> SqliteStore::FindSender(std::string_view name) {
  SqliteSession session(mu_, *db_);
  return Guard("reading sender", [&]() -> Result<Sender> {
    static const std::string sql = std::string("SELECT ") + kSenderColumns + " FROM senders WHERE name = ?";
    auto& q = db_->Prepare(sql.c_str());
    q.bind(1, std::string(name));
    if (!q.executeStep()) return Status::NotFound("sender '" + std::string(name) + "' not found");
    return ReadSenderRow(q);
  });
}

Result<std::vector<Sender>> SqliteStore::ListSenders() {
  SqliteSession session(mu_, *db_);
  return Guard("listing senders", [&]() -> Result<std::vector<Sender>> {
    static const std::string sql = std::string("SELECT ") + kSenderColumns + " FROM senders ORDER BY id";
    auto& q = db_->Prepare(sql.c_str());
    std::vector<Sender> out;
    while (q.executeStep()) out.push_back(ReadSenderRow(q));
    return out;
  });
}

Status SqliteStore::PauseSender(int64_t sender_id, Timestamp until) {
  SqliteSession session(mu_, *db_);
  return Guard("pausing sender", [&]() -> Status {
    auto& q = db_->Prepare("UPDATE senders SET paused_until = MAX(paused_until, ?) WHERE id = ?");
    SQLite::bind(q, Ms(until), sender_id);
    q.exec();
    return Status::Ok();
  });
}

// ---- Audience -------------------------------------------------------------------------------

static constexpr const char* kListSelect =
    "SELECT l.id, l.name, (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) "
    "FROM lists l WHERE l.name = ?";

static ContactList ReadList(SQLite::Statement& q) {
  return ContactList{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64()};
}

Result<ContactList> SqliteStore::EnsureList(std::string_view name, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("creating list", [&]() -> Result<ContactList> {
    auto& ins = db_->Prepare("INSERT INTO lists (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
    SQLite::bind(ins, std::string(name), Ms(now));
    ins.exec();
    auto& q = db_->Prepare(kListSelect);
    q.bind(1, std::string(name));
    q.executeStep();
    return ReadList(q);
  });
}

Result<ContactList> SqliteStore::FindList(std::string_view name) {
  SqliteSession session(mu_, *db_);
  return Guard("reading list", [&]() -> Result<ContactList> {
    auto& q = db_->Prepare(kListSelect);
    q.bind(1, std::string(name));
    if (!q.executeStep()) return Status::NotFound("list '" + std::string(name) + "' not found");
    return ReadList(q);
  });
}

Result<ImportCounts> SqliteStore::ImportContacts(int64_t list_id, std::span<const ContactRecord> rows,
                                                 Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("importing contacts", [&]() -> Result<ImportCounts> {
    SqliteTx tx(*db_);
    ImportCounts counts;
    for (const auto& row : rows) {
      // Match an existing contact by e-mail first, then by chat id.
      auto& find = db_->Prepare(
          "SELECT id FROM contacts WHERE (?1 <> '' AND email = ?1) OR (?2 <> '' AND chat_id = ?2) "
          "ORDER BY (email = ?1) DESC LIMIT 1");
      SQLite::bind(find, row.email, row.chat_id);
      int64_t id = 0;
      if (find.executeStep()) id = find.getColumn(0).getInt64();
      find.reset();
      if (id == 0) {
        auto& ins = db_->Prepare(
            "INSERT INTO contacts (email, chat_id, name, fields, created_at, updated_at) "
            "VALUES (NULLIF(?1, ''), NULLIF(?2, ''), ?3, ?4, ?5, ?5)");
        SQLite::bind(ins, row.email, row.chat_id, row.name, row.fields_json, Ms(now));
        ins.exec();
        id = db_->db().getLastInsertRowid();
        ++counts.created;
      } else {
        auto& upd = db_->Prepare(
            "UPDATE contacts SET name = ?2, fields = ?3, updated_at = ?4, "
            "email = COALESCE(email, NULLIF(?5, '')), chat_id = COALESCE(chat_id, NULLIF(?6, '')) "
            "WHERE id = ?1");
        SQLite::bind(upd, id, row.name, row.fields_json, Ms(now), row.email, row.chat_id);
        upd.exec();
        ++counts.updated;
      }
      auto& mem = db_->Prepare(
          "INSERT INTO list_members (list_id, contact_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
      SQLite::bind(mem, list_id, id);
      counts.added_to_list += mem.exec();
    }
    tx.Commit();
    return counts;
  });
}

// ---- Campaigns ------------------------------------------------------------------------------

static constexpr const char* kCampaignSelect =
    "SELECT " PREGON_SQLITE_CAMPAIGN_COLUMNS " FROM campaigns WHERE id = ?";

static std::optional<Timestamp> OptionalTime(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return FromUnixMillis(c.getInt64());
}

Campaign SqliteStore::ReadCampaignRow(SQLite::Statement& q) {
  Campaign c;
  c.id = q.getColumn(0).getInt64();
  c.name = q.getColumn(1).getString();
  c.sender_id = q.getColumn(2).getInt64();
  c.list_id = q.getColumn(3).getInt64();
  c.subject = q.getColumn(4).getString();
  c.text_body = q.getColumn(5).getString();
  c.html_body = q.getColumn(6).getString();
  c.reply_to = q.getColumn(7).getString();
  c.status = ParseCampaignStatus(q.getColumn(8).getString()).value();
  c.throttle.batch_size = q.getColumn(9).getInt();
  c.throttle.batch_pause = Millis(q.getColumn(10).getInt64());
  c.throttle.rate = q.getColumn(11).getDouble();
  c.throttle.max_attempts = q.getColumn(12).getInt();
  c.guarantee = ParseDeliveryGuarantee(q.getColumn(13).getString()).value();
  c.window.start_minute = q.getColumn(14).getInt();
  c.window.end_minute = q.getColumn(15).getInt();
  c.window.time_zone = q.getColumn(16).getString();
  c.scheduled_at = OptionalTime(q.getColumn(17));
  c.started_at = OptionalTime(q.getColumn(18));
  c.completed_at = OptionalTime(q.getColumn(19));
  c.created_at = FromUnixMillis(q.getColumn(20).getInt64());
  c.post_reports_status = q.getColumn(21).getString();
  c.parse_mode = q.getColumn(22).getString();
  c.template_id = q.getColumn(23).getString();
  return c;
}

void SqliteStore::BindCampaignFields(SQLite::Statement& q, const Campaign& c) {
  SQLite::bind(q, c.name, c.sender_id, c.list_id, c.subject, c.text_body, c.html_body, c.reply_to,
               std::string(CampaignStatusName(c.status)), c.throttle.batch_size,
               static_cast<int64_t>(c.throttle.batch_pause.count()), c.throttle.rate,
               c.throttle.max_attempts, std::string(DeliveryGuaranteeName(c.guarantee)),
               c.window.start_minute, c.window.end_minute, c.window.time_zone);
  if (c.scheduled_at) q.bind(17, Ms(*c.scheduled_at)); else q.bind(17);
}

Result<int64_t> SqliteStore::CreateCampaign(const Campaign& c, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("creating campaign", [&]() -> Result<int64_t> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "INSERT INTO campaigns (name, sender_id, list_id, subject, text_body, html_body, reply_to, "
        "status, batch_size, batch_pause_ms, rate, max_attempts, guarantee, window_start, "
        "window_end, time_zone, scheduled_at, created_at, updated_at, parse_mode, template_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    BindCampaignFields(q, c);
    q.bind(18, Ms(now));
    q.bind(19, Ms(now));
    q.bind(20, c.parse_mode);
    q.bind(21, c.template_id);
    q.exec();
    int64_t id = db_->db().getLastInsertRowid();
    InsertAttachments(id, c.attachments);
    InsertEvent(id, now, "created", events::Created(c.status));
    tx.Commit();
    return id;
  });
}

void SqliteStore::InsertAttachments(int64_t campaign_id, const std::vector<Attachment>& attachments) {
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
  return Guard("reading campaign", [&]() -> Result<Campaign> {
    auto& q = db_->Prepare(kCampaignSelect);
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("campaign " + std::to_string(id) + " not found");
    Campaign c = ReadCampaignRow(q);
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
      a.content.assign(static_cast<const char*>(blob.getBlob()), static_cast<size_t>(blob.getBytes()));
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Attachment>> SqliteStore::GetAttachments(int64_t campaign_id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading attachments", [&]() -> Result<std::vector<Attachment>> {
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
  if (!q.executeStep()) throw std::runtime_error("campaign " + std::to_string(campaign_id) + " vanished");
  auto s = ParseCampaignStatus(q.getColumn(0).getString()).value();
  q.reset();
  return s;
}

Result<CampaignStatus> SqliteStore::ApplyCampaignAction(int64_t id, CampaignAction action,
                                                        Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("updating campaign", [&]() -> Result<CampaignStatus> {
    SqliteTx tx(*db_);
    auto& get = db_->Prepare("SELECT status FROM campaigns WHERE id = ?");
    get.bind(1, id);
    if (!get.executeStep()) return Status::NotFound("campaign " + std::to_string(id) + " not found");
    auto from = ParseCampaignStatus(get.getColumn(0).getString()).value();
    get.reset();
    auto to = ApplyAction(from, action);
    if (!to.ok()) return to.status().WithContext("campaign " + std::to_string(id));
    auto& upd = db_->Prepare(
        "UPDATE campaigns SET status = ?, updated_at = ?, "
        "completed_at = CASE WHEN ? THEN ? ELSE completed_at END WHERE id = ?");
    bool final_now = IsFinal(*to);
    SQLite::bind(upd, std::string(CampaignStatusName(*to)), Ms(now), final_now ? 1 : 0, Ms(now), id);
    upd.exec();
    if (*to == CampaignStatus::kCancelled) {
      // Nothing of a cancelled campaign may be claimed again; leased ranges are given back by
      // their workers (RenewLease tells them), or by lease rescue.
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
  return Guard("reading counters", [&]() -> Result<Counters> {
    auto& q = db_->Prepare(
        "SELECT COALESCE(SUM(pending),0), COALESCE(SUM(in_flight),0), COALESCE(SUM(sent),0), "
        "COALESCE(SUM(failed),0), COALESCE(SUM(unavailable),0), COALESCE(SUM(suppressed),0), "
        "COALESCE(SUM(unknown),0) FROM ranges WHERE campaign_id = ?");
    q.bind(1, campaign_id);
    q.executeStep();
    Counters c;
    c.pending = q.getColumn(0).getInt64();
    c.in_flight = q.getColumn(1).getInt64();
    c.sent = q.getColumn(2).getInt64();
    c.failed = q.getColumn(3).getInt64();
    c.unavailable = q.getColumn(4).getInt64();
    c.suppressed = q.getColumn(5).getInt64();
    c.unknown = q.getColumn(6).getInt64();
    return c;
  });
}

Status SqliteStore::DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                                  Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("deferring campaign", [&]() -> Status {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare("UPDATE campaigns SET not_before = ?1 WHERE id = ?2 AND not_before < ?1");
    SQLite::bind(q, Ms(until), campaign_id);
    if (q.exec() > 0) InsertEvent(campaign_id, now, "waiting", reason);
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::vector<int64_t>> SqliteStore::CampaignIdsWithStatus(CampaignStatus status, int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing campaigns", [&]() -> Result<std::vector<int64_t>> {
    auto& q = db_->Prepare("SELECT id FROM campaigns WHERE status = ? ORDER BY id LIMIT ?");
    SQLite::bind(q, std::string(CampaignStatusName(status)), limit);
    std::vector<int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    return ids;
  });
}

Result<std::vector<int64_t>> SqliteStore::PromoteDueScheduled(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("promoting scheduled campaigns", [&]() -> Result<std::vector<int64_t>> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "UPDATE campaigns SET status = 'queued', updated_at = ?1 "
        "WHERE status = 'scheduled' AND scheduled_at <= ?1 RETURNING id");
    q.bind(1, Ms(now));
    std::vector<int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    for (auto id : ids) InsertEvent(id, now, "queued", "scheduled time reached");
    tx.Commit();
    return ids;
  });
}

// ---- Events ---------------------------------------------------------------------------------

void SqliteStore::InsertEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                              std::string_view message) {
  auto& q = db_->Prepare("INSERT INTO campaign_events (campaign_id, ts, kind, message) VALUES (?,?,?,?)");
  SQLite::bind(q, campaign_id, Ms(ts), std::string(kind), std::string(message));
  q.exec();
}

Status SqliteStore::AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                                std::string_view message) {
  SqliteSession session(mu_, *db_);
  return Guard("logging event", [&]() -> Status {
    InsertEvent(campaign_id, ts, kind, message);
    return Status::Ok();
  });
}

Result<std::vector<CampaignEvent>> SqliteStore::ListEvents(int64_t campaign_id, int64_t after_id,
                                                           int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("listing events", [&]() -> Result<std::vector<CampaignEvent>> {
    auto& q = db_->Prepare(
        "SELECT id, ts, kind, message FROM campaign_events WHERE campaign_id = ? AND id > ? "
        "ORDER BY id LIMIT ?");
    SQLite::bind(q, campaign_id, after_id, limit);
    std::vector<CampaignEvent> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), campaign_id, FromUnixMillis(q.getColumn(1).getInt64()),
                     q.getColumn(2).getString(), q.getColumn(3).getString()});
    }
    return out;
  });
}

}  // namespace pregon::store

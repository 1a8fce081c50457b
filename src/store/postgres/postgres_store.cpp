// PostgresStore: opening, schema, senders, audience, events and coordination between nodes.
// Campaigns and suppressions: postgres_campaigns.cpp. Leases: postgres_work.cpp.
#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <cctype>

#include "store/migration.h"
#include "store/postgres/pg_rows.h"

namespace pregon::store {

namespace postgres {
extern const std::vector<Migration> kMigrations;  // generated from migrations/postgres/*.sql
}

// ---- Opening --------------------------------------------------------------------------------

// The NOTIFY channel of the schema the connection works in: nodes sharing a schema share
// announcements, other pregon instances in the same database do not hear them.
static std::string WorkChannelFor(std::string schema) {
  for (char& ch : schema)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return "pregon_work_" + schema;
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresOptions& options) {
  PREGON_ASSIGN_OR_RETURN(auto session, PgSession::Open(options));
  auto schema = session->Transact("reading the current schema", [](PgTx& tx) -> Result<std::string> {
    static const char* kSql = "SELECT current_schema()";
    auto r = tx.Exec(kSql);
    if (r[0][0].is_null())
      return Status::FailedPrecondition("the connection has no current schema (check search_path)");
    return r[0][0].as<std::string>();
  });
  if (!schema.ok()) return schema.status();
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(session), WorkChannelFor(*schema)));
}

PostgresStore::PostgresStore(std::unique_ptr<PgSession> session, std::string work_channel)
    : session_(std::move(session)), work_channel_(std::move(work_channel)) {}

// ---- Schema ---------------------------------------------------------------------------------

int PostgresStore::LatestSchemaVersion() const {
  int latest = 0;
  for (const auto& m : postgres::kMigrations) latest = std::max(latest, m.version);
  return latest;
}

Result<int> PostgresStore::SchemaVersion() {
  return session_->Transact("reading the schema version", [](PgTx& tx) -> Result<int> {
    static const char* kExists = "SELECT to_regclass('schema_migrations') IS NOT NULL";
    if (!tx.Exec(kExists)[0][0].as<bool>()) return 0;
    static const char* kMax = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
    return tx.Exec(kMax)[0][0].as<int>();
  });
}

Status PostgresStore::Migrate() {
  return session_->Transact("migrating", [&](PgTx& tx) -> Status {
    // Held until this transaction ends: nodes migrating at once take turns, and the second
    // finds the schema current. Keyed by schema, so other instances in the database do not wait.
    static const char* kLock =
        "SELECT pg_advisory_xact_lock(hashtext('pregon.migrate.' || current_schema()))";
    tx.Exec(kLock);
    tx.ExecOnce(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    static const char* kMax = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
    int current = tx.Exec(kMax)[0][0].as<int>();
    int latest = LatestSchemaVersion();
    if (current > latest)
      return Status::FailedPrecondition(
          "the database schema (version " + std::to_string(current) +
          ") is newer than this pregon (" + std::to_string(latest) + "): upgrade pregon");
    for (const auto& m : postgres::kMigrations) {
      if (m.version <= current) continue;
      tx.ExecOnce(m.sql);
      static const char* kRecord =
          "INSERT INTO schema_migrations (version, name, applied_at) "
          "VALUES ($1, $2, (extract(epoch FROM now()) * 1000)::bigint)";
      tx.Exec(kRecord, m.version, std::string(m.name));
    }
    return Status::Ok();
  });
}

// ---- Senders --------------------------------------------------------------------------------

#define PREGON_SENDER_COLUMNS                                                                \
  "id, name, kind, base_url, api_key, auth_scheme, account_id, from_email, from_name, "    \
  "bot_token, smtp_url, rate, burst, concurrency"

static Sender ReadSender(const pqxx::row& r) {
  Sender s;
  s.id = r[0].as<int64_t>();
  s.name = r[1].as<std::string>();
  s.kind = ParseChannelKind(r[2].as<std::string>()).value();
  s.base_url = r[3].as<std::string>();
  s.api_key = r[4].as<std::string>();
  s.auth_scheme = r[5].as<std::string>();
  s.account_id = r[6].as<std::string>();
  s.from_email = r[7].as<std::string>();
  s.from_name = r[8].as<std::string>();
  s.bot_token = r[9].as<std::string>();
  s.smtp_url = r[10].as<std::string>();
  s.rate = r[11].as<double>();
  s.burst = r[12].as<int>();
  s.concurrency = r[13].as<int>();
  return s;
}

Result<int64_t> PostgresStore::CreateSender(const Sender& s) {
  auto r = session_->Transact("creating sender", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSql =
        "INSERT INTO senders (name, kind, base_url, api_key, auth_scheme, account_id, from_email, "
        "from_name, bot_token, smtp_url, rate, burst, concurrency, created_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, "
        "(extract(epoch FROM now()) * 1000)::bigint) RETURNING id";
    return tx.Exec(kSql, s.name, std::string(ChannelKindName(s.kind)), s.base_url, s.api_key,
                   s.auth_scheme, s.account_id, s.from_email, s.from_name, s.bot_token, s.smtp_url,
                   s.rate, s.burst, s.concurrency)[0][0]
        .as<int64_t>();
  });
  if (r.status().code() == StatusCode::kAlreadyExists)
    return Status::AlreadyExists("a sender named '" + s.name + "' already exists");
  return r;
}

Result<Sender> PostgresStore::GetSender(int64_t id) {
  return session_->Transact("reading sender", [&](PgTx& tx) -> Result<Sender> {
    static const char* kSql = "SELECT " PREGON_SENDER_COLUMNS " FROM senders WHERE id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("sender " + std::to_string(id) + " not found");
    return ReadSender(r[0]);
  });
}

Result<Sender> PostgresStore::FindSender(std::string_view name) {
  return session_->Transact("reading sender", [&](PgTx& tx) -> Result<Sender> {
    static const char* kSql = "SELECT " PREGON_SENDER_COLUMNS " FROM senders WHERE name = $1";
    auto r = tx.Exec(kSql, std::string(name));
    if (r.empty()) return Status::NotFound("sender '" + std::string(name) + "' not found");
    return ReadSender(r[0]);
  });
}

Result<std::vector<Sender>> PostgresStore::ListSenders() {
  return session_->Transact("listing senders", [&](PgTx& tx) -> Result<std::vector<Sender>> {
    static const char* kSql = "SELECT " PREGON_SENDER_COLUMNS " FROM senders ORDER BY id";
    std::vector<Sender> out;
    for (const auto& row : tx.Exec(kSql)) out.push_back(ReadSender(row));
    return out;
  });
}

Status PostgresStore::PauseSender(int64_t sender_id, Timestamp until) {
  return session_->Transact("pausing sender", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE senders SET paused_until = GREATEST(paused_until, $1) WHERE id = $2";
    tx.Exec(kSql, Ms(until), sender_id);
    return Status::Ok();
  });
}

// ---- Audience -------------------------------------------------------------------------------

static constexpr const char* kListSelect =
    "SELECT l.id, l.name, (SELECT COUNT(*) FROM list_members m WHERE m.list_id = l.id) "
    "FROM lists l WHERE l.name = $1";

static ContactList ReadList(const pqxx::row& r) {
  return ContactList{r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<int64_t>()};
}

Result<ContactList> PostgresStore::EnsureList(std::string_view name, Timestamp now) {
  return session_->Transact("creating list", [&](PgTx& tx) -> Result<ContactList> {
    static const char* kInsert =
        "INSERT INTO lists (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING";
    tx.Exec(kInsert, std::string(name), Ms(now));
    return ReadList(tx.Exec(kListSelect, std::string(name))[0]);
  });
}

Result<ContactList> PostgresStore::FindList(std::string_view name) {
  return session_->Transact("reading list", [&](PgTx& tx) -> Result<ContactList> {
    auto r = tx.Exec(kListSelect, std::string(name));
    if (r.empty()) return Status::NotFound("list '" + std::string(name) + "' not found");
    return ReadList(r[0]);
  });
}

Result<ImportCounts> PostgresStore::ImportContacts(int64_t list_id,
                                                   std::span<const ContactRecord> rows,
                                                   Timestamp now) {
  return session_->Transact("importing contacts", [&](PgTx& tx) -> Result<ImportCounts> {
    // One round trip per row: match an existing contact by e-mail first, then by chat id;
    // update or insert it; add it to the list.
    static const char* kUpsert =
        "WITH found AS ("
        "  SELECT id FROM contacts WHERE ($1 <> '' AND email = $1) OR ($2 <> '' AND chat_id = $2)"
        "  ORDER BY (email IS NOT DISTINCT FROM $1) DESC LIMIT 1),"
        " upd AS ("
        "  UPDATE contacts SET name = $3, fields = $4, updated_at = $5,"
        "   email = COALESCE(email, NULLIF($1, '')), chat_id = COALESCE(chat_id, NULLIF($2, ''))"
        "  WHERE id = (SELECT id FROM found) RETURNING id),"
        " ins AS ("
        "  INSERT INTO contacts (email, chat_id, name, fields, created_at, updated_at)"
        "  SELECT NULLIF($1, ''), NULLIF($2, ''), $3, $4, $5, $5"
        "  WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id),"
        " mem AS ("
        "  INSERT INTO list_members (list_id, contact_id)"
        "  SELECT $6, id FROM (SELECT id FROM upd UNION ALL SELECT id FROM ins) x"
        "  ON CONFLICT DO NOTHING RETURNING 1)"
        " SELECT (SELECT COUNT(*) FROM ins), (SELECT COUNT(*) FROM mem)";
    ImportCounts counts;
    for (const auto& row : rows) {
      auto r = tx.Exec(kUpsert, row.email, row.chat_id, row.name, row.fields_json, Ms(now), list_id);
      int64_t created = r[0][0].as<int64_t>();
      counts.created += created;
      counts.updated += 1 - created;
      counts.added_to_list += r[0][1].as<int64_t>();
    }
    return counts;
  });
}

Result<Contact> PostgresStore::FindContact(std::string_view email_or_chat_id) {
  return session_->Transact("finding contact", [&](PgTx& tx) -> Result<Contact> {
    static const char* kSql =
        "SELECT id, COALESCE(email, ''), COALESCE(chat_id, ''), name, fields FROM contacts "
        "WHERE email = lower(trim($1)) OR chat_id = trim($1) "
        "ORDER BY (email IS NOT DISTINCT FROM lower(trim($1))) DESC LIMIT 1";
    auto r = tx.Exec(kSql, std::string(email_or_chat_id));
    if (r.empty())
      return Status::NotFound("no contact with e-mail or chat id '" + std::string(email_or_chat_id) + "'");
    return Contact{r[0][0].as<int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                   r[0][3].as<std::string>(), r[0][4].as<std::string>()};
  });
}

Result<std::vector<std::string>> PostgresStore::ListFieldNames(int64_t list_id) {
  return session_->Transact("listing field names", [&](PgTx& tx) -> Result<std::vector<std::string>> {
    static const char* kSql =
        "SELECT DISTINCT k COLLATE \"C\" FROM list_members m JOIN contacts c ON c.id = m.contact_id, "
        "LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(c.fields::jsonb) = 'object' "
        "  THEN c.fields::jsonb ELSE '{}'::jsonb END) AS k "
        "WHERE m.list_id = $1 ORDER BY 1";
    std::vector<std::string> out;
    for (const auto& row : tx.Exec(kSql, list_id)) out.push_back(row[0].as<std::string>());
    return out;
  });
}

// ---- Events ---------------------------------------------------------------------------------

void PostgresStore::InsertEvent(PgTx& tx, int64_t campaign_id, Timestamp ts, std::string_view kind,
                                std::string_view message) {
  static const char* kSql =
      "INSERT INTO campaign_events (campaign_id, ts, kind, message) VALUES ($1, $2, $3, $4)";
  tx.Exec(kSql, campaign_id, Ms(ts), std::string(kind), std::string(message));
}

Status PostgresStore::AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                                  std::string_view message) {
  return session_->Transact("logging event", [&](PgTx& tx) -> Status {
    InsertEvent(tx, campaign_id, ts, kind, message);
    return Status::Ok();
  });
}

Result<std::vector<CampaignEvent>> PostgresStore::ListEvents(int64_t campaign_id, int64_t after_id,
                                                             int limit) {
  return session_->Transact("listing events", [&](PgTx& tx) -> Result<std::vector<CampaignEvent>> {
    static const char* kSql =
        "SELECT id, ts, kind, message FROM campaign_events WHERE campaign_id = $1 AND id > $2 "
        "ORDER BY id LIMIT $3";
    std::vector<CampaignEvent> out;
    for (const auto& r : tx.Exec(kSql, campaign_id, after_id, limit))
      out.push_back({r[0].as<int64_t>(), campaign_id, FromUnixMillis(r[1].as<int64_t>()),
                     r[2].as<std::string>(), r[3].as<std::string>()});
    return out;
  });
}

// ---- Coordination between nodes ---------------------------------------------------------

void PostgresStore::AnnounceWork(PgTx& tx) const {
  static const char* kSql = "SELECT pg_notify($1, '')";
  tx.Exec(kSql, work_channel_);
}

Result<bool> PostgresStore::AcquireSchedulerLeadership(std::string_view owner, Timestamp now,
                                                       Millis ttl) {
  return session_->Transact("taking the scheduler leadership", [&](PgTx& tx) -> Result<bool> {
    // Take the row when it is free, ours, or expired; otherwise change nothing.
    static const char* kSql =
        "INSERT INTO scheduler_leader (id, owner, lease_until) VALUES (1, $1, $2) "
        "ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until "
        "WHERE scheduler_leader.owner = EXCLUDED.owner OR scheduler_leader.lease_until < $3 "
        "RETURNING owner";
    return !tx.Exec(kSql, std::string(owner), Ms(now + ttl), Ms(now)).empty();
  });
}

Result<bool> PostgresStore::WaitForWork(Millis timeout) {
  std::lock_guard lock(listen_mu_);
  try {
    if (!listener_) listener_ = std::make_unique<PgListener>(session_->options().url, work_channel_);
    return listener_->Wait(timeout);
  } catch (const std::exception& e) {
    listener_.reset();  // a fresh connection (and LISTEN) next time
    return Status::Transient("waiting for work announcements from PostgreSQL at '" +
                             RedactUrl(session_->options().url) + "': " + e.what());
  }
}

}  // namespace pregon::store

// SqliteStore: senders (SenderStore).
#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<int64_t> SqliteStore::CreateSender(const Sender& s) {
  SqliteSession session(mu_, *db_);
  auto r = Guard("creating sender", [&]() REQUIRES(mu_) -> Result<int64_t> {
    auto& q = db_->Prepare(
        "INSERT INTO senders (name, kind, base_url, api_key, auth_scheme, account_id, from_email, "
        "from_name, bot_token, smtp_url, rate, burst, concurrency, time_zone, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?, strftime('%s','now') * 1000)");
    SQLite::bind(q, s.name, std::string(ChannelKindName(s.kind)), s.base_url, s.api_key,
                 s.auth_scheme, s.account_id, s.from_email, s.from_name, s.bot_token, s.smtp_url,
                 s.rate, s.burst, s.concurrency, s.time_zone);
    q.exec();
    return db_->db().getLastInsertRowid();
  });
  if (r.status().code() == StatusCode::kAlreadyExists)
    return Status::AlreadyExists("a sender named '" + s.name + "' already exists");
  return r;
}

Result<Sender> SqliteStore::GetSender(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading sender", [&]() REQUIRES(mu_) -> Result<Sender> {
    auto& q = db_->Prepare("SELECT " PREGON_SENDER_COLUMNS " FROM senders WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("sender " + std::to_string(id) + " not found");
    return ReadSender(SqliteRow(q));
  });
}

Result<Sender> SqliteStore::FindSender(std::string_view name) {
  SqliteSession session(mu_, *db_);
  return Guard("reading sender", [&]() REQUIRES(mu_) -> Result<Sender> {
    auto& q = db_->Prepare("SELECT " PREGON_SENDER_COLUMNS " FROM senders WHERE name = ?");
    q.bind(1, std::string(name));
    if (!q.executeStep()) return Status::NotFound("sender '" + std::string(name) + "' not found");
    return ReadSender(SqliteRow(q));
  });
}

Result<std::vector<Sender>> SqliteStore::ListSenders() {
  SqliteSession session(mu_, *db_);
  return Guard("listing senders", [&]() REQUIRES(mu_) -> Result<std::vector<Sender>> {
    auto& q = db_->Prepare("SELECT " PREGON_SENDER_COLUMNS " FROM senders ORDER BY id");
    std::vector<Sender> out;
    while (q.executeStep()) out.push_back(ReadSender(SqliteRow(q)));
    return out;
  });
}

}  // namespace pregon::store

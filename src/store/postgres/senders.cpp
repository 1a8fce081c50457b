// PostgresStore: senders (SenderStore).
#include "store/common/row_readers.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Result<int64_t> PostgresStore::CreateSender(const Sender& s) {
  auto r = session_->Transact("creating sender", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSql =
        "INSERT INTO senders (name, kind, base_url, api_key, auth_scheme, account_id, from_email, "
        "from_name, bot_token, smtp_url, rate, burst, concurrency, time_zone, created_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14, "
        "(extract(epoch FROM now()) * 1000)::bigint) RETURNING id";
    return tx
        .Exec(kSql, s.name, std::string(ChannelKindName(s.kind)), s.base_url, s.api_key,
              s.auth_scheme, s.account_id, s.from_email, s.from_name, s.bot_token, s.smtp_url,
              s.rate, s.burst, s.concurrency, s.time_zone)[0][0]
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
    return ReadSender(PgRow(r[0]));
  });
}

Result<Sender> PostgresStore::FindSender(std::string_view name) {
  return session_->Transact("reading sender", [&](PgTx& tx) -> Result<Sender> {
    static const char* kSql = "SELECT " PREGON_SENDER_COLUMNS " FROM senders WHERE name = $1";
    auto r = tx.Exec(kSql, std::string(name));
    if (r.empty()) return Status::NotFound("sender '" + std::string(name) + "' not found");
    return ReadSender(PgRow(r[0]));
  });
}

Result<std::vector<Sender>> PostgresStore::ListSenders() {
  return session_->Transact("listing senders", [&](PgTx& tx) -> Result<std::vector<Sender>> {
    static const char* kSql = "SELECT " PREGON_SENDER_COLUMNS " FROM senders ORDER BY id";
    std::vector<Sender> out;
    for (const auto& row : tx.Exec(kSql)) out.push_back(ReadSender(PgRow(row)));
    return out;
  });
}

}  // namespace pregon::store

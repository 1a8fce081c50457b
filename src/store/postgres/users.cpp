// PostgresStore: users, API tokens and sessions (UserStore).
#include <string>

#include "store/common/row_readers.h"
#include "store/common/store_errors.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Result<int64_t> PostgresStore::CreateUser(const User& user) {
  auto r = session_->Transact("creating user", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSql =
        "INSERT INTO users (username, role, password_hash, created_at) VALUES ($1, $2, $3, $4) "
        "RETURNING id";
    return tx
        .Exec(kSql, user.username, std::string(RoleName(user.role)), user.password_hash,
              Ms(user.created_at))[0][0]
        .as<int64_t>();
  });
  if (r.status().code() == StatusCode::kAlreadyExists)
    return Status::AlreadyExists("a user named '" + user.username + "' already exists");
  return r;
}

Result<User> PostgresStore::GetUser(int64_t id) {
  return session_->Transact("reading user", [&](PgTx& tx) -> Result<User> {
    static const char* kSql = "SELECT " PREGON_USER_COLUMNS " FROM users u WHERE u.id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return Status::NotFound("user " + std::to_string(id) + " not found");
    return ReadUser(PgRow(r[0]));
  });
}

Result<User> PostgresStore::FindUser(std::string_view username) {
  return session_->Transact("reading user", [&](PgTx& tx) -> Result<User> {
    static const char* kSql = "SELECT " PREGON_USER_COLUMNS " FROM users u WHERE u.username = $1";
    auto r = tx.Exec(kSql, std::string(username));
    if (r.empty()) return Status::NotFound("user '" + std::string(username) + "' not found");
    return ReadUser(PgRow(r[0]));
  });
}

Result<std::vector<User>> PostgresStore::ListUsers() {
  return session_->Transact("listing users", [&](PgTx& tx) -> Result<std::vector<User>> {
    // COLLATE "C": byte order, as SQLite compares text, whatever the database's locale.
    static const char* kSql =
        "SELECT " PREGON_USER_COLUMNS " FROM users u ORDER BY u.username COLLATE \"C\"";
    std::vector<User> out;
    for (const auto& r : tx.Exec(kSql)) out.push_back(ReadUser(PgRow(r)));
    return out;
  });
}

Result<int64_t> PostgresStore::CreateApiToken(const ApiToken& t) {
  return session_->Transact("creating API token", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kUser = "SELECT 1 FROM users WHERE id = $1";
    if (tx.Exec(kUser, t.user_id).empty())
      return Status::NotFound("user " + std::to_string(t.user_id) + " not found");
    static const char* kSql =
        "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) "
        "VALUES ($1, $2, $3, $4, $5) RETURNING id";
    return tx.Exec(kSql, t.user_id, t.name, t.prefix, t.token_hash, Ms(t.created_at))[0][0]
        .as<int64_t>();
  });
}

Result<User> PostgresStore::FindUserByToken(std::string_view token_hash) {
  return session_->Transact("checking API token", [&](PgTx& tx) -> Result<User> {
    static const char* kSql = "SELECT " PREGON_USER_COLUMNS
                              " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                              "WHERE t.token_hash = $1 AND t.revoked_at IS NULL";
    auto r = tx.Exec(kSql, std::string(token_hash));
    if (r.empty()) return Status::NotFound("unknown or revoked API token");
    return ReadUser(PgRow(r[0]));
  });
}

Result<std::vector<ApiToken>> PostgresStore::ListApiTokens(std::optional<int64_t> user_id) {
  return session_->Transact("listing API tokens", [&](PgTx& tx) -> Result<std::vector<ApiToken>> {
    static const char* kSql =
        "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.revoked_at "
        "FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE ($1::bigint = 0 OR t.user_id = $1::bigint) ORDER BY t.id DESC";
    std::vector<ApiToken> out;
    for (const auto& r : tx.Exec(kSql, user_id.value_or(0))) {
      ApiToken t;
      t.id = r[0].as<int64_t>();
      t.user_id = r[1].as<int64_t>();
      t.username = r[2].as<std::string>();
      t.name = r[3].as<std::string>();
      t.prefix = r[4].as<std::string>();
      t.created_at = FromUnixMillis(r[5].as<int64_t>());
      t.revoked_at = OptionalTime(r[6]);
      out.push_back(std::move(t));
    }
    return out;
  });
}

Status PostgresStore::RevokeApiToken(int64_t token_id, Timestamp now) {
  return session_->Transact("revoking API token", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2";
    if (tx.Exec(kSql, Ms(now), token_id).affected_rows() == 0)
      return Status::NotFound("API token " + std::to_string(token_id) + " not found");
    return Status::Ok();
  });
}

Status PostgresStore::CreateSession(const Session& s) {
  return session_->Transact("creating session", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "INSERT INTO sessions (id_hash, user_id, csrf_hash, created_at, expires_at) "
        "VALUES ($1, $2, $3, $4, $5)";
    tx.Exec(kSql, s.id_hash, s.user_id, s.csrf_hash, Ms(s.created_at), Ms(s.expires_at));
    return Status::Ok();
  });
}

Result<SessionUser> PostgresStore::FindSession(std::string_view id_hash, Timestamp now) {
  return session_->Transact("reading session", [&](PgTx& tx) -> Result<SessionUser> {
    static const char* kSql = "SELECT " PREGON_USER_COLUMNS
                              ", s.csrf_hash, s.created_at, s.expires_at "
                              "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = "
                              "$1 AND s.expires_at > $2";
    auto r = tx.Exec(kSql, std::string(id_hash), Ms(now));
    if (r.empty()) return Status::NotFound("unknown or expired session");
    SessionUser out;
    out.user = ReadUser(PgRow(r[0]));
    const PgRow row(r[0]);
    out.session = Session{std::string(id_hash), out.user.id, row.Text(kUserColumns),
                          row.Time(kUserColumns + 1), row.Time(kUserColumns + 2)};
    return out;
  });
}

Status PostgresStore::DeleteSession(std::string_view id_hash) {
  return session_->Transact("deleting session", [&](PgTx& tx) -> Status {
    static const char* kSql = "DELETE FROM sessions WHERE id_hash = $1";
    tx.Exec(kSql, std::string(id_hash));
    return Status::Ok();
  });
}

// NotFound for an unknown user.
static Status CheckUserExists(PgTx& tx, int64_t user_id) {
  if (tx.Exec("SELECT 1 FROM users WHERE id = $1", user_id).empty())
    return Status::NotFound("user " + std::to_string(user_id) + " not found");
  return Status::Ok();
}

Result<std::vector<Session>> PostgresStore::ListSessions(int64_t user_id, Timestamp now) {
  return session_->Transact("listing sessions", [&](PgTx& tx) -> Result<std::vector<Session>> {
    PREGON_RETURN_IF_ERROR(CheckUserExists(tx, user_id));
    static const char* kSql = "SELECT " PREGON_SESSION_COLUMNS
                              " FROM sessions s WHERE s.user_id = $1 AND s.expires_at > $2 "
                              "ORDER BY s.created_at DESC, s.id_hash";
    std::vector<Session> out;
    for (const auto& row : tx.Exec(kSql, user_id, Ms(now))) out.push_back(ReadSession(PgRow(row)));
    return out;
  });
}

Result<int64_t> PostgresStore::ChangeUserAccess(int64_t user_id, const UserAccessChange& change) {
  return session_->Transact("changing a user's access", [&](PgTx& tx) -> Result<int64_t> {
    // A role change locks the admins' rows: two demotions at once cannot both see another
    // admin left. A new password or language needs no such lock.
    if (change.role) tx.Exec("SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE");
    PREGON_RETURN_IF_ERROR(CheckUserExists(tx, user_id));
    if (change.role && *change.role != Role::kAdmin) {
      static const char* kLast =
          "SELECT (SELECT role FROM users WHERE id = $1) = 'admin' AND "
          "(SELECT COUNT(*) FROM users WHERE role = 'admin' AND id <> $1) = 0";
      if (tx.Exec(kLast, user_id)[0][0].as<bool>()) return LastAdminError();
    }
    if (change.role)
      tx.Exec("UPDATE users SET role = $2 WHERE id = $1", user_id,
              std::string(RoleName(*change.role)));
    if (change.password_hash)
      tx.Exec("UPDATE users SET password_hash = $2 WHERE id = $1", user_id, *change.password_hash);
    if (change.language)
      tx.Exec("UPDATE users SET language = $2 WHERE id = $1", user_id, *change.language);
    if (!change.end_sessions) return int64_t{0};
    return static_cast<int64_t>(tx.Exec("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2",
                                        user_id, change.keep_session_hash)
                                    .affected_rows());
  });
}

Result<int64_t> PostgresStore::DeleteUserSessions(int64_t user_id) {
  return session_->Transact("ending sessions", [&](PgTx& tx) -> Result<int64_t> {
    PREGON_RETURN_IF_ERROR(CheckUserExists(tx, user_id));
    static const char* kSql = "DELETE FROM sessions WHERE user_id = $1";
    return static_cast<int64_t>(tx.Exec(kSql, user_id).affected_rows());
  });
}

}  // namespace pregon::store

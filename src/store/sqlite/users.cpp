// SqliteStore: users, API tokens and sessions (UserStore).
#include <string>

#include "store/common/row_readers.h"
#include "store/common/store_errors.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<int64_t> SqliteStore::CreateUser(const User& user) {
  SqliteSession session(mu_, *db_);
  auto r = Guard("creating user", [&]() REQUIRES(mu_) -> Result<int64_t> {
    auto& q = db_->Prepare(
        "INSERT INTO users (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)");
    SQLite::bind(q, user.username, std::string(RoleName(user.role)), user.password_hash,
                 Ms(user.created_at));
    q.exec();
    return db_->db().getLastInsertRowid();
  });
  if (r.status().code() == StatusCode::kAlreadyExists)
    return Status::AlreadyExists("a user named '" + user.username + "' already exists");
  return r;
}

Result<User> SqliteStore::GetUser(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading user", [&]() REQUIRES(mu_) -> Result<User> {
    auto& q = db_->Prepare("SELECT " PREGON_USER_COLUMNS " FROM users u WHERE u.id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return Status::NotFound("user " + std::to_string(id) + " not found");
    return ReadUser(SqliteRow(q));
  });
}

Result<User> SqliteStore::FindUser(std::string_view username) {
  SqliteSession session(mu_, *db_);
  return Guard("reading user", [&]() REQUIRES(mu_) -> Result<User> {
    auto& q = db_->Prepare("SELECT " PREGON_USER_COLUMNS " FROM users u WHERE u.username = ?");
    q.bind(1, std::string(username));
    if (!q.executeStep()) return Status::NotFound("user '" + std::string(username) + "' not found");
    return ReadUser(SqliteRow(q));
  });
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  SqliteSession session(mu_, *db_);
  return Guard("listing users", [&]() REQUIRES(mu_) -> Result<std::vector<User>> {
    auto& q = db_->Prepare("SELECT " PREGON_USER_COLUMNS " FROM users u ORDER BY u.username");
    std::vector<User> out;
    while (q.executeStep()) out.push_back(ReadUser(SqliteRow(q)));
    return out;
  });
}

Result<int64_t> SqliteStore::CreateApiToken(const ApiToken& t) {
  SqliteSession session(mu_, *db_);
  return Guard("creating API token", [&]() REQUIRES(mu_) -> Result<int64_t> {
    auto& user = db_->Prepare("SELECT 1 FROM users WHERE id = ?");
    user.bind(1, t.user_id);
    if (!user.executeStep())
      return Status::NotFound("user " + std::to_string(t.user_id) + " not found");
    user.reset();
    auto& q = db_->Prepare(
        "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) VALUES (?, ?, ?, "
        "?, ?)");
    SQLite::bind(q, t.user_id, t.name, t.prefix, t.token_hash, Ms(t.created_at));
    q.exec();
    return db_->db().getLastInsertRowid();
  });
}

Result<User> SqliteStore::FindUserByToken(std::string_view token_hash) {
  SqliteSession session(mu_, *db_);
  return Guard("checking API token", [&]() REQUIRES(mu_) -> Result<User> {
    auto& q = db_->Prepare("SELECT " PREGON_USER_COLUMNS
                           " FROM api_tokens t JOIN users u ON u.id = t.user_id "
                           "WHERE t.token_hash = ? AND t.revoked_at IS NULL");
    q.bind(1, std::string(token_hash));
    if (!q.executeStep()) return Status::NotFound("unknown or revoked API token");
    return ReadUser(SqliteRow(q));
  });
}

Result<std::vector<ApiToken>> SqliteStore::ListApiTokens(std::optional<int64_t> user_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing API tokens", [&]() REQUIRES(mu_) -> Result<std::vector<ApiToken>> {
    auto& q = db_->Prepare(
        "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.revoked_at "
        "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE (?1 = 0 OR t.user_id = ?1) "
        "ORDER BY t.id DESC");
    q.bind(1, user_id.value_or(0));
    std::vector<ApiToken> out;
    while (q.executeStep()) {
      ApiToken t;
      t.id = q.getColumn(0).getInt64();
      t.user_id = q.getColumn(1).getInt64();
      t.username = q.getColumn(2).getString();
      t.name = q.getColumn(3).getString();
      t.prefix = q.getColumn(4).getString();
      t.created_at = FromUnixMillis(q.getColumn(5).getInt64());
      if (!q.getColumn(6).isNull()) t.revoked_at = FromUnixMillis(q.getColumn(6).getInt64());
      out.push_back(std::move(t));
    }
    return out;
  });
}

Status SqliteStore::RevokeApiToken(int64_t token_id, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("revoking API token", [&]() REQUIRES(mu_) -> Status {
    auto& q =
        db_->Prepare("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?");
    SQLite::bind(q, Ms(now), token_id);
    if (q.exec() == 0)
      return Status::NotFound("API token " + std::to_string(token_id) + " not found");
    return Status::Ok();
  });
}

Status SqliteStore::CreateSession(const Session& s) {
  SqliteSession session(mu_, *db_);
  return Guard("creating session", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare(
        "INSERT INTO sessions (id_hash, user_id, csrf_hash, created_at, expires_at) VALUES "
        "(?,?,?,?,?)");
    SQLite::bind(q, s.id_hash, s.user_id, s.csrf_hash, Ms(s.created_at), Ms(s.expires_at));
    q.exec();
    return Status::Ok();
  });
}

Result<SessionUser> SqliteStore::FindSession(std::string_view id_hash, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("reading session", [&]() REQUIRES(mu_) -> Result<SessionUser> {
    auto& q = db_->Prepare("SELECT " PREGON_USER_COLUMNS
                           ", s.csrf_hash, s.created_at, s.expires_at "
                           "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? "
                           "AND s.expires_at > ?");
    SQLite::bind(q, std::string(id_hash), Ms(now));
    if (!q.executeStep()) return Status::NotFound("unknown or expired session");
    SessionUser out;
    out.user = ReadUser(SqliteRow(q));
    const SqliteRow row(q);
    out.session = Session{std::string(id_hash), out.user.id, row.Text(kUserColumns),
                          row.Time(kUserColumns + 1), row.Time(kUserColumns + 2)};
    return out;
  });
}

Status SqliteStore::DeleteSession(std::string_view id_hash) {
  SqliteSession session(mu_, *db_);
  return Guard("deleting session", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare("DELETE FROM sessions WHERE id_hash = ?");
    q.bind(1, std::string(id_hash));
    q.exec();
    return Status::Ok();
  });
}

Result<std::vector<Session>> SqliteStore::ListSessions(int64_t user_id, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("listing sessions", [&]() REQUIRES(mu_) -> Result<std::vector<Session>> {
    PREGON_RETURN_IF_ERROR(CheckUserExists(user_id));
    auto& q = db_->Prepare("SELECT " PREGON_SESSION_COLUMNS
                           " FROM sessions s WHERE s.user_id = ? "
                           "AND s.expires_at > ? ORDER BY s.created_at DESC, s.id_hash");
    SQLite::bind(q, user_id, Ms(now));
    std::vector<Session> out;
    while (q.executeStep()) out.push_back(ReadSession(SqliteRow(q)));
    return out;
  });
}

Result<int64_t> SqliteStore::DeleteUserSessions(int64_t user_id) {
  SqliteSession session(mu_, *db_);
  return Guard("ending sessions", [&]() REQUIRES(mu_) -> Result<int64_t> {
    PREGON_RETURN_IF_ERROR(CheckUserExists(user_id));
    auto& q = db_->Prepare("DELETE FROM sessions WHERE user_id = ?");
    q.bind(1, user_id);
    return static_cast<int64_t>(q.exec());
  });
}

Result<int64_t> SqliteStore::ChangeUserAccess(int64_t user_id, const UserAccessChange& change) {
  SqliteSession session(mu_, *db_);
  return Guard("changing a user's access", [&]() REQUIRES(mu_) -> Result<int64_t> {
    SqliteTx tx(*db_);
    PREGON_RETURN_IF_ERROR(CheckUserExists(user_id));
    if (change.role && *change.role != Role::kAdmin) {
      auto& q = db_->Prepare(
          "SELECT (SELECT role FROM users WHERE id = ?1) = 'admin' AND "
          "(SELECT COUNT(*) FROM users WHERE role = 'admin' AND id <> ?1) = 0");
      q.bind(1, user_id);
      q.executeStep();
      if (q.getColumn(0).getInt() == 1) return LastAdminError();
    }
    if (change.role) {
      auto& q = db_->Prepare("UPDATE users SET role = ? WHERE id = ?");
      SQLite::bind(q, std::string(RoleName(*change.role)), user_id);
      q.exec();
    }
    if (change.password_hash) {
      auto& q = db_->Prepare("UPDATE users SET password_hash = ? WHERE id = ?");
      SQLite::bind(q, *change.password_hash, user_id);
      q.exec();
    }
    if (change.language) {
      auto& q = db_->Prepare("UPDATE users SET language = ? WHERE id = ?");
      SQLite::bind(q, *change.language, user_id);
      q.exec();
    }
    int64_t ended = 0;
    if (change.end_sessions) {
      auto& q = db_->Prepare("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?");
      SQLite::bind(q, user_id, change.keep_session_hash);
      ended = q.exec();
    }
    tx.Commit();
    return ended;
  });
}

Status SqliteStore::CheckUserExists(int64_t user_id) {
  auto& q = db_->Prepare("SELECT 1 FROM users WHERE id = ?");
  q.bind(1, user_id);
  if (!q.executeStep()) return Status::NotFound("user " + std::to_string(user_id) + " not found");
  return Status::Ok();
}

}  // namespace pregon::store

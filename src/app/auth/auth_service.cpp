#include "app/auth/auth_service.h"

#include "app/auth/credentials.h"
#include "core/text.h"

namespace pregon {

namespace {

constexpr std::string_view kSessionPrefix = "pgs_";
constexpr std::string_view kCsrfPrefix = "pgc_";

// Tokens are at most this long: anything longer is not one of ours (and is not hashed).
constexpr size_t kMaxTokenLength = 128;

}  // namespace

Result<User> AuthService::CreateUser(std::string_view username, Role role,
                                     const std::optional<std::string>& password) {
  PREGON_RETURN_IF_ERROR(ValidateUsername(username));
  User u;
  u.username = std::string(username);
  u.role = role;
  u.created_at = clock_.Now();
  if (password) {
    PREGON_RETURN_IF_ERROR(ValidatePassword(*password));
    PREGON_ASSIGN_OR_RETURN(u.password_hash, HashPassword(*password));
  }
  PREGON_ASSIGN_OR_RETURN(u.id, store_.CreateUser(u));
  return u;
}

Result<NewApiToken> AuthService::CreateToken(std::string_view username, std::string_view name) {
  if (name.size() > 200 || HasControlByte(name))
    return Status::InvalidField("name",
                                "must be at most 200 characters, without control characters");
  PREGON_ASSIGN_OR_RETURN(User user, store_.FindUser(username));
  NewApiToken out;
  out.secret = NewSecretToken(kApiTokenPrefix);
  out.token.user_id = user.id;
  out.token.username = user.username;
  out.token.name = std::string(name);
  out.token.prefix = out.secret.substr(0, kApiTokenPrefix.size() + 4);
  out.token.token_hash = HashSecret(out.secret);
  out.token.created_at = clock_.Now();
  PREGON_ASSIGN_OR_RETURN(out.token.id, store_.CreateApiToken(out.token));
  return out;
}

Status AuthService::RevokeToken(int64_t token_id, bool end_sessions) {
  PREGON_RETURN_IF_ERROR(store_.RevokeApiToken(token_id, clock_.Now()));
  if (!end_sessions) return Status::Ok();
  PREGON_ASSIGN_OR_RETURN(auto tokens, store_.ListApiTokens(std::nullopt));
  for (const ApiToken& t : tokens)
    if (t.id == token_id) return store_.DeleteUserSessions(t.user_id).status();
  return Status::Internal("revoked API token " + std::to_string(token_id) + " has no owner");
}

Result<std::vector<Session>> AuthService::Sessions(int64_t user_id) {
  return store_.ListSessions(user_id, clock_.Now());
}

Result<int64_t> AuthService::EndSessions(int64_t user_id) {
  return store_.DeleteUserSessions(user_id);
}

Status AuthService::ChangeRole(int64_t user_id, Role role) {
  return store_.ChangeUserAccess(user_id, {.role = role}).status();
}

Result<int64_t> AuthService::SetPassword(int64_t user_id, std::string_view password,
                                         std::string_view keep_session_id) {
  PREGON_RETURN_IF_ERROR(ValidatePassword(password));
  PREGON_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return store_.ChangeUserAccess(
      user_id, {.password_hash = std::move(hash),
                .end_sessions = true,
                .keep_session_hash = keep_session_id.empty() ? "" : HashSecret(keep_session_id)});
}

Result<int64_t> AuthService::ChangeOwnPassword(const User& user, std::string_view current,
                                               std::string_view password,
                                               std::string_view session_id) {
  PREGON_ASSIGN_OR_RETURN(User stored, store_.GetUser(user.id));
  if (!VerifyPassword(stored.password_hash, current))
    return Status::InvalidField("current_password", "is not your current password");
  return SetPassword(user.id, password, session_id);
}

Result<User> AuthService::AuthenticateToken(std::string_view token) {
  if (token.size() > kMaxTokenLength || token.substr(0, kApiTokenPrefix.size()) != kApiTokenPrefix)
    return Status::NotFound("invalid or revoked API token");
  auto user = store_.FindUserByToken(HashSecret(token));
  if (user.status().code() == StatusCode::kNotFound)
    return Status::NotFound("invalid or revoked API token");
  return user;
}

Result<NewSession> AuthService::Login(std::string_view username, std::string_view password) {
  static const Status kWrong = Status::NotFound("wrong username or password");
  auto user = store_.FindUser(username);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
  // VerifyPassword spends the same time on a missing user or hash as on a wrong password.
  const std::string hash = user.ok() ? user->password_hash : "";
  if (!VerifyPassword(hash, password) || !user.ok()) return kWrong;
  NewSession out;
  out.user = *user;
  out.session_id = NewSecretToken(kSessionPrefix);
  out.csrf_token = CsrfTokenOf(out.session_id);
  out.expires_at = clock_.Now() + options_.session_ttl;
  PREGON_RETURN_IF_ERROR(
      store_.CreateSession({HashSecret(out.session_id), user->id, HashSecret(out.csrf_token),
                            clock_.Now(), out.expires_at}));
  return out;
}

Result<SessionUser> AuthService::AuthenticateSession(std::string_view session_id) {
  if (session_id.size() > kMaxTokenLength ||
      session_id.substr(0, kSessionPrefix.size()) != kSessionPrefix)
    return Status::NotFound("unknown or expired session");
  return store_.FindSession(HashSecret(session_id), clock_.Now());
}

std::string AuthService::CsrfTokenOf(std::string_view session_id) {
  return DeriveSecretToken(session_id, "pregon session csrf", kCsrfPrefix);
}

bool AuthService::CheckCsrf(const Session& session, std::string_view csrf_token) {
  if (csrf_token.empty() || csrf_token.size() > kMaxTokenLength) return false;
  return ConstantTimeEquals(HashSecret(csrf_token), session.csrf_hash);
}

Status AuthService::Logout(std::string_view session_id) {
  if (session_id.size() > kMaxTokenLength) return Status::Ok();
  return store_.DeleteSession(HashSecret(session_id));
}

}  // namespace pregon

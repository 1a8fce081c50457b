// AuthService: the users, API tokens and login sessions use cases, shared by the CLI
// (`pregon user create`, `pregon token create|revoke`) and the HTTP API.
//
// Secrets never reach the store in clear: passwords are hashed with argon2id, tokens and
// session ids with BLAKE2b (app/auth/credentials.h). A token or session id is returned
// once, to be handed to its owner; nothing can show it again.
//
// Thread-safety: as safe as the Store it uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/user.h"
#include "store/roles/user_store.h"

namespace pregon {

inline constexpr std::string_view kApiTokenPrefix = "pgn_";

struct AuthOptions {
  Millis session_ttl{12 * 3'600'000};  // a login lasts this long
};

// A token just created: `secret` is the token itself, shown once.
struct NewApiToken {
  ApiToken token;
  std::string secret;
};

// A login just made: the session id goes in an HttpOnly cookie, the CSRF token to the page
// (it must come back in X-CSRF-Token on every cookie-authenticated write).
struct NewSession {
  User user;
  std::string session_id;
  std::string csrf_token;
  Timestamp expires_at{};
};

class AuthService {
 public:
  AuthService(UserStore& store, Clock& clock, AuthOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  // InvalidArgument for a bad username or a password shorter than 8 characters (naming the
  // field); AlreadyExists when the name is taken. No password: the user can use API tokens
  // but cannot log in.
  Result<User> CreateUser(std::string_view username, Role role,
                          const std::optional<std::string>& password);

  // NotFound for an unknown user.
  Result<NewApiToken> CreateToken(std::string_view username, std::string_view name);
  // NotFound; revoking twice is OK. With end_sessions, the token's owner is also signed out
  // of every login session (a leaked credential rarely comes alone).
  Status RevokeToken(int64_t token_id, bool end_sessions = false);

  // The owner of an unrevoked token; NotFound ("invalid or revoked API token") otherwise.
  Result<User> AuthenticateToken(std::string_view token);

  // NotFound ("wrong username or password") for an unknown user, a user without a
  // password, or a wrong password alike.
  Result<NewSession> Login(std::string_view username, std::string_view password);
  // The session and its user; NotFound when unknown or expired.
  Result<SessionUser> AuthenticateSession(std::string_view session_id);
  // The CSRF token of session `session_id`: the one Login returned, derived from the id
  // (credentials.h), so the admin UI's pages can put it in their forms.
  static std::string CsrfTokenOf(std::string_view session_id);
  // True when `csrf_token` is the one issued with the session (constant-time).
  static bool CheckCsrf(const Session& session, std::string_view csrf_token);
  Status Logout(std::string_view session_id);  // OK when already gone
  // The user's live login sessions, newest first; NotFound for an unknown user.
  Result<std::vector<Session>> Sessions(int64_t user_id);
  // Signs the user out of every session at once; how many ended. NotFound for an unknown user.
  Result<int64_t> EndSessions(int64_t user_id);
  // A new role for the user (sessions follow it at once). NotFound; FailedPrecondition for
  // the last admin.
  Status ChangeRole(int64_t user_id, Role role);
  // Sets the user's password and ends every session of theirs but `keep_session_id`
  // ("" = all); how many ended. InvalidArgument (naming "password") for a password shorter
  // than 8 characters; NotFound for an unknown user.
  Result<int64_t> SetPassword(int64_t user_id, std::string_view password,
                              std::string_view keep_session_id = "");
  // A user changing their own password from session `session_id`, which stays signed in.
  // InvalidArgument naming "current_password" when `current` is not their password.
  Result<int64_t> ChangeOwnPassword(const User& user, std::string_view current,
                                    std::string_view password, std::string_view session_id);

 private:
  UserStore& store_;
  Clock& clock_;
  const AuthOptions options_;
};

}  // namespace pregon

// UserStore: operators, their API tokens and their login sessions. Only hashes of
// passwords, tokens and session ids are stored (core/user.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "core/user.h"
#include "store/store_queries.h"

namespace pregon {

// What ChangeUserAccess changes of a user; an absent member stays as it is.
struct UserAccessChange {
  std::optional<Role> role;
  std::optional<std::string> password_hash;  // "" = can no longer log in
  // Also end the user's login sessions, but the one with this id hash ("" = all): a new
  // password must not leave an old login working.
  bool end_sessions = false;
  std::string keep_session_hash;
  std::optional<std::string> language;  // es | en; "" = none chosen (REQUIRES one of these)
};

class UserStore {
 public:
  virtual ~UserStore() = default;

  // REQUIRES: ValidateUsername(user.username).ok().
  virtual Result<int64_t> CreateUser(const User& user) = 0;      // AlreadyExists
  virtual Result<User> GetUser(int64_t id) = 0;                  // NotFound
  virtual Result<User> FindUser(std::string_view username) = 0;  // NotFound
  virtual Result<std::vector<User>> ListUsers() = 0;             // by username

  // Stores a token (its hash, prefix and name) for token.user_id. NotFound for an unknown
  // user; AlreadyExists if the hash is already stored.
  virtual Result<int64_t> CreateApiToken(const ApiToken& token) = 0;
  // The user owning the unrevoked token with this hash; NotFound otherwise (unknown or
  // revoked alike).
  virtual Result<User> FindUserByToken(std::string_view token_hash) = 0;
  // Tokens (without hashes), newest first; of one user, or of everyone.
  virtual Result<std::vector<ApiToken>> ListApiTokens(std::optional<int64_t> user_id) = 0;
  // Marks the token revoked at `now`: it authenticates nothing from then on. Revoking a
  // revoked token changes nothing and is OK. NotFound for an unknown id.
  virtual Status RevokeApiToken(int64_t token_id, Timestamp now) = 0;

  // NotFound for an unknown user.
  virtual Status CreateSession(const Session& session) = 0;
  // The session with this id hash and its user; NotFound when unknown or expired at `now`.
  virtual Result<SessionUser> FindSession(std::string_view id_hash, Timestamp now) = 0;
  virtual Status DeleteSession(std::string_view id_hash) = 0;  // OK when already gone
  // The sessions of `user_id` still live at `now`, newest first (id hashes included: never
  // to be shown). NotFound for an unknown user.
  virtual Result<std::vector<Session>> ListSessions(int64_t user_id, Timestamp now) = 0;
  // Ends every session of `user_id` at once (an admin signing a user out everywhere); how
  // many there were, expired ones included. NotFound for an unknown user.
  virtual Result<int64_t> DeleteUserSessions(int64_t user_id) = 0;
  // Applies `change` in one transaction; how many sessions it ended. NotFound for an unknown
  // user; FailedPrecondition, changing nothing, when it would take the role of the last
  // admin (nobody could manage users any more).
  virtual Result<int64_t> ChangeUserAccess(int64_t user_id, const UserAccessChange& change) = 0;
};

}  // namespace pregon

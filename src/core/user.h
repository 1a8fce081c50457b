// Operators (DESIGN §1.6): users with a role, the API tokens their scripts use, and the login
// sessions of the admin UI. A role grants a fixed set of permissions; every HTTP route names
// the one permission it needs.
//
//   permission       admin  operator  report_manager  viewer  client
//   read               x       x            x            x            all but secrets
//   write_campaigns    x       x                                      create, send, pause…
//   write_audience     x       x                                      contacts, suppressions
//   manage_senders     x                                              senders (secrets)
//   process_reports    x                    x                         can_process_reports
//   load_to_db         x                    x                         can_load_to_db
//   manage_users       x                                              users and API tokens
//   reserve_slots      x                                         x    hour slots (§1.5)
//
// A `client` (who reserves hour slots) holds only reserve_slots: the reporter routes act on
// its own reservation and show only its own runs; an admin's show every user.
//
// Secrets (passwords, tokens, session ids) are never kept here in clear: only their hashes.
// Pure values, no I/O; safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

enum class Role { kAdmin, kOperator, kReportManager, kViewer, kClient };

std::string_view RoleName(Role role);
// InvalidArgument naming the five roles for anything else.
Result<Role> ParseRole(std::string_view name);

enum class Permission {
  kRead,
  kWriteCampaigns,
  kWriteAudience,
  kManageSenders,
  kProcessReports,
  kLoadToDb,
  kManageUsers,
  kReserveSlots
};

std::string_view PermissionName(Permission p);
bool HasPermission(Role role, Permission permission);

struct User {
  int64_t id = 0;
  std::string username;
  Role role = Role::kViewer;
  std::string password_hash;  // argon2id string (crypto_pwhash_str); "" = cannot log in
  Timestamp created_at{};
  std::string language;  // es | en, chosen on the profile; "" = none: the browser's
};

// 1 to 64 characters of [A-Za-z0-9._@-]; InvalidArgument saying so otherwise.
Status ValidateUsername(std::string_view username);

// An API token as stored: its hash, never the token itself (shown once, at creation).
struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;    // filled by listings
  std::string name;        // what it is for ("deploy script"); may be empty
  std::string prefix;      // the token's first characters, to recognise it ("pgn_Ab3x")
  std::string token_hash;  // hex BLAKE2b-256 of the token
  Timestamp created_at{};
  std::optional<Timestamp> revoked_at;
};

// A login session of the admin UI: a random id in an HttpOnly cookie, and the CSRF token
// that cookie-authenticated writes must echo in a header. Both are kept hashed.
struct Session {
  std::string id_hash;
  int64_t user_id = 0;
  std::string csrf_hash;
  Timestamp created_at{};
  Timestamp expires_at{};
};

}  // namespace pregon

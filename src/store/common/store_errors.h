// The one table from what a database refused to the Status code callers see, for every
// backend. Each backend only says which kind of failure its driver reported (SQLite's
// extended result codes, PostgreSQL's SQLSTATE); the code it becomes is decided here, so a
// unique name taken answers AlreadyExists, and a sender or list that does not exist
// NotFound, on SQLite and PostgreSQL alike.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon::store {

enum class DbFailure {
  kUniqueViolation,      // a unique name or key is taken
  kForeignKeyViolation,  // a row named by id does not exist (or is still referred to)
  kCheckViolation,       // a CHECK or NOT NULL constraint: the caller broke a REQUIRES
  kBusy,                 // locked by another writer, serialisation failure, deadlock
  kConnectionLost,       // the database went away; the call may be retried
  kOther,
};

// The Status code of a failure of this kind.
StatusCode CodeOf(DbFailure failure);

// `what` ("creating campaign") and the driver's text, under the code of `failure`; a
// foreign-key failure says in words that something it names does not exist.
Status DbError(DbFailure failure, std::string_view what, std::string_view driver_message);

// What ChangeUserAccess answers, on every backend, when it would take the role of the last
// admin.
Status LastAdminError();

// SQLite: the kind of an (extended) result code.
DbFailure SqliteFailure(int extended_code);
// PostgreSQL: the kind of a SQLSTATE (five characters).
DbFailure PostgresFailure(std::string_view sqlstate);

}  // namespace pregon::store

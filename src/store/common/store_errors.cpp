#include "store/common/store_errors.h"

#include <sqlite3.h>

namespace pregon::store {

StatusCode CodeOf(DbFailure failure) {
  switch (failure) {
    case DbFailure::kUniqueViolation:
      return StatusCode::kAlreadyExists;
    case DbFailure::kForeignKeyViolation:
      return StatusCode::kNotFound;
    case DbFailure::kCheckViolation:
      return StatusCode::kInvalidArgument;
    case DbFailure::kBusy:
      return StatusCode::kTransient;
    case DbFailure::kConnectionLost:
      return StatusCode::kTransient;
    case DbFailure::kOther:
      return StatusCode::kInternal;
  }
  return StatusCode::kInternal;
}

Status DbError(DbFailure failure, std::string_view what, std::string_view driver_message) {
  std::string msg(what);
  msg += ": ";
  if (failure == DbFailure::kForeignKeyViolation) msg += "something it names does not exist (";
  msg += driver_message;
  if (failure == DbFailure::kForeignKeyViolation) msg += ")";
  return Status(CodeOf(failure), std::move(msg));
}

DbFailure SqliteFailure(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbFailure::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbFailure::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return DbFailure::kCheckViolation;
    default:
      break;
  }
  switch (extended_code & 0xff) {  // the primary code of any other extended one
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbFailure::kBusy;
    default:
      return DbFailure::kOther;
  }
}

DbFailure PostgresFailure(std::string_view sqlstate) {
  if (sqlstate == "23505") return DbFailure::kUniqueViolation;
  if (sqlstate == "23503") return DbFailure::kForeignKeyViolation;
  if (sqlstate == "23514" || sqlstate == "23502") return DbFailure::kCheckViolation;
  // serialization_failure, deadlock_detected, lock_not_available
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return DbFailure::kBusy;
  // 08xxx connection exceptions; 57P01..03 the server is shutting down or starting up.
  if (sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03")
    return DbFailure::kConnectionLost;
  return DbFailure::kOther;
}

Status LastAdminError() {
  return Status::FailedPrecondition(
      "this is the last admin: make another user admin first, or nobody could manage users");
}

}  // namespace pregon::store

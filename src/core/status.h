// Status and Result<T>: pregon's errors are values, not exceptions.
//
// A Status is either OK or carries a code and a one-line message meant for the operator
// ("sender 'x' not found"). Codes are domain codes: the engine's retry policy and the CLI's
// exit code look only at the code, never at the message. Exceptions thrown by libraries are
// caught at the edge (store, channel, CLI) and turned into a Status.
//
// Errors name fields, not flags. A message refers to an input with Field("batch_size"), and
// a Status may be about one input (field()). Each edge names inputs in its own words: the
// CLI as flags ("--batch-size must be between 1 and 100000"), the API by field name
// ("batch_size must be ...", details.field = "batch_size"). Nothing re-parses the text.
//
// Thread-safety: values; safe to copy between threads.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace pregon {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong; retrying will not help
  kNotFound,            // the named thing does not exist
  kAlreadyExists,       // a unique name or key is taken
  kConflict,            // lost a lease / a concurrent change won; drop the work
  kFailedPrecondition,  // the thing is not in a state that allows this (e.g. send a done campaign)
  kTransient,           // a temporary failure: retry later
  kPermanent,           // the provider refused this message for good
  kUnavailable,         // the recipient is gone (blocked the bot, deactivated)
  kInternal,            // a bug or a broken environment (disk, database)
};

std::string_view StatusCodeName(StatusCode code);

// An input named inside a message; rendered by Status::message() / MessageNaming().
std::string Field(std::string_view name);

// How an edge names an input: the CLI gives its flag for a field name.
using FieldNamer = std::string (*)(std::string_view field);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Transient(std::string m) { return {StatusCode::kTransient, std::move(m)}; }
  static Status Permanent(std::string m) { return {StatusCode::kPermanent, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  // InvalidArgument about `field`, saying Field(field) + " " + rest ("batch_size must be ...").
  static Status InvalidField(std::string_view field, std::string_view rest);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The message with each Field() as its field name: the API's words, and the logs'.
  std::string message() const;
  // The message with each Field() named by `namer` (the CLI passes its flags).
  std::string MessageNaming(FieldNamer namer) const;
  // The input this error is about, "" when none.
  const std::string& field() const { return field_; }
  // "not found: sender 'x' not found" style, for logs.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with context ("importing c.csv: ...").
  Status WithContext(std::string_view context) const;
  // Returns a copy prefixed with Field(field) + ": ", about `field` unless it already names
  // an input ("tz: unknown time zone 'Mars/X'").
  Status InField(std::string_view field) const;
  // Returns a copy about `field` (the message unchanged).
  Status About(std::string_view field) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;  // with Field() marks
  std::string field_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose, like absl::StatusOr
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace pregon

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define PREGON_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::pregon::Status pregon_status_ = (expr);        \
    if (!pregon_status_.ok()) return pregon_status_; \
  } while (0)

#define PREGON_CONCAT_INNER(a, b) a##b
#define PREGON_CONCAT(a, b) PREGON_CONCAT_INNER(a, b)
// PREGON_ASSIGN_OR_RETURN(auto x, Foo()): assigns the value or returns the error.
#define PREGON_ASSIGN_OR_RETURN(lhs, expr) \
  PREGON_ASSIGN_OR_RETURN_IMPL(PREGON_CONCAT(pregon_result_, __LINE__), lhs, expr)
#define PREGON_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

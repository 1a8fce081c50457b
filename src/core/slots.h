// Hour slots, reservations, jobs and runs (DESIGN §1.5): clients reserve one hour of the day
// in a slot with a capacity; at each full hour a run is created for that slot, one run-user
// per reservation, each running its reservation's job — a prepare step that counts the
// pending items, then the items split into ranges any worker may take.
//
//   run:       running ──▶ completed | failed | cancelled      (finished_at set)
//   run-user:  preparing ──▶ running ──▶ completed | failed | cancelled
//
// Jobs are defined by an admin (a command and its limits), never by the people who reserve.
// Pure values and rules, no I/O; safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

inline constexpr int kHoursPerDay = 24;
inline constexpr int kDefaultSlotUsers = 10;
// estimated_pending = monthly_orders_estimate × this, unless configured otherwise.
inline constexpr double kDefaultPendingFactor = 0.08;

// InvalidArgument naming `field` unless 0 <= hour <= 23.
Status CheckHour(std::string_view field, int64_t hour);
std::string HourLabel(int hour);  // "07:00"

struct HourSlot {
  int hour = 0;
  int max_users = kDefaultSlotUsers;  // capacity, in reservation weights
  int current_users = 0;              // the weights of its reservations
  bool bookable = true;               // inside the bookable window of hours
  int available() const { return current_users >= max_users ? 0 : max_users - current_users; }
};

// How much of a slot a reservation takes: 1 up to 2,000 monthly orders, 2 up to 5,000, 3
// above — a client with many orders runs longer.
int ReservationWeight(int64_t monthly_orders_estimate);
// The items a reservation is expected to have pending at each run, rounded.
int64_t EstimatedPending(int64_t monthly_orders_estimate, double factor);

// A job, as an admin defines it (`pregon job define`): an external command called as
// `COMMAND prepare --user U --run R` and `COMMAND range --user U --run R --start A --end B`.
struct JobDefinition {
  int64_t id = 0;
  std::string name;
  std::string command;             // an absolute path; arguments are pregon's
  Millis timeout{55 * 60 * 1000};  // a call running longer is killed and counts as failed
  std::string pool = "exec";       // the limiter pool its calls hold a permit of
  int range_size = 100;            // items per range
  int prepare_retries = 5;         // prepare calls after the first that failed
  Millis prepare_retry_delay{120'000};
  int range_retries = 2;
  Millis range_retry_delay{60'000};

  // Checks the name (1-64 of [A-Za-z0-9._-]), the command (an absolute path, no control
  // characters) and the limits; InvalidArgument naming the field otherwise.
  Status Validate() const;
};

struct Reservation {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;
  int hour = 0;
  int64_t job_id = 0;
  std::string job_name;
  int64_t monthly_orders_estimate = 0;
  int weight = 1;
  int64_t estimated_pending = 0;
  Timestamp created_at{}, updated_at{};
};

// A client's parameter for its job, passed in the job's environment as PREGON_PARAM_<name>.
// A secret one's value is stored sealed (app/slots/secret_box.h) and never shown again.
struct JobParam {
  std::string name;   // [A-Z][A-Z0-9_]{0,63}
  std::string value;  // in clear; sealed when stored, for a secret one
  bool secret = false;
};
// InvalidArgument naming `field` unless `name` is an upper-case environment name.
Status CheckJobParamName(std::string_view field, std::string_view name);

enum class RunStatus { kRunning, kCompleted, kFailed, kCancelled };
std::string_view RunStatusName(RunStatus status);
Result<RunStatus> ParseRunStatus(std::string_view name);

enum class RunUserStatus { kPreparing, kRunning, kCompleted, kFailed, kCancelled };
std::string_view RunUserStatusName(RunUserStatus status);
Result<RunUserStatus> ParseRunUserStatus(std::string_view name);

struct Run {
  int64_t id = 0;
  int hour = 0;
  Timestamp scheduled_at{};  // the full hour it is for
  RunStatus status = RunStatus::kRunning;
  Timestamp created_at{};
  std::optional<Timestamp> finished_at;
};

struct RunUser {
  int64_t id = 0;
  int64_t run_id = 0;
  int64_t user_id = 0;
  std::string username;
  int64_t job_id = 0;
  RunUserStatus status = RunUserStatus::kPreparing;
  std::optional<int64_t> pending_items;  // what prepare reported
  int total_ranges = 0, ranges_completed = 0, ranges_failed = 0;
  int prepare_attempts = 0;
  std::string last_error;
  std::optional<Timestamp> finished_at;
  // Its prepare unit: pending | running | done | failed | cancelled, and when it ended.
  std::string prepare_status = "pending";
  std::optional<Timestamp> prepared_at;
};

// A unit of a run's work, as a worker claims it: a run-user's prepare, or one of its ranges,
// with what calling the job needs.
enum class RunUnitKind { kPrepare, kRange };
std::string_view RunUnitKindName(RunUnitKind kind);  // "prepare", "range"

struct RunUnit {
  int64_t id = 0;
  int64_t run_id = 0;
  int64_t run_user_id = 0;
  RunUnitKind kind = RunUnitKind::kPrepare;
  int64_t start_item = 0, end_item = 0;  // ranges only
  int attempts = 0;                      // including the one just claimed
  int64_t user_id = 0;
  std::string username;
  JobDefinition job;

  int max_attempts() const {
    return 1 + (kind == RunUnitKind::kPrepare ? job.prepare_retries : job.range_retries);
  }
  Millis retry_delay() const {
    return kind == RunUnitKind::kPrepare ? job.prepare_retry_delay : job.range_retry_delay;
  }
};

// Items 1..pending in ranges of range_size: 250 by 100 → [1,100] [101,200] [201,250].
struct ItemRange {
  int64_t start = 0, end = 0;  // inclusive, 1-based
};
std::vector<ItemRange> SplitRanges(int64_t pending, int range_size);

}  // namespace pregon

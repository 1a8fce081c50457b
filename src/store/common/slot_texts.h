// What both backends say and read about hour slots, jobs, reservations and runs, written once
// (store/roles/slot_store.h). SQL texts use $n parameters in order of first appearance, so
// SQLite binds them by position too.
#pragma once

#include <string>

#include "core/slots.h"
#include "core/status.h"
#include "store/common/row.h"
#include "store/roles/slot_store.h"

namespace pregon::store {

// (hour, max_users, current weight, bookable 0/1) by hour.
inline constexpr const char* kListSlotsSql =
    "SELECT s.hour, s.max_users, CAST(COALESCE((SELECT SUM(r.weight) FROM reservations r "
    "WHERE r.hour = s.hour), 0) AS BIGINT), CASE WHEN s.bookable THEN 1 ELSE 0 END "
    "FROM slots s ORDER BY s.hour";
HourSlot ReadSlot(const Row& row);

#define PREGON_JOB_COLUMNS_OF(P)                                                   \
  P "id, " P "name, " P "command, " P "timeout_ms, " P "pool, " P "range_size, " P \
    "prepare_retries, " P "prepare_retry_delay_ms, " P "range_retries, " P "range_retry_delay_ms"
#define PREGON_JOB_COLUMNS PREGON_JOB_COLUMNS_OF("")
// Reads PREGON_JOB_COLUMNS starting at column `first`.
JobDefinition ReadJob(const Row& row, int first = 0);
// ($1 name, $2 command, $3 timeout, $4 pool, $5 range size, $6 prepare retries, $7 delay,
// $8 range retries, $9 delay, $10 now) -> id: creates the job or redefines it.
inline constexpr const char* kDefineJobSql =
    "INSERT INTO jobs (name, command, timeout_ms, pool, range_size, prepare_retries, "
    "prepare_retry_delay_ms, range_retries, range_retry_delay_ms, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (name) DO UPDATE SET "
    "command = excluded.command, timeout_ms = excluded.timeout_ms, pool = excluded.pool, "
    "range_size = excluded.range_size, prepare_retries = excluded.prepare_retries, "
    "prepare_retry_delay_ms = excluded.prepare_retry_delay_ms, "
    "range_retries = excluded.range_retries, range_retry_delay_ms = excluded.range_retry_delay_ms, "
    "updated_at = excluded.updated_at RETURNING id";
inline constexpr const char* kSetLimiterSql =
    "INSERT INTO limiter_pools (name, capacity) VALUES ($1, $2) "
    "ON CONFLICT (name) DO UPDATE SET capacity = excluded.capacity";

#define PREGON_RESERVATION_SELECT                                                         \
  "SELECT r.id, r.user_id, u.username, r.hour, r.job_id, j.name, "                        \
  "r.monthly_orders_estimate, r.weight, r.estimated_pending, r.created_at, r.updated_at " \
  "FROM reservations r JOIN users u ON u.id = r.user_id JOIN jobs j ON j.id = r.job_id "
Reservation ReadReservation(const Row& row);
// The weight other users hold in a slot ($1 hour, $2 the reserving user).
inline constexpr const char* kSlotWeightOfOthersSql =
    "SELECT CAST(COALESCE(SUM(weight), 0) AS BIGINT) FROM reservations "
    "WHERE hour = $1 AND user_id <> $2";
// ($1 user, $2 hour, $3 job, $4 estimate, $5 weight, $6 pending, $7 now)
inline constexpr const char* kUpsertReservationSql =
    "INSERT INTO reservations (user_id, hour, job_id, monthly_orders_estimate, weight, "
    "estimated_pending, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
    "ON CONFLICT (user_id) DO UPDATE SET hour = excluded.hour, job_id = excluded.job_id, "
    "monthly_orders_estimate = excluded.monthly_orders_estimate, weight = excluded.weight, "
    "estimated_pending = excluded.estimated_pending, updated_at = excluded.updated_at";

// Reserve's decision, once the backend has read the slots (locked) and the user's weight
// elsewhere: the hour to reserve, or why none. `others` is the weight other users hold in
// each slot, by hour.
Result<int> ChooseHour(const ReservationRequest& request, int weight,
                       const std::vector<HourSlot>& slots, const std::vector<int64_t>& others);

#define PREGON_RUN_COLUMNS "id, hour, scheduled_at, status, created_at, finished_at"
Run ReadRun(const Row& row);
// ($1 hour, $2 scheduled at, $3 now) -> id, or no row when the run exists already.
inline constexpr const char* kInsertRunSql =
    "INSERT INTO runs (hour, scheduled_at, status, created_at) VALUES ($1, $2, 'running', $3) "
    "ON CONFLICT (hour, scheduled_at) DO NOTHING RETURNING id";
// ($1 run, $2 hour): one run-user per reservation of the hour.
inline constexpr const char* kInsertRunUsersSql =
    "INSERT INTO run_users (run_id, user_id, job_id, status) "
    "SELECT CAST($1 AS BIGINT), user_id, job_id, 'preparing' FROM reservations WHERE hour = $2";
// ($1 now, $2 run): a run nobody reserved is done at once.
inline constexpr const char* kCompleteEmptyRunSql =
    "UPDATE runs SET status = 'completed', finished_at = $1 WHERE id = $2";

// ($1 now, $2 run): a prepare unit for each of the run's users, in its job's pool.
inline constexpr const char* kInsertPrepareUnitsSql =
    "INSERT INTO run_units (run_id, run_user_id, kind, pool, status, not_before) "
    "SELECT ru.run_id, ru.id, 'prepare', j.pool, 'pending', $1 FROM run_users ru "
    "JOIN jobs j ON j.id = ru.job_id WHERE ru.run_id = $2";

// ($1 owner, $2 lease until, $3 now) -> id: the oldest due unit whose pool has a permit free.
inline constexpr const char* kClaimRunUnitSql =
    "UPDATE run_units SET status = 'running', owner = $1, lease_until = $2, "
    "lease_epoch = lease_epoch + 1, attempts = attempts + 1 WHERE id = (SELECT u.id FROM "
    "run_units u WHERE ((u.status = 'pending' AND u.not_before <= $3) OR (u.status = 'running' "
    "AND u.lease_until <= $3)) AND (SELECT COUNT(*) FROM run_units h WHERE h.pool = u.pool AND "
    "h.status = 'running' AND h.lease_until > $3) < COALESCE((SELECT p.capacity FROM "
    "limiter_pools p WHERE p.name = u.pool), 0) ORDER BY u.not_before, u.id LIMIT 1) "
    "RETURNING id";
// ($1 unit) -> the unit with its user and job, and its lease epoch (column 9; the job's
// columns from 10).
inline constexpr const char* kReadRunUnitSql =
    "SELECT u.id, u.run_id, u.run_user_id, u.kind, u.start_item, u.end_item, u.attempts, "
    "ru.user_id, us.username, u.lease_epoch, " PREGON_JOB_COLUMNS_OF("j.")
    " FROM run_units u JOIN run_users ru ON ru.id = u.run_user_id "
    "JOIN users us ON us.id = ru.user_id JOIN jobs j ON j.id = ru.job_id WHERE u.id = $1";
// Reads kReadRunUnitSql's row; *epoch gets the lease epoch.
RunUnit ReadRunUnit(const Row& row, int64_t* epoch);

// Lease-checked changes of a running unit: the last three parameters are always (unit,
// owner, epoch); 0 rows changed = the lease was lost.
inline constexpr const char* kRenewRunUnitSql =
    "UPDATE run_units SET lease_until = $1 WHERE id = $2 AND owner = $3 AND lease_epoch = $4 "
    "AND status = 'running'";
inline constexpr const char* kRetryRunUnitSql =
    "UPDATE run_units SET status = 'pending', not_before = $1, last_error = $2, log = $3, "
    "owner = NULL, lease_until = NULL WHERE id = $4 AND owner = $5 AND lease_epoch = $6 "
    "AND status = 'running'";
// ($1 'done' or 'failed', $2 error, $3 log, $4 now, ...)
inline constexpr const char* kEndRunUnitSql =
    "UPDATE run_units SET status = $1, last_error = $2, log = $3, finished_at = $4, "
    "owner = NULL, lease_until = NULL WHERE id = $5 AND owner = $6 AND lease_epoch = $7 "
    "AND status = 'running'";
inline constexpr const char* kReleaseRunUnitSql =
    "UPDATE run_units SET status = 'pending', attempts = attempts - 1, not_before = $1, "
    "owner = NULL, lease_until = NULL WHERE id = $2 AND owner = $3 AND lease_epoch = $4 "
    "AND status = 'running'";

// ($1 run, $2 run-user, $3 start, $4 end, $5 pool, $6 now)
inline constexpr const char* kInsertRangeUnitSql =
    "INSERT INTO run_units (run_id, run_user_id, kind, start_item, end_item, pool, status, "
    "not_before) VALUES ($1, $2, 'range', $3, $4, $5, 'pending', $6)";
// ($1 pending items, $2 ranges, $3 prepare attempts, $4 run-user)
inline constexpr const char* kPreparedSql =
    "UPDATE run_users SET pending_items = $1, total_ranges = $2, status = 'running', "
    "prepare_attempts = $3 WHERE id = $4";
// ($1 error, $2 prepare attempts, $3 now, $4 run-user)
inline constexpr const char* kPrepareFailedSql =
    "UPDATE run_users SET status = 'failed', last_error = $1, prepare_attempts = $2, "
    "finished_at = $3 WHERE id = $4";
// ($1 run-user)
inline constexpr const char* kRangeDoneSql =
    "UPDATE run_users SET ranges_completed = ranges_completed + 1 WHERE id = $1";
// ($1 error, $2 run-user)
inline constexpr const char* kRangeFailedSql =
    "UPDATE run_users SET ranges_failed = ranges_failed + 1, last_error = $1 WHERE id = $2";
// ($1 now, $2 run-user): ends a user whose every range ended.
inline constexpr const char* kSettleRunUserSql =
    "UPDATE run_users SET status = CASE WHEN ranges_failed = 0 THEN 'completed' ELSE 'failed' "
    "END, finished_at = $1 WHERE id = $2 AND status = 'running' "
    "AND ranges_completed + ranges_failed >= total_ranges";
// ($1 now, $2 run): ends a run whose every user ended.
inline constexpr const char* kSettleRunSql =
    "UPDATE runs SET status = CASE WHEN EXISTS (SELECT 1 FROM run_users r WHERE r.run_id = "
    "runs.id AND r.status <> 'completed') THEN 'failed' ELSE 'completed' END, finished_at = $1 "
    "WHERE id = $2 AND status = 'running' AND NOT EXISTS (SELECT 1 FROM run_users r WHERE "
    "r.run_id = runs.id AND r.status IN ('preparing', 'running'))";
inline constexpr const char* kNextRunUnitDueSql =
    "SELECT MIN(CASE WHEN status = 'pending' THEN not_before ELSE lease_until END) "
    "FROM run_units WHERE status IN ('pending', 'running')";

Status LostRunUnitLease(const RunUnitLease& lease);

// ($1 since, $2 user or 0 for every run, $3 limit)
inline constexpr const char* kListRunsSql =
    "SELECT " PREGON_RUN_COLUMNS
    " FROM runs WHERE scheduled_at >= $1 AND (CAST($2 AS BIGINT) = 0 OR EXISTS (SELECT 1 FROM "
    "run_users ru WHERE ru.run_id = runs.id AND ru.user_id = $2)) "
    "ORDER BY scheduled_at DESC, id DESC LIMIT $3";
// ($1 run)
inline constexpr const char* kListRunUnitsSql =
    "SELECT u.id, u.run_user_id, us.username, u.kind, u.start_item, u.end_item, u.status, "
    "u.attempts, u.last_error, u.log FROM run_units u JOIN run_users ru ON ru.id = "
    "u.run_user_id JOIN users us ON us.id = ru.user_id WHERE u.run_id = $1 "
    "ORDER BY us.username, u.kind, u.start_item";
RunUnitView ReadRunUnitView(const Row& row);
// Cancelling ($1 now, $2 run), in this order; the first changes no row when the run is not
// running.
inline constexpr const char* kCancelRunSql =
    "UPDATE runs SET status = 'cancelled', finished_at = $1 WHERE id = $2 AND status = 'running'";
inline constexpr const char* kCancelRunUnitsSql =
    "UPDATE run_units SET status = 'cancelled', finished_at = $1, owner = NULL, "
    "lease_until = NULL WHERE run_id = $2 AND status IN ('pending', 'running')";
inline constexpr const char* kCancelRunUsersSql =
    "UPDATE run_users SET status = 'cancelled', finished_at = $1 WHERE run_id = $2 "
    "AND status IN ('preparing', 'running')";
// Why CancelRun changed nothing: NotFound, or FailedPrecondition naming the run's status.
Status RunNotCancellable(int64_t id, const std::optional<Run>& run);

// FinishRunUnit's statements, the same on both backends: `exec(sql, params...)` runs one in
// the caller's transaction and returns the number of rows it changed.
template <typename Exec>
Status FinishRunUnitSteps(Exec&& exec, const RunUnitLease& lease, const RunUnitOutcome& outcome,
                          int64_t now_ms) {
  const RunUnit& u = lease.unit;
  if (outcome.kind == RunUnitOutcome::Kind::kRetry) {
    if (exec(kRetryRunUnitSql, ToUnixMillis(outcome.retry_at), outcome.error, outcome.log, u.id,
             lease.owner, lease.epoch) == 0)
      return LostRunUnitLease(lease);
    return Status::Ok();
  }
  const bool done = outcome.kind == RunUnitOutcome::Kind::kDone;
  if (exec(kEndRunUnitSql, std::string(done ? "done" : "failed"), outcome.error, outcome.log,
           now_ms, u.id, lease.owner, lease.epoch) == 0)
    return LostRunUnitLease(lease);
  if (u.kind == RunUnitKind::kPrepare && done) {
    const auto ranges = SplitRanges(outcome.pending_items, u.job.range_size);
    for (const ItemRange& r : ranges)
      exec(kInsertRangeUnitSql, u.run_id, u.run_user_id, r.start, r.end, u.job.pool, now_ms);
    exec(kPreparedSql, outcome.pending_items, static_cast<int64_t>(ranges.size()),
         int64_t{u.attempts}, u.run_user_id);
  } else if (u.kind == RunUnitKind::kPrepare) {
    exec(kPrepareFailedSql, outcome.error, int64_t{u.attempts}, now_ms, u.run_user_id);
  } else if (done) {
    exec(kRangeDoneSql, u.run_user_id);
  } else {
    exec(kRangeFailedSql, outcome.error, u.run_user_id);
  }
  exec(kSettleRunUserSql, now_ms, u.run_user_id);
  exec(kSettleRunSql, now_ms, u.run_id);
  return Status::Ok();
}

#define PREGON_RUN_USER_SELECT                                                                \
  "SELECT ru.id, ru.run_id, ru.user_id, u.username, ru.job_id, ru.status, ru.pending_items, " \
  "ru.total_ranges, ru.ranges_completed, ru.ranges_failed, ru.prepare_attempts, "             \
  "ru.last_error, ru.finished_at, p.status, p.finished_at FROM run_users ru "                 \
  "JOIN users u ON u.id = ru.user_id "                                                        \
  "LEFT JOIN run_units p ON p.run_user_id = ru.id AND p.kind = 'prepare' "
RunUser ReadRunUser(const Row& row);

Status NoSuchJob(std::string_view name);
Status NoReservation(int64_t user_id);
Status NoSuchRun(int64_t id);

}  // namespace pregon::store

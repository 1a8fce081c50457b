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

#define PREGON_JOB_COLUMNS                                             \
  "id, name, command, timeout_ms, pool, range_size, prepare_retries, " \
  "prepare_retry_delay_ms, range_retries, range_retry_delay_ms"
JobDefinition ReadJob(const Row& row);
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

#define PREGON_RUN_USER_SELECT                                                                \
  "SELECT ru.id, ru.run_id, ru.user_id, u.username, ru.job_id, ru.status, ru.pending_items, " \
  "ru.total_ranges, ru.ranges_completed, ru.ranges_failed, ru.prepare_attempts, "             \
  "ru.last_error, ru.finished_at FROM run_users ru JOIN users u ON u.id = ru.user_id "
RunUser ReadRunUser(const Row& row);

Status NoSuchJob(std::string_view name);
Status NoReservation(int64_t user_id);
Status NoSuchRun(int64_t id);

}  // namespace pregon::store

// SlotStore: hour slots, jobs, limiter pools, reservations and runs (core/slots.h, DESIGN §1.5).
//
// The rules that must hold across nodes live here, each in one transaction: a slot never
// holds more reservation weight than its capacity (20 concurrent requests for the last 10
// places give exactly 10, on either backend), a user holds one reservation (moving it never
// counts twice), and a slot's run for a given hour is created once however many nodes try.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/slots.h"
#include "core/status.h"

namespace pregon {

// What Reserve stores.
struct ReservationRequest {
  int64_t user_id = 0;
  std::optional<int> hour;  // none: the first bookable hour with room for the weight
  int64_t monthly_orders_estimate = 0;
  int64_t job_id = 0;
  double pending_factor = kDefaultPendingFactor;
};

// A limiter pool: at most `capacity` holders of its permits at once, across all nodes.
struct LimiterPool {
  std::string name;
  int capacity = 0;
};

// What CreateRun did: the run of that hour, and whether this call created it.
struct RunCreation {
  Run run;
  bool created = false;
  int users = 0;  // run-users created with it
};

// A unit as `run logs` shows it.
struct RunUnitView {
  int64_t id = 0;
  int64_t run_user_id = 0;
  std::string username;
  RunUnitKind kind = RunUnitKind::kPrepare;
  int64_t start_item = 0, end_item = 0;
  std::string status;  // pending | running | done | failed | cancelled
  int attempts = 0;
  std::string last_error;
  std::string log;  // the output of its last attempt (bounded)
};

// A claimed unit of a run: the unit, and the lease that is also its limiter permit.
struct RunUnitLease {
  RunUnit unit;
  std::string owner;
  int64_t epoch = 0;
};

// How a unit's attempt ended, as the worker decided it.
struct RunUnitOutcome {
  enum class Kind { kDone, kRetry, kFailed };
  Kind kind = Kind::kDone;
  int64_t pending_items = 0;  // kDone of a prepare: its ranges are created with it
  std::string error;          // kRetry, kFailed
  Timestamp retry_at{};       // kRetry
  std::string log;            // the attempt's output (bounded by the caller)
};

class SlotStore {
 public:
  virtual ~SlotStore() = default;

  // The 24 slots by hour, with their reservations' weight.
  virtual Result<std::vector<HourSlot>> ListSlots() = 0;
  // Sets a slot's capacity (reservations above it stay; new ones wait for room) and whether
  // it may be booked. InvalidArgument for an hour outside 0-23 or a capacity below 0.
  virtual Status SetSlot(int hour, int max_users, bool bookable) = 0;

  // Creates the job, or redefines the one of that name; its id.
  virtual Result<int64_t> DefineJob(const JobDefinition& job, Timestamp now) = 0;
  virtual Result<JobDefinition> FindJob(std::string_view name) = 0;  // NotFound
  virtual Result<std::vector<JobDefinition>> ListJobs() = 0;         // by name

  // Creates or resizes a pool. InvalidArgument for a capacity below 1.
  virtual Status SetLimiter(const LimiterPool& pool) = 0;
  virtual Result<std::vector<LimiterPool>> ListLimiters() = 0;  // by name

  // Reserves (or moves, or re-estimates) the user's one reservation. FailedPrecondition
  // naming the hour and its capacity when the slot has no room for the weight ("the 07:00
  // slot is full (at most 10 users)"), or when no bookable hour has room; InvalidArgument
  // for an hour that is not bookable; NotFound for an unknown user or job.
  virtual Result<Reservation> Reserve(const ReservationRequest& request, Timestamp now) = 0;
  virtual Result<Reservation> GetReservation(int64_t user_id) = 0;  // NotFound
  // NotFound; the user's job parameters go with it.
  virtual Status CancelReservation(int64_t user_id) = 0;
  virtual Result<std::vector<Reservation>> ListReservations(std::optional<int> hour) = 0;
  // Replaces the user's job parameters (values as given: a secret one already sealed).
  virtual Status SetJobParams(int64_t user_id, const std::vector<JobParam>& params) = 0;
  // The user's job parameters by name, as stored (a secret one sealed).
  virtual Result<std::vector<JobParam>> JobParams(int64_t user_id) = 0;

  // The run of `hour` scheduled at `scheduled_at` (a full hour): created with one run-user
  // per reservation of that hour the first time, returned as it is after that. A run with
  // no reservations is completed at once.
  virtual Result<RunCreation> CreateRun(int hour, Timestamp scheduled_at, Timestamp now) = 0;
  virtual Result<Run> GetRun(int64_t id) = 0;  // NotFound
  virtual Result<std::optional<Run>> LatestRun() = 0;
  virtual Result<std::vector<RunUser>> ListRunUsers(int64_t run_id) = 0;  // by username
  // Runs scheduled at or after `since`, newest first, at most `limit`; with `user_id`, only
  // the runs that user took part in.
  virtual Result<std::vector<Run>> ListRuns(Timestamp since, int limit,
                                            std::optional<int64_t> user_id) = 0;
  // A run's units by username, the prepare first, then its ranges in order.
  virtual Result<std::vector<RunUnitView>> ListRunUnits(int64_t run_id) = 0;
  // Ends a running run as cancelled: its units not finished are cancelled (a job running one
  // loses its lease and is killed), its users not finished too. NotFound for an unknown run;
  // FailedPrecondition naming its status when it already ended.
  virtual Status CancelRun(int64_t run_id, Timestamp now) = 0;

  // Work on runs. Claims the oldest due unit — pending and due, or running with an expired
  // lease (its holder died) — whose limiter pool has a free permit: fewer running units with
  // a live lease than its capacity, counted and claimed in one transaction across nodes.
  // nullopt when none. The claim counts an attempt.
  virtual Result<std::optional<RunUnitLease>> ClaimRunUnit(std::string_view owner, Timestamp now,
                                                           Millis ttl) = 0;
  // Conflict when the lease was lost (expired and taken by another node).
  virtual Status RenewRunUnit(const RunUnitLease& lease, Timestamp now, Millis ttl) = 0;
  // Records the attempt's outcome, frees the permit and brings the run-user and the run up to
  // date: a prepare done creates the ranges (range_size each) — none finishes the user at
  // once —, the last range ends the user (completed, or failed when a range failed), the last
  // user ends the run (completed when every user completed, else failed). Conflict when the
  // lease was lost, recording nothing.
  virtual Status FinishRunUnit(const RunUnitLease& lease, const RunUnitOutcome& outcome,
                               Timestamp now) = 0;
  // Gives the unit back unfinished (a graceful stop): pending again, the attempt not counted.
  virtual Status ReleaseRunUnit(const RunUnitLease& lease, Timestamp now) = 0;
  // When the next unit becomes due (a pending one's not_before, a running one's lease
  // expiry); nullopt when no run has work left.
  virtual Result<std::optional<Timestamp>> NextRunUnitDue() = 0;
};

}  // namespace pregon

// JobRunner: works the units of slot runs (DESIGN §1.5), one at a time: claims a unit whose
// limiter pool has a permit, calls the job — `COMMAND prepare --user U --run R` (its last
// stdout line is the number of pending items) or `COMMAND range --user U --run R --start A
// --end B` — renewing the lease (the permit) while it runs, and records the outcome: done,
// retried after the job's delay, or failed once its attempts are spent. A lost lease kills
// the job and records nothing (another node has the unit); a stop kills it and gives the unit
// back, not failed. The client's job parameters go in the job's environment as
// PREGON_PARAM_<NAME> (secret ones opened just before the call, never logged).
//
// Thread-safety: one JobRunner per thread; many may share a store.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/slots/secret_box.h"
#include "core/clock.h"
#include "store/roles/slot_store.h"

namespace pregon {

struct JobRunnerOptions {
  std::string owner;                 // this node, in leases
  Millis lease_ttl{30'000};          // renewed every third of it while a job runs
  size_t max_log = 16 * 1024;        // output kept per attempt: the newest bytes
  std::optional<SecretBox> secrets;  // opens secret job parameters; none: PREGON_SECRET_KEY unset
};

// What RunOne did.
enum class UnitRun { kNone, kDone, kRetry, kFailed, kLost, kReleased };

class JobRunner {
 public:
  JobRunner(SlotStore& store, const Clock& clock, JobRunnerOptions options)
      : store_(store), clock_(clock), options_(std::move(options)) {}

  // Claims and works one unit; kNone when none was claimable. `keep_going` is asked while a
  // job runs: false stops it (the unit is released).
  Result<UnitRun> RunOne(const std::function<bool()>& keep_going);

 private:
  Result<std::optional<UnitRun>> Attempt(const RunUnitLease& lease,
                                         const std::vector<std::string>& env,
                                         const std::function<bool()>& keep_going,
                                         RunUnitOutcome& outcome);
  Result<UnitRun> Record(const RunUnitLease& lease, const RunUnitOutcome& outcome);

  SlotStore& store_;
  const Clock& clock_;
  const JobRunnerOptions options_;
};

// A prepare's pending count: the last non-empty line of its output, a whole number >= 0.
// InvalidArgument quoting the line otherwise.
Result<int64_t> ParsePendingCount(std::string_view output);

}  // namespace pregon

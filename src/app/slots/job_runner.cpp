#include "app/slots/job_runner.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "core/email.h"  // TrimAscii
#include "core/text.h"
#include "exec/process.h"

namespace pregon {
namespace {

// The client's parameters as environment entries, secret ones opened.
Result<std::vector<std::string>> ParamEnv(const std::vector<JobParam>& params,
                                          const std::optional<SecretBox>& secrets) {
  std::vector<std::string> env;
  for (const JobParam& p : params) {
    std::string value = p.value;
    if (p.secret) {
      if (!secrets)
        return Status::FailedPrecondition(
            "the job has secret parameters and PREGON_SECRET_KEY "
            "is not set on this node");
      PREGON_ASSIGN_OR_RETURN(value, secrets->Open(p.value));
    }
    env.push_back("PREGON_PARAM_" + p.name + "=" + value);
  }
  return env;
}

ProcessSpec SpecFor(const RunUnit& u, size_t max_log) {
  ProcessSpec spec;
  spec.argv = {u.job.command, std::string(RunUnitKindName(u.kind)),
               "--user",      u.username,
               "--run",       std::to_string(u.run_id)};
  if (u.kind == RunUnitKind::kRange) {
    for (const std::string& a : {std::string("--start"), std::to_string(u.start_item),
                                 std::string("--end"), std::to_string(u.end_item)})
      spec.argv.push_back(a);
  }
  spec.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
              "PREGON_RUN_ID=" + std::to_string(u.run_id), "PREGON_USER=" + u.username};
  spec.timeout = u.job.timeout;
  spec.max_output = max_log;
  return spec;
}

std::string Describe(const RunUnit& u) {
  std::string what = "run " + std::to_string(u.run_id) + " " + u.username + " " +
                     std::string(RunUnitKindName(u.kind));
  if (u.kind == RunUnitKind::kRange)
    what += " " + std::to_string(u.start_item) + "-" + std::to_string(u.end_item);
  return what;
}

}  // namespace

Result<int64_t> ParsePendingCount(std::string_view output) {
  std::string_view rest = output;
  std::string_view last;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = TrimAscii(rest.substr(0, nl));
    if (!line.empty()) last = line;
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  int64_t count = -1;
  const auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), count);
  if (last.empty() || ec != std::errc() || end != last.data() + last.size() || count < 0)
    return Status::InvalidArgument("prepare printed no pending count (its last line is '" +
                                   LogSafe(last, 80) + "')");
  return count;
}

Result<UnitRun> JobRunner::RunOne(const std::function<bool()>& keep_going) {
  PREGON_ASSIGN_OR_RETURN(auto claimed,
                          store_.ClaimRunUnit(options_.owner, clock_.Now(), options_.lease_ttl));
  if (!claimed) return UnitRun::kNone;
  const RunUnitLease lease = std::move(*claimed);
  const RunUnit& u = lease.unit;
  RunUnitOutcome outcome;
  outcome.kind = RunUnitOutcome::Kind::kFailed;  // unless the attempt says otherwise
  PREGON_ASSIGN_OR_RETURN(auto params, store_.JobParams(u.user_id));
  auto env = ParamEnv(params, options_.secrets);
  if (u.attempts > u.max_attempts()) {  // its holders kept dying: do not run it again
    outcome.error = "abandoned after " + std::to_string(u.attempts - 1) + " attempts";
  } else if (!env.ok()) {  // no retry mends a missing key: fail it, saying why
    outcome.error = std::string(env.status().message());
  } else {
    PREGON_ASSIGN_OR_RETURN(std::optional<UnitRun> ended,
                            Attempt(lease, *env, keep_going, outcome));
    if (ended) return *ended;  // lost or given back: nothing to record
  }
  return Record(lease, outcome);
}

// Runs the job once and fills *outcome; kLost or kReleased when there is nothing to record.
Result<std::optional<UnitRun>> JobRunner::Attempt(const RunUnitLease& lease,
                                                  const std::vector<std::string>& env,
                                                  const std::function<bool()>& keep_going,
                                                  RunUnitOutcome& outcome) {
  const RunUnit& u = lease.unit;
  spdlog::info("{}: attempt {} of {}", Describe(u), u.attempts, u.max_attempts());
  bool lost = false;
  Instant renewed = clock_.Monotonic();
  auto keep = [&] {
    if (!keep_going()) return false;
    if (clock_.Monotonic() - renewed < options_.lease_ttl / 3) return true;
    renewed = clock_.Monotonic();
    Status st = store_.RenewRunUnit(lease, clock_.Now(), options_.lease_ttl);
    lost = st.code() == StatusCode::kConflict;
    return !lost;  // a store hiccup keeps the job running: the lease has time left
  };
  ProcessSpec spec = SpecFor(u, options_.max_log);
  spec.env.insert(spec.env.end(), env.begin(), env.end());
  // Asked often, so a stop kills the job at once; the lease is renewed every third of it.
  const Millis tick = std::min(Millis(500), options_.lease_ttl / 3);
  PREGON_ASSIGN_OR_RETURN(ProcessResult r, RunProcess(spec, clock_, tick, keep));
  if (lost) {
    spdlog::warn("{}: lease lost (its run was cancelled, or another node took the unit)",
                 Describe(u));
    return std::optional<UnitRun>(UnitRun::kLost);
  }
  if (r.stopped) {
    PREGON_RETURN_IF_ERROR(store_.ReleaseRunUnit(lease, clock_.Now()));
    spdlog::info("{}: stopped; the unit is given back", Describe(u));
    return std::optional<UnitRun>(UnitRun::kReleased);
  }
  outcome.log = std::move(r.output);
  outcome.error.clear();
  if (r.ok() && u.kind == RunUnitKind::kPrepare) {
    auto count = ParsePendingCount(outcome.log);
    if (count.ok())
      outcome.pending_items = *count;
    else
      outcome.error = std::string(count.status().message());
  } else if (!r.ok()) {
    outcome.error = r.Describe(u.job.timeout);
  }
  outcome.kind = RunUnitOutcome::Kind::kDone;
  if (!outcome.error.empty()) {
    const bool retry = u.attempts < u.max_attempts();
    outcome.kind = retry ? RunUnitOutcome::Kind::kRetry : RunUnitOutcome::Kind::kFailed;
    outcome.retry_at = clock_.Now() + u.retry_delay();
  }
  return std::optional<UnitRun>();
}

// Stores the outcome (the permit goes back with it) and says so in the log.
Result<UnitRun> JobRunner::Record(const RunUnitLease& lease, const RunUnitOutcome& outcome) {
  const RunUnit& u = lease.unit;
  Status finished = store_.FinishRunUnit(lease, outcome, clock_.Now());
  if (finished.code() == StatusCode::kConflict) return UnitRun::kLost;
  PREGON_RETURN_IF_ERROR(finished);
  switch (outcome.kind) {
    case RunUnitOutcome::Kind::kDone:
      spdlog::info("{}: done{}", Describe(u),
                   u.kind == RunUnitKind::kPrepare
                       ? ", " + std::to_string(outcome.pending_items) + " items pending"
                       : "");
      return UnitRun::kDone;
    case RunUnitOutcome::Kind::kRetry:
      spdlog::warn("{}: {}; retrying later", Describe(u), outcome.error);
      return UnitRun::kRetry;
    case RunUnitOutcome::Kind::kFailed:
      spdlog::warn("{}: failed: {}", Describe(u), outcome.error);
      return UnitRun::kFailed;
  }
  return UnitRun::kFailed;
}

}  // namespace pregon

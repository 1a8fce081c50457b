#include "app/slots/reservations.h"

#include <algorithm>

namespace pregon {

Result<int64_t> ReservationJob(SlotStore& store, int64_t user_id, const std::string& name) {
  if (!name.empty()) {
    auto job = store.FindJob(name);
    if (job.status().code() == StatusCode::kNotFound)
      return Status::InvalidField("job", job.status().message());
    PREGON_RETURN_IF_ERROR(job.status());
    return job->id;
  }
  if (auto current = store.GetReservation(user_id); current.ok()) return current->job_id;
  PREGON_ASSIGN_OR_RETURN(auto jobs, store.ListJobs());
  if (jobs.size() == 1) return jobs.front().id;
  if (jobs.empty())
    return Status::FailedPrecondition(
        "no job is defined yet: an admin defines one (pregon job define)");
  std::string names;
  for (const JobDefinition& j : jobs) names += (names.empty() ? "" : ", ") + j.name;
  return Status::InvalidField("job", "name the job to run: one of " + names);
}

bool SeesEveryRunUser(const User& viewer) { return viewer.role == Role::kAdmin; }

Result<VisibleRun> ReadVisibleRun(SlotStore& store, int64_t run_id, const User& viewer) {
  VisibleRun out;
  PREGON_ASSIGN_OR_RETURN(out.run, store.GetRun(run_id));
  PREGON_ASSIGN_OR_RETURN(out.users, store.ListRunUsers(run_id));
  if (!SeesEveryRunUser(viewer)) {
    std::erase_if(out.users, [&](const RunUser& u) { return u.user_id != viewer.id; });
    if (out.users.empty()) return Status::NotFound("run " + std::to_string(run_id) + " not found");
  }
  return out;
}

Result<std::vector<RunUnitView>> ReadVisibleRunUnits(SlotStore& store, const VisibleRun& run) {
  PREGON_ASSIGN_OR_RETURN(std::vector<RunUnitView> units, store.ListRunUnits(run.run.id));
  std::erase_if(units, [&](const RunUnitView& unit) {
    return std::none_of(run.users.begin(), run.users.end(),
                        [&](const RunUser& u) { return u.id == unit.run_user_id; });
  });
  return units;
}

}  // namespace pregon

// What a client does with its own hour slot and sees of the runs, shared by the reporter API
// (http/api/reporter_api.cpp) and the admin UI's slot page (http/ui/slots_ui.cpp): which job a
// reservation runs, and which users of a run a viewer may see (DESIGN §1.5).
//
// Thread-safety: free functions; as safe as the store.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/slots.h"
#include "core/user.h"
#include "store/roles/slot_store.h"

namespace pregon {

// The job a reservation runs: the one named; else the one it runs already; else the only job
// there is. Jobs are an admin's: naming one is all a client may do. InvalidArgument naming
// "job" for an unknown name, or when there are several and none is named; FailedPrecondition
// when no job is defined.
Result<int64_t> ReservationJob(SlotStore& store, int64_t user_id, const std::string& name);

// An admin sees every user of every run; anyone else, only themself in the runs they took
// part in.
bool SeesEveryRunUser(const User& viewer);

struct VisibleRun {
  Run run;
  std::vector<RunUser> users;  // by username; only the viewer's own unless SeesEveryRunUser
};

// The run and its users as `viewer` may see them. NotFound when the run does not exist or the
// viewer took no part in it (another client's run is as if it did not exist).
Result<VisibleRun> ReadVisibleRun(SlotStore& store, int64_t run_id, const User& viewer);

// The units of `run` (as ReadVisibleRun gave it) with what their jobs printed: those of the
// users it shows, in the store's order.
Result<std::vector<RunUnitView>> ReadVisibleRunUnits(SlotStore& store, const VisibleRun& run);

}  // namespace pregon

// Scheduler: the store-wide housekeeping that makes campaigns move without anyone watching
// (DESIGN §1.1, §3): promote scheduled campaigns that are due, start (snapshot) queued
// ones, rescue ranges whose lease expired, and finalise campaigns with nothing left to do.
//
// A pass is idempotent and safe to run from several processes at once: every step is a
// compare-and-set transaction in the store. `pregon process-scheduled` runs one pass. The
// engine runs RunPassIfLeader, so that on a store shared by many nodes (PostgreSQL) only
// the holder of the scheduler leadership scans it; a leader that dies is replaced within
// one lease TTL.
//
// Thread-safety: RunPass may be called from one thread at a time per instance.
#pragma once

#include "core/clock.h"
#include "engine/engine_options.h"
#include "store/roles/campaign_store.h"
#include "store/roles/work_queue.h"

namespace pregon {

struct PassReport {
  int promoted = 0;    // scheduled → queued
  int started = 0;     // queued → sending
  int rescued = 0;     // expired leases returned to pending
  int parked = 0;      // ranges parked as failed
  int finalized = 0;   // campaigns that reached a final state
  bool leader = true;  // false: another process holds the scheduler leadership; nothing ran
  bool changed() const { return promoted + started + rescued + parked + finalized > 0; }
};

class Scheduler {
 public:
  Scheduler(WorkQueue& work, CampaignStore& campaigns, Clock& clock, const EngineOptions& options)
      : work_(work), campaigns_(campaigns), clock_(clock), options_(options) {}

  // One pass. Errors of single campaigns are logged and skipped; a store error aborts.
  Result<PassReport> RunPass();
  // Takes or renews the scheduler leadership for options.owner (until now + lease_ttl) and
  // runs a pass when it holds it; otherwise returns a report with leader = false.
  Result<PassReport> RunPassIfLeader();

 private:
  WorkQueue& work_;
  CampaignStore& campaigns_;
  Clock& clock_;
  const EngineOptions& options_;
  bool was_leader_ = false;  // to log leadership changes once
};

}  // namespace pregon

// OpsStore: keeping the store — what /metrics reports from it (the state every node shares,
// counted in one read: campaigns, ranges and deliveries by status, ranges claimable now,
// report requests by state, suppressions by reason, senders paused; labels are states and
// kinds only, never a campaign id or an address), an online backup, and pruning old rows so a
// busy install does not grow without bound.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

// One value of one metric: metric "deliveries", label "sent", value 1234.
struct OpsCount {
  std::string metric;
  std::string label;
  int64_t value = 0;
};

// What Prune removed.
struct PruneCounts {
  int64_t events = 0;          // campaign_events rows
  int64_t tracking_hours = 0;  // engagement_hours rows
  int64_t feedback = 0;        // mail_feedback rows
};

class OpsStore {
 public:
  virtual ~OpsStore() = default;
  // Metrics: campaigns, ranges, deliveries (labelled by status), ranges_claimable (now),
  // report_requests (by state), suppressions (by reason), senders_paused (by kind, at `now`).
  // Only labels with rows are given.
  virtual Result<std::vector<OpsCount>> CountForMetrics(Timestamp now) = 0;

  // A consistent copy of the whole database in the new file `path`, taken while others keep
  // writing (SQLite's online backup). AlreadyExists when `path` exists; FailedPrecondition on
  // PostgreSQL, naming the pg_dump command to use instead.
  virtual Status BackupTo(const std::string& path) = 0;

  // Deletes campaign events older than `events_before`, and hourly tracking counts and bounce
  // and complaint rows older than `tracking_before` (per-delivery engagement stays). In
  // batches, so writers are never held up for long.
  virtual Result<PruneCounts> Prune(Timestamp events_before, Timestamp tracking_before) = 0;
};

}  // namespace pregon

// OpsStore: what /metrics reports from the store — the state every node shares, counted in one
// read: campaigns, ranges and deliveries by status, ranges claimable now, report requests by
// state, suppressions by reason, senders paused. Labels are states and kinds only, never a
// campaign id or an address.
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

class OpsStore {
 public:
  virtual ~OpsStore() = default;
  // Metrics: campaigns, ranges, deliveries (labelled by status), ranges_claimable (now),
  // report_requests (by state), suppressions (by reason), senders_paused (by kind, at `now`).
  // Only labels with rows are given.
  virtual Result<std::vector<OpsCount>> CountForMetrics(Timestamp now) = 0;
};

}  // namespace pregon

// BackgroundJob: work a node does beside sending campaigns — advancing provider reports, the
// hourly post-send pass — run by the engine's jobs thread in `serve` and `worker`, so it
// never holds up the scheduler or a send. Each call does what is due now, bounded, and says
// when it next has something to do; every job keeps its state in the store (leases,
// compare-and-set), so any number of nodes may run it at once.
#pragma once

#include <optional>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

class BackgroundJob {
 public:
  virtual ~BackgroundJob() = default;
  virtual std::string_view name() const = 0;
  // Does the work due now; when more will be due (nullopt: nothing known — the engine asks
  // again after its poll interval).
  virtual Result<std::optional<Timestamp>> RunDue() = 0;
};

}  // namespace pregon

// Engine: the scheduler plus a pool of worker threads, the heart of `pregon serve` and
// `pregon worker`.
//
// The control thread runs scheduler passes and sleeps until the store's next due time (a
// scheduled_at, a batch pause ending, a lease expiring) — never a fixed multi-minute poll;
// poll_interval only bounds how late it notices work created by other processes. Each
// worker thread claims a range, works it with its own Dispatcher, and claims the next.
//
// Thread-safety: RequestStop may be called from any thread (e.g. a signal handler thread);
// Run blocks until the engine stops.
#pragma once

#include <atomic>
#include <condition_variable>
#include <vector>

#include "engine/background_job.h"
#include "engine/channel_pool.h"
#include "engine/engine_metrics.h"
#include "engine/engine_options.h"
#include "engine/engine_store.h"
#include "engine/lease_keeper.h"
#include "engine/scheduler.h"
#include "engine/sender_limits.h"

namespace pregon {

struct EngineStats {
  int64_t ranges = 0;    // ranges worked
  int64_t messages = 0;  // messages handed to channels
  int64_t lost_leases = 0;
  // Per delivery, from being marked in_flight to its result being committed.
  LatencyHistogram::Micros claim_to_result_p50{0}, claim_to_result_p99{0};
};

class Engine {
 public:
  // Counts into `metrics` (for /metrics) when given, into its own otherwise. `metrics` must
  // outlive the engine.
  Engine(EngineStore store, Clock& clock, EngineOptions options, EngineMetrics* metrics = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs until RequestStop() (graceful: in-flight chunks finish and their ranges are
  // released) or, with until_idle, until nothing is due. Returns the first store error
  // that made the control loop give up, OK otherwise.
  Status Run();
  void RequestStop();
  // Adds work for the jobs thread, which Run starts when there is any. The job must outlive
  // Run. REQUIRES: called before Run.
  void AddJob(BackgroundJob& job) { jobs_.push_back(&job); }
  EngineStats stats() const;

 private:
  void WorkerLoop(int index);
  // Runs every job when it is due, until the engine stops.
  void JobsLoop();
  // Wakes everyone when another process announces work (Store::WaitForWork), so an idle
  // node starts on a new campaign in milliseconds rather than at its next poll.
  void AnnouncementLoop();
  // True when the control loop should end because nothing is due (until_idle only).
  Result<bool> IdleLongEnough();
  void WakeWorkers();

  EngineStore store_;
  Clock& clock_;
  const EngineOptions options_;
  SenderLimits limits_;
  ChannelPool channels_;  // shared by the worker threads, like limits_
  LeaseKeeper keeper_;
  Scheduler scheduler_;
  std::vector<BackgroundJob*> jobs_;
  std::atomic<bool> stop_{false};
  std::atomic<int> busy_{0};
  std::atomic<int64_t> ranges_{0}, messages_{0};
  EngineMetrics own_metrics_;
  EngineMetrics& metrics_;
  Mutex mu_;
  std::condition_variable wake_;  // workers and the control loop wait here
  uint64_t wake_generation_ GUARDED_BY(mu_) = 0;
  uint64_t announcements_ GUARDED_BY(mu_) = 0;  // wakes the control loop too
};

}  // namespace pregon

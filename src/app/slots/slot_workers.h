// SlotWorkers: the threads of a node that work slot runs (JobRunner, one each) beside the
// engine's sends; and SlotTriggerJob, the engine background job that creates each hour's run
// at its full hour in the slot time zone (once across nodes: the store makes it so).
//
// Stop() (and the destructor) kills the jobs running now and gives their units back, to be
// taken again by this node or another.
//
// Thread-safety: Start/Stop from one thread; the workers share nothing but the store.
#pragma once

#include <atomic>
#include <condition_variable>
#include <string>
#include <thread>
#include <vector>

#include "app/slots/job_runner.h"
#include "core/mutex.h"
#include "engine/background_job.h"

namespace pregon {

class SlotWorkers {
 public:
  // REQUIRES: threads >= 0 (0: this node runs no slot jobs).
  SlotWorkers(SlotStore& store, Clock& clock, JobRunnerOptions options, int threads,
              Millis poll_interval);
  ~SlotWorkers() { Stop(); }
  SlotWorkers(const SlotWorkers&) = delete;
  SlotWorkers& operator=(const SlotWorkers&) = delete;

  void Start();
  void Stop() EXCLUDES(mu_);

 private:
  void Loop();
  Millis WaitBeforeClaim();

  SlotStore& store_;
  Clock& clock_;
  const JobRunnerOptions options_;
  const int threads_;
  const Millis poll_;
  std::atomic<bool> stopping_{false};
  Mutex mu_;
  std::condition_variable cv_;
  bool stop_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

class SlotTriggerJob final : public BackgroundJob {
 public:
  SlotTriggerJob(SlotStore& store, const Clock& clock, std::string zone)
      : store_(store), clock_(clock), zone_(std::move(zone)) {}
  std::string_view name() const override { return "slot runs"; }
  // Creates the runs of the hours that began in the last hour (idempotent: a node that
  // starts at 07:30 creates 07:00's if nobody did), and says when the next hour begins;
  // called before then, it does nothing (the engine asks every poll interval).
  Result<std::optional<Timestamp>> RunDue() override;

 private:
  SlotStore& store_;
  const Clock& clock_;
  const std::string zone_;
  std::optional<Timestamp> next_;  // the next hour's start; the first call works at once
};

}  // namespace pregon

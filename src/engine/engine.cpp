#include "engine/engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "engine/dispatcher.h"

namespace pregon {

Engine::Engine(EngineStore store, Clock& clock, EngineOptions options, EngineMetrics* metrics)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      limits_(clock),
      keeper_(store.work, clock, options_.lease_ttl),
      scheduler_(store.work, store.campaigns, clock, options_),
      metrics_(metrics ? *metrics : own_metrics_) {
  metrics_.AttachLimits(&limits_);
}

Engine::~Engine() { metrics_.AttachLimits(nullptr); }

void Engine::RequestStop() {
  stop_.store(true);
  WakeWorkers();
}

void Engine::WakeWorkers() {
  {
    MutexLock lock(mu_);
    ++wake_generation_;
  }
  wake_.notify_all();
}

EngineStats Engine::stats() const {
  const LatencyHistogram& latency = metrics_.claim_to_result();
  return {ranges_.load(), messages_.load(), metrics_.lost_leases(), latency.Percentile(0.50),
          latency.Percentile(0.99)};
}

void Engine::WorkerLoop(int index) {
  Dispatcher dispatcher(store_, clock_, limits_, options_, &keeper_, &metrics_, &channels_);
  const std::string owner = options_.owner + "/" + std::to_string(index);
  while (!stop_.load()) {
    busy_.fetch_add(1);
    auto lease = store_.work.ClaimRange(owner, clock_.Now(), options_.lease_ttl);
    if (lease.ok() && lease->has_value()) {
      int64_t before = dispatcher.messages_sent();
      Status st = dispatcher.ProcessRange(**lease, stop_);
      messages_ += dispatcher.messages_sent() - before;
      ++ranges_;
      if (st.code() == StatusCode::kConflict) {
        metrics_.CountLostLease();
        spdlog::warn("{}: {}; dropped the range", owner, st.message());
      } else if (!st.ok()) {
        spdlog::error("{}: range {} of campaign {}: {}", owner, (*lease)->range_id,
                      (*lease)->campaign_id, st.ToString());
      }
      busy_.fetch_sub(1);
      continue;
    }
    busy_.fetch_sub(1);
    if (!lease.ok()) spdlog::error("{}: claiming work: {}", owner, lease.status().ToString());
    // Nothing claimable: wait for the control loop's wake-up or the poll interval.
    MutexLock lock(mu_);
    uint64_t gen = wake_generation_;
    clock_.WaitFor(lock, wake_, options_.poll_interval,
                   [&]() REQUIRES(mu_) { return stop_.load() || wake_generation_ != gen; });
  }
}

void Engine::AnnouncementLoop() {
  bool reported = false;
  while (!stop_.load()) {
    auto announced = store_.work.WaitForWork(Millis(250));
    if (!announced.ok()) {
      // Polling still finds the work; say once per outage that announcements are off.
      if (!reported)
        spdlog::warn("work announcements unavailable, polling: {}", announced.status().message());
      reported = true;
      MutexLock lock(mu_);
      clock_.WaitFor(lock, wake_, Millis(1000), [&] { return stop_.load(); });
      continue;
    }
    reported = false;
    if (!*announced) continue;
    {
      MutexLock lock(mu_);
      ++announcements_;
    }
    WakeWorkers();
  }
}

void Engine::JobsLoop() {
  while (!stop_.load()) {
    Millis sleep = options_.poll_interval;
    for (BackgroundJob* job : jobs_) {
      auto next = job->RunDue();
      if (!next.ok()) {
        spdlog::error("{}: {}", job->name(), next.status().ToString());
        continue;
      }
      if (next->has_value())
        sleep =
            std::clamp(std::chrono::duration_cast<Millis>(**next - clock_.Now()), Millis(1), sleep);
    }
    MutexLock lock(mu_);
    clock_.WaitFor(lock, wake_, sleep, [&]() REQUIRES(mu_) { return stop_.load(); });
  }
}

Result<bool> Engine::IdleLongEnough() {
  if (busy_.load() > 0) return false;
  PREGON_ASSIGN_OR_RETURN(bool due, store_.work.HasDueWork(clock_.Now()));
  if (due) return false;
  PREGON_ASSIGN_OR_RETURN(auto next, store_.work.NextWakeup(clock_.Now()));
  return !next || *next - clock_.Now() > options_.idle_max_wait;
}

Status Engine::Run() {
  std::vector<std::thread> workers;
  for (int i = 0; i < std::max(1, options_.concurrency); ++i)
    workers.emplace_back([this, i] { WorkerLoop(i); });
  if (store_.work.AnnouncesWork()) workers.emplace_back([this] { AnnouncementLoop(); });
  if (!jobs_.empty()) workers.emplace_back([this] { JobsLoop(); });
  Status result;
  int idle_passes = 0;
  while (!stop_.load()) {
    uint64_t announcements_seen = 0;
    {
      MutexLock lock(mu_);
      announcements_seen = announcements_;
    }
    auto pass = scheduler_.RunPassIfLeader();
    if (!pass.ok()) {
      spdlog::error("scheduler pass: {}", pass.status().ToString());
      if (pass.status().code() != StatusCode::kTransient) {
        result = pass.status();
        break;
      }
    } else {
      metrics_.CountRescues(pass->rescued);
      if (pass->changed()) WakeWorkers();
    }
    if (options_.until_idle) {
      auto idle = IdleLongEnough();
      // Two idle passes in a row, so a range released between the checks is not missed.
      idle_passes = (idle.ok() && *idle) ? idle_passes + 1 : 0;
      if (idle_passes >= 2) break;
    }
    auto next = store_.work.NextWakeup(clock_.Now());
    Millis sleep = options_.poll_interval;
    if (next.ok() && next->has_value())
      sleep =
          std::clamp(std::chrono::duration_cast<Millis>(**next - clock_.Now()), Millis(1), sleep);
    // A follower retries the leadership often enough to replace a dead leader within about
    // one lease TTL, however long the poll interval (announcements do not tell it).
    if (pass.ok() && !pass->leader)
      sleep = std::min(sleep, std::max(Millis(10), options_.lease_ttl / 4));
    if (options_.until_idle && idle_passes > 0)
      sleep = Millis(std::min<int64_t>(sleep.count(), 50));
    MutexLock lock(mu_);
    clock_.WaitFor(lock, wake_, sleep, [&]() REQUIRES(mu_) {
      return stop_.load() || announcements_ != announcements_seen;
    });
  }
  stop_.store(true);
  WakeWorkers();
  for (auto& t : workers) t.join();
  // Last pass: campaigns whose final range was released as we stopped are finalised now.
  auto last = scheduler_.RunPass();
  if (!last.ok() && result.ok()) result = last.status();
  // A rolling restart: another node takes the scheduling over at once, not a TTL later.
  if (Status gave_up = store_.work.ReleaseSchedulerLeadership(options_.owner); !gave_up.ok())
    spdlog::warn("giving up the scheduler leadership: {}", gave_up.ToString());
  return result;
}

}  // namespace pregon

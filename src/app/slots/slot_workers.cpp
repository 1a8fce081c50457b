#include "app/slots/slot_workers.h"

#include <spdlog/spdlog.h>

#include "app/slots/slot_runs.h"
#include "core/slots.h"

namespace pregon {

SlotWorkers::SlotWorkers(SlotStore& store, Clock& clock, JobRunnerOptions options, int threads,
                         Millis poll_interval)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      threads_(threads),
      poll_(poll_interval) {}

void SlotWorkers::Start() {
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { Loop(); });
}

void SlotWorkers::Stop() {
  stopping_ = true;
  {
    MutexLock lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
}

// How long to wait before trying to claim: 0 when a unit is due; else until the next one is
// due, at most the poll interval (work may appear: a new run, a permit freed elsewhere). A
// read, so an idle node never takes the write lock a claim needs.
Millis SlotWorkers::WaitBeforeClaim() {
  auto next = store_.NextRunUnitDue();
  if (!next.ok()) {
    spdlog::warn("slot jobs: {}", next.status().ToString());
    return poll_;
  }
  const Timestamp now = clock_.Now();
  if (!*next) return poll_;
  if (**next <= now) return Millis(0);
  return std::min(poll_, std::chrono::duration_cast<Millis>(**next - now));
}

void SlotWorkers::Loop() {
  JobRunner runner(store_, clock_, options_);
  while (!stopping_) {
    Millis wait = WaitBeforeClaim();
    if (wait == Millis(0)) {
      auto ran = runner.RunOne([this] { return !stopping_.load(); });
      if (!ran.ok()) spdlog::warn("slot job: {}", ran.status().ToString());
      if (ran.ok() && *ran != UnitRun::kNone) continue;
      wait = poll_;  // due but no permit free (or the store failed): try again later
    }
    MutexLock lock(mu_);
    clock_.WaitFor(lock, cv_, wait, [this]() REQUIRES(mu_) { return stop_; });
  }
}

Result<std::optional<Timestamp>> SlotTriggerJob::RunDue() {
  const Timestamp now = clock_.Now();
  if (next_ && now < *next_) return next_;
  const Millis hour(3'600'000);
  std::optional<Timestamp> next;
  // Today's and yesterday's hours cover an hour that began just before local midnight;
  // today's and tomorrow's give the next one to begin.
  for (Timestamp day : {now - hour, now, now + 2 * hour}) {
    for (int h = 0; h < kHoursPerDay; ++h) {
      PREGON_ASSIGN_OR_RETURN(SlotHour slot, SlotHourToday(day, h, zone_));
      if (slot.scheduled_at > now) {
        if (!next || slot.scheduled_at < *next) next = slot.scheduled_at;
        continue;
      }
      if (slot.scheduled_at <= now - hour) continue;
      PREGON_ASSIGN_OR_RETURN(RunCreation c, store_.CreateRun(h, slot.scheduled_at, now));
      if (c.created)
        spdlog::info("slot {}: run {} created for {} user(s)", HourLabel(h), c.run.id, c.users);
    }
  }
  next_ = next;
  return next;
}

}  // namespace pregon

#include "engine/sender_limits.h"

#include <algorithm>
#include <cmath>

#include "engine/rate_window.h"
#include "engine/token_bucket.h"

namespace pregon {

int InFlightGate::Acquire(int want, int at_least) {
  const int needed = std::clamp(at_least, 1, capacity_);
  MutexLock lock(mu_);
  ++waiting_;
  cv_.wait(lock.native(), [this, needed]() REQUIRES(mu_) { return free_ >= needed; });
  --waiting_;
  int take = std::min(std::max(needed, want), free_);
  free_ -= take;
  return take;
}

int InFlightGate::TryAcquire(int want) {
  MutexLock lock(mu_);
  const int take = std::min(std::max(0, want), free_);
  free_ -= take;
  return take;
}

void InFlightGate::Release(int n) {
  if (n <= 0) return;
  {
    MutexLock lock(mu_);
    free_ += n;
  }
  cv_.notify_all();
}

int InFlightGate::held() const {
  MutexLock lock(mu_);
  return capacity_ - free_;
}

int InFlightGate::waiting() const {
  MutexLock lock(mu_);
  return waiting_;
}

RateLimiter& SenderLimits::Rate(int64_t sender_id, double rate, int burst) {
  MutexLock lock(mu_);
  auto& limiter = limiters_[std::make_pair(sender_id, rate)];
  if (!limiter) {
    if (rate > 0 && burst <= 0) {
      limiter = std::make_unique<RateWindow>(clock_, rate);
    } else {
      limiter = std::make_unique<TokenBucket>(clock_, rate, std::max(1, burst));  // 0: unlimited
    }
  }
  return *limiter;
}

InFlightGate& SenderLimits::InFlight(int64_t sender_id, std::string_view pool, int capacity) {
  MutexLock lock(mu_);
  Gate& g = gates_[sender_id];
  if (!g.gate) g = {std::string(pool), std::make_unique<InFlightGate>(std::max(1, capacity))};
  return *g.gate;
}

std::vector<SenderLimits::GateLoad> SenderLimits::GateLoads() const {
  MutexLock lock(mu_);
  std::vector<GateLoad> loads;
  for (const auto& [id, g] : gates_) loads.push_back({g.pool, g.gate->held(), g.gate->waiting()});
  return loads;
}

}  // namespace pregon

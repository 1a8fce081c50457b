#include "engine/sender_limits.h"

#include <algorithm>
#include <cmath>

#include "engine/rate_window.h"
#include "engine/token_bucket.h"

namespace pregon {

int InFlightGate::Acquire(int want, int at_least) {
  const int needed = std::clamp(at_least, 1, capacity_);
  MutexLock lock(mu_);
  // Release serves every waiter it can, so a waiter left needs more than is free: one that
  // needs no more than that goes at once.
  if (free_ >= needed) {
    const int take = std::min(std::max(needed, want), free_);
    free_ -= take;
    return take;
  }
  Waiter self;
  self.want = want;
  self.needed = needed;
  waiters_.push_back(&self);
  self.cv.wait(lock.native(), [&self] { return self.granted > 0; });
  return self.granted;
}

int InFlightGate::TryAcquire(int want) {
  MutexLock lock(mu_);
  const int take = std::min(std::max(0, want), free_);
  free_ -= take;
  return take;
}

void InFlightGate::Release(int n) {
  if (n <= 0) return;
  MutexLock lock(mu_);
  free_ += n;
  for (auto it = waiters_.begin(); it != waiters_.end() && free_ > 0;) {
    Waiter& w = **it;
    if (w.needed > free_) {
      ++it;
      continue;
    }
    w.granted = std::min(std::max(w.needed, w.want), free_);
    free_ -= w.granted;
    // Under the lock: the waiter cannot return, and take `w` with it, before this is done.
    w.cv.notify_one();
    it = waiters_.erase(it);
  }
}

int InFlightGate::held() const {
  MutexLock lock(mu_);
  return capacity_ - free_;
}

int InFlightGate::waiting() const {
  MutexLock lock(mu_);
  return static_cast<int>(waiters_.size());
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

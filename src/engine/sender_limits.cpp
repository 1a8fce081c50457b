#include "engine/sender_limits.h"

#include <algorithm>
#include <cmath>

#include "engine/rate_window.h"
#include "engine/token_bucket.h"

namespace pregon {

int InFlightGate::Acquire(int want) {
  MutexLock lock(mu_);
  cv_.wait(lock.native(), [this]() REQUIRES(mu_) { return free_ > 0; });
  int take = std::min(std::max(1, want), free_);
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

InFlightGate& SenderLimits::InFlight(int64_t sender_id, int capacity) {
  MutexLock lock(mu_);
  auto& gate = gates_[sender_id];
  if (!gate) gate = std::make_unique<InFlightGate>(std::max(1, capacity));
  return *gate;
}

}  // namespace pregon

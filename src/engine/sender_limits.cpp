#include "engine/sender_limits.h"

#include <algorithm>
#include <cmath>

namespace pregon {

int InFlightGate::Acquire(int want) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return free_ > 0; });
  int take = std::min(std::max(1, want), free_);
  free_ -= take;
  return take;
}

void InFlightGate::Release(int n) {
  if (n <= 0) return;
  {
    std::lock_guard lock(mu_);
    free_ += n;
  }
  cv_.notify_all();
}

TokenBucket& SenderLimits::Rate(int64_t sender_id, double rate, int burst) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(sender_id, rate);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    // One token at least, not two: at low rates a second token would let rate + 1 through
    // in one second (e.g. 31 for Telegram's 30).
    double capacity = burst > 0 ? burst : std::max(1.0, std::floor(rate * 0.005));
    double refill = burst > 0 ? rate : rate * kRateSafety;
    it = buckets_.emplace(key, std::make_unique<TokenBucket>(clock_, refill, capacity)).first;
  }
  return *it->second;
}

InFlightGate& SenderLimits::InFlight(int64_t sender_id, int capacity) {
  std::lock_guard lock(mu_);
  auto& gate = gates_[sender_id];
  if (!gate) gate = std::make_unique<InFlightGate>(std::max(1, capacity));
  return *gate;
}

}  // namespace pregon

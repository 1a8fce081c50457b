#include "engine/rate_limits.h"

#include <algorithm>

namespace pregon {

TokenBucket& RateLimits::For(int64_t sender_id, double rate, int burst) {
  std::lock_guard lock(mu_);
  auto key = std::make_pair(sender_id, rate);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    double b = burst > 0 ? burst : std::max(1.0, rate);
    it = buckets_.emplace(key, std::make_unique<TokenBucket>(clock_, rate, b)).first;
  }
  return *it->second;
}

}  // namespace pregon

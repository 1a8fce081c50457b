// RateLimits: one TokenBucket per sender, shared by all worker threads of a process.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "core/sender.h"
#include "engine/token_bucket.h"

namespace pregon {

class RateLimits {
 public:
  explicit RateLimits(Clock& clock) : clock_(clock) {}

  // The bucket for `sender`, created on first use from its rate and burst (campaign rate,
  // when set and lower, takes precedence: `rate` is the effective limit).
  TokenBucket& For(int64_t sender_id, double rate, int burst);

 private:
  Clock& clock_;
  std::mutex mu_;
  std::map<std::pair<int64_t, double>, std::unique_ptr<TokenBucket>> buckets_;  // GUARDED_BY(mu_)
};

}  // namespace pregon

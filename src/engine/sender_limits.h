// SenderLimits: what one process allows itself per sender, shared by all its worker threads —
// a rate limiter (messages/s) and a cap on requests in flight (the sender's
// concurrency), so four threads sending for one sender never exceed either.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>

#include "core/clock.h"
#include "engine/rate_limiter.h"

namespace pregon {

// A counting semaphore that hands out several permits at once.
class InFlightGate {
 public:
  explicit InFlightGate(int capacity) : free_(capacity) {}
  // Takes up to `want` permits (at least one), blocking until one is free.
  int Acquire(int want);
  void Release(int n);

 private:
  Mutex mu_;
  std::condition_variable cv_;
  int free_ GUARDED_BY(mu_);
};

class SenderLimits {
 public:
  explicit SenderLimits(Clock& clock) : clock_(clock) {}

  // The rate limiter for `sender_id` at `rate` msgs/s: a RateWindow (never more than the
  // rate in any one-second window; rate_window.h), or with an explicit `burst` (> 0) a
  // TokenBucket of that burst. rate <= 0: unlimited.
  RateLimiter& Rate(int64_t sender_id, double rate, int burst);
  // The in-flight gate for `sender_id`, created with `capacity` permits on first use.
  InFlightGate& InFlight(int64_t sender_id, int capacity);

 private:
  Clock& clock_;
  Mutex mu_;
  std::map<std::pair<int64_t, double>, std::unique_ptr<RateLimiter>> limiters_ GUARDED_BY(mu_);
  std::map<int64_t, std::unique_ptr<InFlightGate>> gates_ GUARDED_BY(mu_);
};

}  // namespace pregon

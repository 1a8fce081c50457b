// TokenBucket: a rate limit (messages per second, with a burst) on an injected Clock, for a
// sender configured with an explicit burst: in one second it lets up to burst + rate
// through. (Without a burst, senders use RateWindow, which never exceeds the rate in any
// second.) rate == 0 means unlimited.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include "core/clock.h"
#include "engine/rate_limiter.h"

namespace pregon {

class TokenBucket final : public RateLimiter {
 public:
  // REQUIRES: rate >= 0, burst >= 1 when rate > 0.
  TokenBucket(Clock& clock, double rate, double burst);

  // Takes up to `want` tokens (at least one), waiting on the clock until at least one is
  // available; returns how many were taken. Unlimited buckets return `want` at once.
  int Acquire(int want) override;
  int TryAcquire(int want, Millis* until_next) override;

  // Gives back tokens taken but not used (never above the burst).
  void Return(int n) override;

  double rate() const { return rate_; }

 private:
  void RefillLocked(Timestamp now) REQUIRES(mu_);
  // Takes up to `want` (at least one) allowed now; 0 and *wait when none is.
  int TakeLocked(int want, Millis* wait) REQUIRES(mu_);

  Clock& clock_;
  const double rate_;
  const double burst_;
  Mutex mu_;
  double tokens_ GUARDED_BY(mu_);
  Timestamp last_ GUARDED_BY(mu_);
};

}  // namespace pregon

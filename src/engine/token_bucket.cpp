#include "engine/token_bucket.h"

#include <algorithm>
#include <cmath>

namespace pregon {

TokenBucket::TokenBucket(Clock& clock, double rate, double burst)
    : clock_(clock),
      rate_(rate),
      burst_(std::max(1.0, burst)),
      tokens_(std::max(1.0, burst)),
      last_(clock.Now()) {}

void TokenBucket::RefillLocked(Timestamp now) {
  if (now <= last_) return;
  double elapsed_s = static_cast<double>((now - last_).count()) / 1000.0;
  // Clock sleeps are whole milliseconds, so a waiter wakes with up to 1 ms worth of tokens
  // beyond the one it waited for; keeping that sliver (instead of capping it away) keeps a
  // one-token bucket at its rate rather than up to 10 % below it.
  tokens_ = std::min(burst_ + rate_ * 0.001, tokens_ + elapsed_s * rate_);
  last_ = now;
}

int TokenBucket::TakeLocked(int want, Millis* wait) {
  RefillLocked(clock_.Now());
  if (tokens_ >= 1.0) {
    const int take = std::min(std::max(1, want), static_cast<int>(std::floor(tokens_)));
    tokens_ -= take;
    return take;
  }
  *wait = Millis(static_cast<int64_t>(std::ceil((1.0 - tokens_) * 1000.0 / rate_)));
  return 0;
}

int TokenBucket::Acquire(int want) {
  if (rate_ <= 0) return want;
  for (;;) {
    Millis wait{0};
    {
      MutexLock lock(mu_);
      if (const int taken = TakeLocked(want, &wait); taken > 0) return taken;
    }
    clock_.SleepFor(std::max(Millis(1), wait));
  }
}

int TokenBucket::TryAcquire(int want, Millis* until_next) {
  if (rate_ <= 0) return want;
  MutexLock lock(mu_);
  return TakeLocked(want, until_next);
}

void TokenBucket::Return(int n) {
  if (rate_ <= 0 || n <= 0) return;
  MutexLock lock(mu_);
  tokens_ = std::min(burst_, tokens_ + n);
}

}  // namespace pregon

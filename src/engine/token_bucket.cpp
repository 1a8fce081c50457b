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

int TokenBucket::Acquire(int want) {
  if (rate_ <= 0) return want;
  want = std::max(1, want);
  for (;;) {
    Millis wait;
    {
      MutexLock lock(mu_);
      RefillLocked(clock_.Now());
      if (tokens_ >= 1.0) {
        int take = std::min(want, static_cast<int>(std::floor(tokens_)));
        tokens_ -= take;
        return take;
      }
      wait = Millis(static_cast<int64_t>(std::ceil((1.0 - tokens_) * 1000.0 / rate_)));
    }
    clock_.SleepFor(std::max(Millis(1), wait));
  }
}

void TokenBucket::Return(int n) {
  if (rate_ <= 0 || n <= 0) return;
  MutexLock lock(mu_);
  tokens_ = std::min(burst_, tokens_ + n);
}

}  // namespace pregon

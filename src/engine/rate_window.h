// RateWindow: the default rate limit of a sender, on an injected Clock. It paces sends
// evenly at 98.5 % of the rate, and it never lets more than the rate through in any window
// of one second.
//
// Why: a provider counts messages per second (Telegram: 30 per bot; a relay: its plan's
// rate), so the rate must never be exceeded in any one-second window — and the average must
// still come close to the rate. Two parts:
//   - pacing: a token bucket refilled at 0.985 x rate holding 12 ms worth of sends (at least
//     2.5). A bucket of one send loses the sends that fall due while both threads are busy
//     with the store (the average fell to 83 % of the rate); a larger one lets bursts
//     through that bunch up on the way to the provider: with 250 ms worth the provider saw
//     201 in some second once in six 200/s runs, while with 12 ms worth it saw at most 199
//     and the average stayed at 98.3 %;
//   - the cap: the sends of the last window are remembered, at most limit() in any
//     window() — limit floor(rate) (at least 1), window the longer of 1.015 s and
//     limit / (0.985 x rate). It binds at low rates, where the bucket's 2.5 sends would
//     otherwise add up with a second's pacing to more than the rate (Telegram's 30/s); the
//     extra 15 ms leave room for jitter between this process and the provider's clock.
// The average is 98.5 % of integer rates, less when the sending threads stall for longer
// than the bucket holds (a stall's sends are not made up). A fractional rate above 1 sends
// at most floor(rate) a second: the rate itself cannot be averaged without some second
// seeing ceil(rate).
//
// Memory: one timestamp per send in the window (8 bytes x rate).
// Thread-safety: safe for concurrent use.
#pragma once

#include <deque>

#include "core/clock.h"
#include "engine/rate_limiter.h"

namespace pregon {

class RateWindow final : public RateLimiter {
 public:
  // REQUIRES: rate > 0.
  RateWindow(Clock& clock, double rate);

  int Acquire(int want) override;
  int TryAcquire(int want, Millis* until_next) override;
  void Return(int n) override;

  int limit() const { return limit_; }
  Millis window() const { return window_; }

 private:
  // Sends allowed now (>= 0) and, when none, how long until one is.
  int AllowedLocked(Timestamp now, Millis* wait) REQUIRES(mu_);
  // Takes up to `want` (at least one) allowed now; 0 and *wait when none is.
  int TakeLocked(int want, Millis* wait) REQUIRES(mu_);

  Clock& clock_;
  const double refill_per_ms_;  // tokens a millisecond
  const double capacity_;       // most tokens held
  const int limit_;
  const Millis window_;
  Mutex mu_;
  double tokens_ GUARDED_BY(mu_);
  Timestamp refilled_ GUARDED_BY(mu_);
  std::deque<Timestamp> sends_ GUARDED_BY(mu_);  // in the current window, oldest first
};

}  // namespace pregon

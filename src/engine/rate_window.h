// RateWindow: the default rate limit of a sender, on an injected Clock. It paces sends
// evenly at 98.5 % of the rate, and it never lets more than the rate through in any window
// of one second.
//
// Why: a provider counts messages per second (Telegram: 30 per bot; a relay: its plan's
// rate), so the rate must never be exceeded in any one-second window — and yet the average
// must hold when the sending threads stall (busy, descheduled, waiting on the store). A plain
// token bucket can do only one of the two: with one token it never exceeds the rate but
// throws away the tokens that arrive during a stall (under load the average fell 5 % short);
// with more tokens it catches up but lets burst + rate through in some second. So two parts:
//   - pacing: a token bucket refilled at 0.985 x rate holding up to 250 ms worth of sends,
//     so a stall of up to a quarter second is made up afterwards;
//   - the cap: the sends of the last window are remembered, at most limit() in any
//     window() — limit floor(rate) (at least 1), window the longer of 1.015 s and
//     limit / (0.985 x rate). The extra 15 ms leave room for jitter between this process
//     and the provider's clock (its threads, the network), so that the provider too never
//     sees more than the rate in a second. That margin is bought with the average: it
//     cannot be larger while the average stays within 2 % of the rate.
// The average is 0.985 x rate for integer rates. (A fractional rate above 1 sends at most
// floor(rate) a second: the rate itself cannot be averaged without some second seeing
// ceil(rate).)
//
// Memory: one timestamp per send in the window (8 bytes x rate).
// Thread-safety: safe for concurrent use.
#pragma once

#include <deque>
#include <mutex>

#include "core/clock.h"
#include "engine/rate_limiter.h"

namespace pregon {

class RateWindow final : public RateLimiter {
 public:
  // REQUIRES: rate > 0.
  RateWindow(Clock& clock, double rate);

  int Acquire(int want) override;
  void Return(int n) override;

  int limit() const { return limit_; }
  Millis window() const { return window_; }

 private:
  // Sends allowed now (>= 0) and, when none, how long until one is. REQUIRES: mu_ held.
  int AllowedLocked(Timestamp now, Millis* wait);

  Clock& clock_;
  const double refill_per_ms_;  // tokens a millisecond
  const double capacity_;       // most tokens held
  const int limit_;
  const Millis window_;
  std::mutex mu_;
  double tokens_;                // GUARDED_BY(mu_)
  Timestamp refilled_;           // GUARDED_BY(mu_)
  std::deque<Timestamp> sends_;  // in the current window, oldest first; GUARDED_BY(mu_)
};

}  // namespace pregon

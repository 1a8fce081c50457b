// RateLimiter: how many messages a sender may start now, shared by every worker thread of a
// process so that a rate holds for the process as a whole. Two kinds (sender_limits.h):
// RateWindow, the default, which never lets more than the rate through in any one-second
// window; and TokenBucket, for a sender configured with an explicit burst.
//
// Thread-safety: implementations are safe for concurrent use.
#pragma once

#include "core/clock.h"

namespace pregon {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes up to `want` sends (at least one), waiting on the limiter's Clock until at least
  // one is allowed; returns how many were taken.
  virtual int Acquire(int want) = 0;
  // Takes up to `want` sends allowed now without waiting; 0 when none is, and then
  // `*until_next` says how long until one is.
  virtual int TryAcquire(int want, Millis* until_next) = 0;
  // Gives back `n` sends taken by Acquire but not made.
  virtual void Return(int n) = 0;

  // How many of `want` sends are allowed now (at least one, waiting until then), without
  // taking them: to size a chunk of work before its sends are due.
  int WaitAvailable(int want) {
    const int n = Acquire(want);
    Return(n);
    return n;
  }
  // How many of `want` sends are allowed now without waiting or taking them; 0 when none is,
  // and then `*until_next` says how long until one is.
  int AvailableNow(int want, Millis* until_next) {
    const int n = TryAcquire(want, until_next);
    if (n > 0) Return(n);
    return n;
  }
  // Takes exactly `n` sends, waiting as long as that needs. Called right before the sends
  // go on the wire, so that the limit holds for what the provider sees.
  void Take(int n) {
    while (n > 0) n -= Acquire(n);
  }
};

}  // namespace pregon

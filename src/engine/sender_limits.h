// SenderLimits: what one process allows itself per sender, shared by all its worker threads —
// a rate limiter (messages/s) and a cap on requests in flight (the sender's
// concurrency), so four threads sending for one sender never exceed either.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "engine/rate_limiter.h"

namespace pregon {

// A counting semaphore that hands out several permits at once.
class InFlightGate {
 public:
  explicit InFlightGate(int capacity) : capacity_(capacity), free_(capacity) {}
  // Takes up to `want` permits, blocking until at least `at_least` (at most the capacity)
  // are free.
  int Acquire(int want, int at_least = 1);
  // Takes up to `want` permits free now, without waiting; 0 when none is.
  int TryAcquire(int want);
  void Release(int n);
  // Permits taken now, and callers blocked in Acquire (for /metrics).
  int held() const;
  int waiting() const;

 private:
  // A caller blocked in Acquire. Release hands permits to the waiters itself, in the order
  // they came (passing over one that needs more than is free), and wakes only those it
  // served: with a hundred threads waiting, giving back a few permits must not wake them
  // all to find that one (or none) can go.
  struct Waiter {
    int want = 0;
    int needed = 0;
    int granted = 0;  // set by Release: the waiter may go
    std::condition_variable cv;
  };

  const int capacity_;
  mutable Mutex mu_;
  int free_ GUARDED_BY(mu_);
  std::vector<Waiter*> waiters_ GUARDED_BY(mu_);  // oldest first
};

class SenderLimits {
 public:
  explicit SenderLimits(Clock& clock) : clock_(clock) {}

  // The rate limiter for `sender_id` at `rate` msgs/s: a RateWindow (never more than the
  // rate in any one-second window; rate_window.h), or with an explicit `burst` (> 0) a
  // TokenBucket of that burst. rate <= 0: unlimited.
  RateLimiter& Rate(int64_t sender_id, double rate, int burst);
  // The in-flight gate for `sender_id`, created with `capacity` permits on first use;
  // `pool` names it in /metrics (the sender's name).
  InFlightGate& InFlight(int64_t sender_id, std::string_view pool, int capacity);

  struct GateLoad {
    std::string pool;
    int held = 0;
    int waiting = 0;
  };
  // Every gate's permits held and waiting now.
  std::vector<GateLoad> GateLoads() const;

 private:
  struct Gate {
    std::string pool;
    std::unique_ptr<InFlightGate> gate;
  };
  Clock& clock_;
  mutable Mutex mu_;
  std::map<std::pair<int64_t, double>, std::unique_ptr<RateLimiter>> limiters_ GUARDED_BY(mu_);
  std::map<int64_t, Gate> gates_ GUARDED_BY(mu_);
};

}  // namespace pregon

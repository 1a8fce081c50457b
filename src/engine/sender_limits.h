// SenderLimits: what one process allows itself per sender, shared by all its worker threads —
// a token bucket for the rate (messages/s) and a cap on requests in flight (the sender's
// concurrency), so four threads sending for one sender never exceed either.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

#include "engine/token_bucket.h"

namespace pregon {

// A counting semaphore that hands out several permits at once.
class InFlightGate {
 public:
  explicit InFlightGate(int capacity) : free_(capacity) {}
  // Takes up to `want` permits (at least one), blocking until one is free.
  int Acquire(int want);
  void Release(int n);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;  // GUARDED_BY(mu_)
};

class SenderLimits {
 public:
  explicit SenderLimits(Clock& clock) : clock_(clock) {}

  // The bucket for `sender_id` at `rate` msgs/s (0 = unlimited). A configured rate must never
  // be exceeded in any one-second window as the provider counts it, and a bucket lets
  // burst + rate x 1 s through in one second. So by default the bucket holds 5 ms worth of
  // tokens (at least one) and refills at kRateSafety x rate: a second then carries at most
  // 0.995 x rate, which leaves room for a few milliseconds of network jitter, and the
  // average stays within 1 % of the rate. An explicit `burst` (> 0) is used as given.
  TokenBucket& Rate(int64_t sender_id, double rate, int burst);
  static constexpr double kRateSafety = 0.99;
  // The in-flight gate for `sender_id`, created with `capacity` permits on first use.
  InFlightGate& InFlight(int64_t sender_id, int capacity);

 private:
  Clock& clock_;
  std::mutex mu_;
  std::map<std::pair<int64_t, double>, std::unique_ptr<TokenBucket>> buckets_;  // GUARDED_BY(mu_)
  std::map<int64_t, std::unique_ptr<InFlightGate>> gates_;                     // GUARDED_BY(mu_)
};

}  // namespace pregon

// LoginLimiter: rate limiting of failed logins, per key (username and client address), so
// a password cannot be guessed online: after max_failures failures within `window`, further
// attempts are refused (429) until the oldest failure leaves the window. A success clears
// the key.
//
// Kept in memory: each `serve` process limits on its own (behind a load balancer with N
// nodes, at most N × max_failures guesses per window). At most max_keys keys are kept;
// beyond that, keys whose failures have all expired are dropped first, then the oldest.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "core/clock.h"

namespace pregon::http {

struct LoginLimits {
  int max_failures = 5;
  Millis window{15 * 60'000};
  size_t max_keys = 100'000;
};

class LoginLimiter {
 public:
  LoginLimiter(Clock& clock, LoginLimits limits = {}) : clock_(clock), limits_(limits) {}

  // How long `key` must wait before the next attempt; zero when it may try now.
  Millis RetryAfter(const std::string& key);
  void RecordFailure(const std::string& key);
  void RecordSuccess(const std::string& key);

 private:
  void Prune(std::deque<Timestamp>& failures, Timestamp now) const REQUIRES(mu_);
  void Evict(Timestamp now) REQUIRES(mu_);

  Clock& clock_;
  const LoginLimits limits_;
  Mutex mu_;
  std::map<std::string, std::deque<Timestamp>> failures_ GUARDED_BY(mu_);
};

}  // namespace pregon::http

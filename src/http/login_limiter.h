// LoginLimiter: what stops a password being guessed online, and password checks (argon2id,
// deliberately slow) being used to take the CPU.
//
// Failed logins are counted three ways, each over a sliding `window`:
//   - per username from one client address (max_failures): a client guessing one password;
//   - per client address, whatever the username (max_failures_per_address): a client that
//     changes the username on each try;
//   - per username, from anywhere (max_failures_per_user): many addresses guessing one
//     account. It is higher, since anyone can spend it: reaching it locks the account out of
//     password logins (API tokens still work) until failures leave the window.
// Beyond any of them, attempts are refused (429) until the oldest counted failure leaves
// the window. A success clears its username-and-address count only.
//
// Password checks run at most max_concurrent_checks at once (ScopedCheck); a login beyond
// that is refused at once (503) rather than queued on a server thread.
//
// Kept in memory: each `serve` process limits on its own (behind a load balancer with N
// nodes, N times the limits). At most max_keys counts are kept; beyond that, those whose
// failures have all expired are dropped first, then the oldest.
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/mutex.h"

namespace pregon::http {

struct LoginLimits {
  int max_failures = 5;               // one username from one address
  int max_failures_per_address = 20;  // any username from one address
  int max_failures_per_user = 100;    // one username from any address
  Millis window{15 * 60'000};
  size_t max_keys = 100'000;
  int max_concurrent_checks = 1;  // PREGON_LOGIN_CONCURRENCY: password checks at once
};

class LoginLimiter {
 public:
  LoginLimiter(Clock& clock, LoginLimits limits = {}) : clock_(clock), limits_(limits) {}

  // How long a login as `username` from `address` must wait; zero when it may try now.
  Millis RetryAfter(std::string_view username, std::string_view address) EXCLUDES(mu_);
  void RecordFailure(std::string_view username, std::string_view address) EXCLUDES(mu_);
  void RecordSuccess(std::string_view username, std::string_view address) EXCLUDES(mu_);

  // One password check for its scope, if a slot is free: check acquired() first.
  class ScopedCheck {
   public:
    explicit ScopedCheck(LoginLimiter& limiter);
    ~ScopedCheck();
    ScopedCheck(const ScopedCheck&) = delete;
    ScopedCheck& operator=(const ScopedCheck&) = delete;
    bool acquired() const { return acquired_; }

   private:
    LoginLimiter& limiter_;
    bool acquired_;
  };

 private:
  // The three counts an attempt falls under, with their limits.
  struct Key {
    std::string name;
    int max;
  };
  std::array<Key, 3> KeysOf(std::string_view username, std::string_view address) const;
  Millis RetryAfterLocked(const Key& key, Timestamp now) REQUIRES(mu_);
  void Prune(std::deque<Timestamp>& failures, Timestamp now) const REQUIRES(mu_);
  void Evict(Timestamp now) REQUIRES(mu_);

  Clock& clock_;
  const LoginLimits limits_;
  Mutex mu_;
  std::map<std::string, std::deque<Timestamp>> failures_ GUARDED_BY(mu_);
  std::atomic<int> checks_{0};
};

}  // namespace pregon::http

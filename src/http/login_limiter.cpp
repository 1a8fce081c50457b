#include "http/login_limiter.h"

#include <algorithm>

namespace pregon::http {

std::array<LoginLimiter::Key, 3> LoginLimiter::KeysOf(std::string_view username,
                                                      std::string_view address) const {
  // Tagged, so that no username can collide with an address.
  const std::string user(username), addr(address);
  return {Key{"p|" + addr + "|" + user, limits_.max_failures},
          Key{"a|" + addr, limits_.max_failures_per_address},
          Key{"u|" + user, limits_.max_failures_per_user}};
}

void LoginLimiter::Prune(std::deque<Timestamp>& failures, Timestamp now) const {
  while (!failures.empty() && failures.front() + limits_.window <= now) failures.pop_front();
}

Millis LoginLimiter::RetryAfterLocked(const Key& key, Timestamp now) {
  auto it = failures_.find(key.name);
  if (it == failures_.end()) return Millis(0);
  Prune(it->second, now);
  const auto count = static_cast<int>(it->second.size());
  if (count < key.max) return Millis(0);
  // Blocked until enough failures have left the window.
  const Timestamp until = it->second[count - key.max] + limits_.window;
  return std::max(Millis(1), std::chrono::duration_cast<Millis>(until - now));
}

Millis LoginLimiter::RetryAfter(std::string_view username, std::string_view address) {
  MutexLock lock(mu_);
  const Timestamp now = clock_.Now();
  Millis wait(0);
  for (const Key& key : KeysOf(username, address))
    wait = std::max(wait, RetryAfterLocked(key, now));
  return wait;
}

void LoginLimiter::RecordFailure(std::string_view username, std::string_view address) {
  MutexLock lock(mu_);
  const Timestamp now = clock_.Now();
  for (const Key& key : KeysOf(username, address)) {
    if (failures_.size() >= limits_.max_keys && !failures_.count(key.name)) Evict(now);
    auto& f = failures_[key.name];
    Prune(f, now);
    f.push_back(now);
    // Only the last `max` matter for the block.
    while (static_cast<int>(f.size()) > key.max) f.pop_front();
  }
}

void LoginLimiter::RecordSuccess(std::string_view username, std::string_view address) {
  MutexLock lock(mu_);
  failures_.erase(KeysOf(username, address)[0].name);
}

void LoginLimiter::Evict(Timestamp now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    Prune(it->second, now);
    it = it->second.empty() ? failures_.erase(it) : std::next(it);
  }
  if (failures_.size() < limits_.max_keys) return;
  auto oldest = std::min_element(
      failures_.begin(), failures_.end(),
      [](const auto& a, const auto& b) { return a.second.back() < b.second.back(); });
  failures_.erase(oldest);
}

LoginLimiter::ScopedCheck::ScopedCheck(LoginLimiter& limiter)
    : limiter_(limiter),
      acquired_(limiter.checks_.fetch_add(1) < std::max(1, limiter.limits_.max_concurrent_checks)) {
  if (!acquired_) limiter_.checks_.fetch_sub(1);
}

LoginLimiter::ScopedCheck::~ScopedCheck() {
  if (acquired_) limiter_.checks_.fetch_sub(1);
}

}  // namespace pregon::http

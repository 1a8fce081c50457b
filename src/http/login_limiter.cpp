#include "http/login_limiter.h"

#include <algorithm>

namespace pregon::http {

void LoginLimiter::Prune(std::deque<Timestamp>& failures, Timestamp now) const {
  while (!failures.empty() && failures.front() + limits_.window <= now) failures.pop_front();
}

Millis LoginLimiter::RetryAfter(const std::string& key) {
  MutexLock lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return Millis(0);
  const Timestamp now = clock_.Now();
  Prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limits_.max_failures) return Millis(0);
  // Blocked until enough failures have left the window.
  const Timestamp until = it->second[it->second.size() - limits_.max_failures] + limits_.window;
  return std::max(Millis(1), std::chrono::duration_cast<Millis>(until - now));
}

void LoginLimiter::RecordFailure(const std::string& key) {
  MutexLock lock(mu_);
  const Timestamp now = clock_.Now();
  if (failures_.size() >= limits_.max_keys && !failures_.count(key)) Evict(now);
  auto& f = failures_[key];
  Prune(f, now);
  f.push_back(now);
  // Only the last max_failures matter for the block.
  while (static_cast<int>(f.size()) > limits_.max_failures) f.pop_front();
}

void LoginLimiter::RecordSuccess(const std::string& key) {
  MutexLock lock(mu_);
  failures_.erase(key);
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

}  // namespace pregon::http

#include "engine/rate_window.h"

#include <algorithm>
#include <cmath>

namespace pregon {
namespace {

constexpr double kSafety = 0.985;          // pace at 98.5 % of the rate
constexpr double kCatchUpSeconds = 0.012;  // the bucket holds this long's worth of sends,
constexpr double kMinCatchUp = 2.5;        // and at least this many
constexpr int64_t kMinWindowMs = 1015;     // a second plus 15 ms of jitter

int LimitFor(double rate) { return std::max(1, static_cast<int>(std::floor(rate))); }

Millis WindowFor(double rate) {
  const double ms = LimitFor(rate) * 1000.0 / (kSafety * rate);
  return Millis(std::max<int64_t>(kMinWindowMs, static_cast<int64_t>(std::ceil(ms))));
}

}  // namespace

RateWindow::RateWindow(Clock& clock, double rate)
    : clock_(clock),
      refill_per_ms_(kSafety * rate / 1000.0),
      capacity_(std::max(kMinCatchUp, kSafety * rate * kCatchUpSeconds)),
      limit_(LimitFor(rate)),
      window_(WindowFor(rate)),
      tokens_(1.0),
      refilled_(clock.Now()) {}

int RateWindow::AllowedLocked(Timestamp now, Millis* wait) {
  if (now > refilled_) {
    // Clock sleeps are whole milliseconds, so a waiter may wake with a sliver more than the
    // token it waited for; the cap keeps that sliver (capping it away would slow a
    // one-token bucket down by up to 10 %).
    const double grown = tokens_ + static_cast<double>((now - refilled_).count()) * refill_per_ms_;
    tokens_ = std::min(capacity_ + refill_per_ms_, grown);
    refilled_ = now;
  }
  while (!sends_.empty() && sends_.front() + window_ <= now) sends_.pop_front();
  const int in_window = limit_ - static_cast<int>(sends_.size());
  const int allowed = std::min(in_window, static_cast<int>(std::floor(tokens_)));
  if (allowed > 0) return allowed;
  const auto token_wait =
      Millis(static_cast<int64_t>(std::ceil(std::max(0.0, 1.0 - tokens_) / refill_per_ms_)));
  *wait = in_window > 0 ? token_wait : std::max(token_wait, sends_.front() + window_ - now);
  return 0;
}

int RateWindow::TakeLocked(int want, Millis* wait) {
  const Timestamp now = clock_.Now();
  const int allowed = AllowedLocked(now, wait);
  if (allowed <= 0) return 0;
  const int take = std::min(std::max(1, want), allowed);
  tokens_ -= take;
  sends_.insert(sends_.end(), take, now);
  return take;
}

int RateWindow::Acquire(int want) {
  for (;;) {
    Millis wait{0};
    {
      MutexLock lock(mu_);
      if (const int taken = TakeLocked(want, &wait); taken > 0) return taken;
    }
    clock_.SleepFor(std::max(Millis(1), wait));
  }
}

int RateWindow::TryAcquire(int want, Millis* until_next) {
  MutexLock lock(mu_);
  return TakeLocked(want, until_next);
}

void RateWindow::Return(int n) {
  MutexLock lock(mu_);
  // The newest entries stand for sends taken and not made (ours, or another thread's made
  // at the same instant or later: either way the window then holds the sends made).
  n = std::min<int>(std::max(0, n), static_cast<int>(sends_.size()));
  sends_.erase(sends_.end() - n, sends_.end());
  tokens_ = std::min(capacity_, tokens_ + n);
}

}  // namespace pregon

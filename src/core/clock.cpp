#include "core/clock.h"

#include <algorithm>
#include <thread>

namespace pregon {

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

Instant SystemClock::Monotonic() const { return std::chrono::steady_clock::now(); }

void SystemClock::SleepFor(Millis d) {
  if (d.count() > 0) std::this_thread::sleep_for(d);
}

bool SystemClock::WaitFor(MutexLock& lock, std::condition_variable& cv, Millis timeout,
                          const std::function<bool()>& done) {
  return cv.wait_for(lock.native(), timeout, done);
}

Instant SteadyNow() { return std::chrono::steady_clock::now(); }

void SteadySleepFor(Millis d) {
  if (d.count() > 0) std::this_thread::sleep_for(d);
}

FakeClock::FakeClock(Timestamp start) : now_ms_(ToUnixMillis(start)), mono_ms_(0) {}

Timestamp FakeClock::Now() const { return FromUnixMillis(now_ms_.load()); }

Instant FakeClock::Monotonic() const { return Instant(Millis(mono_ms_.load())); }

// Lock order: mu_ before a waiter's mutex (WakeWaiters). A waiter therefore registers and
// unregisters with its own mutex released; it reads the time from the atomics, so it never
// needs mu_ while holding its mutex. Notifying under the waiter's mutex means a waiter that
// has checked the time and not yet slept cannot miss the advance.
bool FakeClock::WaitFor(MutexLock& lock, std::condition_variable& cv, Millis timeout,
                        const std::function<bool()>& done) {
  const Instant deadline = Monotonic() + timeout;
  Waiter self{lock.native().mutex(), &cv};
  lock.Unlock();
  {
    MutexLock g(mu_);
    waiters_.push_back(&self);
  }
  waiters_changed_.notify_all();
  lock.Lock();
  while (!done() && Monotonic() < deadline) cv.wait(lock.native());
  const bool result = done();
  lock.Unlock();
  {
    MutexLock g(mu_);
    waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &self));
  }
  waiters_changed_.notify_all();
  lock.Lock();
  return result;
}

void FakeClock::WakeWaiters() {
  MutexLock g(mu_);
  for (Waiter* w : waiters_) {
    std::lock_guard held(*w->mu);
    w->cv->notify_all();
  }
}

void FakeClock::Advance(Millis d) {
  now_ms_ += d.count();
  mono_ms_ += std::max<int64_t>(0, d.count());
  WakeWaiters();
}

void FakeClock::Set(Timestamp t) {
  const int64_t before = now_ms_.exchange(ToUnixMillis(t));
  mono_ms_ += std::max<int64_t>(0, ToUnixMillis(t) - before);
  WakeWaiters();
}

bool FakeClock::WaitForWaiters(size_t n, Millis real_limit) {
  MutexLock lock(mu_);
  return waiters_changed_.wait_for(lock.native(), real_limit,
                                   [&]() REQUIRES(mu_) { return waiters_.size() >= n; });
}

}  // namespace pregon

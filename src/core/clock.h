// Clock: the only source of time in pregon's logic.
//
// Everything that paces, leases, retries, schedules or waits asks a Clock, so tests drive a
// 12-minute batch pause, a lease heartbeat or an engine's poll interval with FakeClock in
// microseconds instead of sleeping. Only core/clock.cpp reads std::chrono's clocks
// (`make source-check` enforces it).
//
// Two kinds of time: Now() is the wall-clock UTC instant with millisecond resolution (what
// the store keeps); Monotonic() never jumps when the wall clock is set, for deadlines and
// elapsed times.
//
// Thread-safety: implementations are safe for concurrent use.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/mutex.h"

namespace pregon {

using Millis = std::chrono::milliseconds;
using Timestamp = std::chrono::sys_time<Millis>;
using Instant = std::chrono::steady_clock::time_point;

inline int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromUnixMillis(int64_t ms) { return Timestamp(Millis(ms)); }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  virtual Instant Monotonic() const = 0;
  // Blocks the calling thread for `d` (FakeClock: advances its time instead, at once).
  virtual void SleepFor(Millis d) = 0;
  // Waits on `cv`, with `lock` held as for std::condition_variable::wait_for, until done()
  // or `timeout` has passed on this clock; returns done(). Whoever makes done() true
  // notifies `cv` under `lock`'s mutex. done() runs with the mutex held: a lambda that reads
  // guarded fields says so with REQUIRES(mu_). FakeClock: the timeout passes when the fake
  // time is advanced past it, never in real time.
  virtual bool WaitFor(MutexLock& lock, std::condition_variable& cv, Millis timeout,
                       const std::function<bool()>& done) = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  Instant Monotonic() const override;
  void SleepFor(Millis d) override;
  bool WaitFor(MutexLock& lock, std::condition_variable& cv, Millis timeout,
               const std::function<bool()>& done) override;
};

// The process's monotonic time and a real sleep, for I/O adapters whose waits are real by
// nature (libcurl's timers, a database reconnect window) and that take no Clock.
Instant SteadyNow();
void SteadySleepFor(Millis d);

// A clock that moves only when told to. SleepFor advances it, so code that paces itself on
// the clock runs instantly; WaitFor blocks until Advance/Set moves the time past its timeout
// (or the waiter is notified and done), so a test steps a waiting thread deterministically:
// WaitForWaiters(1), then Advance.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = FromUnixMillis(1'767'225'600'000));  // 2026-01-01Z
  Timestamp Now() const override;
  Instant Monotonic() const override;
  void SleepFor(Millis d) override { Advance(d); }
  // Not analysed for thread safety: `lock` comes in held and goes back held, which the
  // analysis cannot follow through a reference.
  bool WaitFor(MutexLock& lock, std::condition_variable& cv, Millis timeout,
               const std::function<bool()>& done) override NO_THREAD_SAFETY_ANALYSIS;

  void Advance(Millis d);
  // Sets the wall time (it may go back, as a wall clock set by hand does); the monotonic
  // time moves forward by as much as the wall time did, never back.
  void Set(Timestamp t);
  // Blocks (in real time, at most `real_limit`) until at least n threads are inside
  // WaitFor; false if they never were.
  bool WaitForWaiters(size_t n, Millis real_limit = Millis(30'000));

 private:
  struct Waiter {
    std::mutex* mu;
    std::condition_variable* cv;
  };
  void WakeWaiters();

  std::atomic<int64_t> now_ms_;   // wall time, Unix ms
  std::atomic<int64_t> mono_ms_;  // monotonic time, ms since construction
  Mutex mu_;                      // taken before a waiter's mutex, never after
  std::condition_variable waiters_changed_;
  std::vector<Waiter*> waiters_ GUARDED_BY(mu_);
};

}  // namespace pregon

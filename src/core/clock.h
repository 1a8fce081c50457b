// Clock: the only source of time in pregon's logic.
//
// Everything that paces, leases, retries or schedules asks a Clock, so tests drive a
// 12-minute batch pause with FakeClock in microseconds instead of sleeping. Only
// SystemClock calls std::chrono's clocks.
//
// Times are wall-clock UTC instants with millisecond resolution (what the store keeps).
// Thread-safety: implementations are safe for concurrent use.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

namespace pregon {

using Millis = std::chrono::milliseconds;
using Timestamp = std::chrono::sys_time<Millis>;

inline int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromUnixMillis(int64_t ms) { return Timestamp(Millis(ms)); }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // Blocks the calling thread for `d` (FakeClock: advances its time instead, at once).
  virtual void SleepFor(Millis d) = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  void SleepFor(Millis d) override;
};

// A clock that moves only when told to. SleepFor advances it, so code that waits on the
// clock runs instantly under test.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = FromUnixMillis(1'767'225'600'000))  // 2026-01-01Z
      : now_(start) {}
  Timestamp Now() const override;
  void SleepFor(Millis d) override { Advance(d); }
  void Advance(Millis d);
  void Set(Timestamp t);

 private:
  mutable std::mutex mu_;
  Timestamp now_;  // GUARDED_BY(mu_)
};

}  // namespace pregon

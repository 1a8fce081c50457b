#include "core/clock.h"

#include <thread>

namespace pregon {

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

void SystemClock::SleepFor(Millis d) {
  if (d.count() > 0) std::this_thread::sleep_for(d);
}

Timestamp FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}

void FakeClock::Advance(Millis d) {
  std::lock_guard lock(mu_);
  now_ += d;
}

void FakeClock::Set(Timestamp t) {
  std::lock_guard lock(mu_);
  now_ = t;
}

}  // namespace pregon

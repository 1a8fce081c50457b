#include "core/clock.h"

#include <gtest/gtest.h>

#include <thread>

namespace pregon {
namespace {

TEST(FakeClock, AdvanceMovesBothTimes) {
  FakeClock clock;
  const Timestamp wall = clock.Now();
  const Instant mono = clock.Monotonic();
  clock.Advance(Millis(720'000));
  EXPECT_EQ(clock.Now() - wall, Millis(720'000));
  EXPECT_EQ(clock.Monotonic() - mono, Millis(720'000));
}

TEST(FakeClock, SettingTheWallTimeBackLeavesMonotonicTimeAlone) {
  FakeClock clock;
  const Instant mono = clock.Monotonic();
  clock.Set(clock.Now() - Millis(3'600'000));
  EXPECT_EQ(clock.Monotonic(), mono);
  clock.Set(clock.Now() + Millis(5'000));
  EXPECT_EQ(clock.Monotonic() - mono, Millis(5'000));
}

// A thread waiting 10 minutes on the fake clock wakes when the clock is advanced past its
// timeout, not before, and never because real time passed.
TEST(FakeClock, AWaitEndsWhenTheFakeTimePassesItsTimeout) {
  FakeClock clock;
  Mutex mu;
  std::condition_variable cv;
  std::atomic<bool> returned{false};
  bool result = true;
  std::thread waiter([&] {
    MutexLock lock(mu);
    result = clock.WaitFor(lock, cv, Millis(600'000), [] { return false; });
    returned = true;
  });
  ASSERT_TRUE(clock.WaitForWaiters(1));
  clock.Advance(Millis(599'999));
  // Still waiting: one waiter, not returned (it re-checked under the advance and slept).
  ASSERT_TRUE(clock.WaitForWaiters(1));
  EXPECT_FALSE(returned.load());
  clock.Advance(Millis(1));
  waiter.join();
  EXPECT_TRUE(returned.load());
  EXPECT_FALSE(result);
}

TEST(FakeClock, ANotifiedWaitEndsAtOnceWhenDone) {
  FakeClock clock;
  Mutex mu;
  std::condition_variable cv;
  bool done = false;
  bool result = false;
  std::thread waiter([&] {
    MutexLock lock(mu);
    result = clock.WaitFor(lock, cv, Millis(600'000), [&] { return done; });
  });
  ASSERT_TRUE(clock.WaitForWaiters(1));
  {
    MutexLock lock(mu);
    done = true;
  }
  cv.notify_all();
  waiter.join();
  EXPECT_TRUE(result);
}

TEST(FakeClock, AWaitWhoseConditionAlreadyHoldsDoesNotBlock) {
  FakeClock clock;
  Mutex mu;
  std::condition_variable cv;
  MutexLock lock(mu);
  EXPECT_TRUE(clock.WaitFor(lock, cv, Millis(600'000), [] { return true; }));
  EXPECT_TRUE(lock.native().owns_lock());
}

TEST(SystemClock, AWaitTimesOutInRealTime) {
  SystemClock clock;
  Mutex mu;
  std::condition_variable cv;
  MutexLock lock(mu);
  const Instant start = clock.Monotonic();
  EXPECT_FALSE(clock.WaitFor(lock, cv, Millis(20), [] { return false; }));
  EXPECT_GE(clock.Monotonic() - start, Millis(20));
}

}  // namespace
}  // namespace pregon

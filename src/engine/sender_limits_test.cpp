#include "engine/sender_limits.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "engine/rate_test_util.h"

namespace pregon {
namespace {

using testing_util::BusiestSecond;

// A provider counts messages per second (Telegram: 30 per bot): a configured rate must
// never be exceeded in any one-second window, low rates included.
TEST(SenderLimitsTest, DefaultLimiterNeverExceedsTheRateInAnySecond) {
  for (double rate : {1.0, 5.0, 30.0, 100.0, 1000.0}) {
    SCOPED_TRACE(rate);
    FakeClock clock;
    SenderLimits limits(clock);
    RateLimiter& bucket = limits.Rate(/*sender_id=*/1, rate, /*burst=*/0);
    std::vector<int64_t> times;
    while (times.size() < static_cast<size_t>(rate * 5)) {
      const int n = bucket.Acquire(64);  // greedy: as many as the bucket gives
      for (int i = 0; i < n; ++i) times.push_back(ToUnixMillis(clock.Now()));
    }
    EXPECT_LE(BusiestSecond(times), static_cast<size_t>(rate));
    // And the rate is used: five seconds' worth takes about five seconds.
    EXPECT_LE(times.back() - times.front(), 5'200);
  }
}

// The dispatcher takes what is free without waiting while it has results to collect.
TEST(SenderLimitsTest, TryingNeverWaits) {
  FakeClock clock;
  const Timestamp start = clock.Now();
  SenderLimits limits(clock);
  for (const int burst : {0, 10}) {  // the default RateWindow, and a TokenBucket
    SCOPED_TRACE(burst);
    RateLimiter& rate = limits.Rate(/*sender_id=*/1 + burst, /*rate=*/100, burst);
    int taken = 0;
    Millis next{0};
    while (const int n = rate.TryAcquire(64, &next)) taken += n;
    EXPECT_GE(taken, burst);
    EXPECT_GT(taken, 0);
    // At 100/s (98.5 % of it for the RateWindow) the next send is due within ~10 ms.
    EXPECT_GT(next, Millis(0));
    EXPECT_LE(next, Millis(11));
    EXPECT_EQ(rate.AvailableNow(5, &next), 0);
    rate.Return(1);
    EXPECT_EQ(rate.AvailableNow(5, &next), 1) << "a peek takes nothing";
    EXPECT_EQ(rate.TryAcquire(5, &next), 1);
    EXPECT_EQ(rate.TryAcquire(5, &next), 0);
  }
  EXPECT_EQ(clock.Now(), start) << "trying never sleeps on the clock";

  InFlightGate& gate = limits.InFlight(/*sender_id=*/1, "s", /*capacity=*/10);
  EXPECT_EQ(gate.TryAcquire(4), 4);
  EXPECT_EQ(gate.TryAcquire(20), 6);
  EXPECT_EQ(gate.TryAcquire(1), 0);
  EXPECT_EQ(gate.held(), 10);
  gate.Release(10);
}

// A thread starting to stream waits for a whole group of permits, not the first one free.
TEST(SenderLimitsTest, AcquireWaitsForTheGroupItNeeds) {
  InFlightGate gate(8);
  ASSERT_EQ(gate.Acquire(7), 7);
  std::atomic<int> got{0};
  std::thread waiter([&] { got = gate.Acquire(4, /*at_least=*/4); });
  while (gate.waiting() == 0) std::this_thread::yield();
  gate.Release(2);  // 3 free: not enough yet
  EXPECT_EQ(gate.waiting(), 1);
  EXPECT_EQ(got.load(), 0);
  gate.Release(1);  // 4 free
  waiter.join();
  EXPECT_EQ(got.load(), 4);
  EXPECT_EQ(gate.held(), 8);
  // At most the capacity is ever waited for.
  gate.Release(8);
  EXPECT_EQ(gate.Acquire(100, /*at_least=*/100), 8);
}

// Release hands its permits to the waiters itself, oldest first, passing over one that needs
// more than is free; nobody can take them in between.
TEST(SenderLimitsTest, ReleaseServesTheWaitersInTurn) {
  InFlightGate gate(6);
  ASSERT_EQ(gate.Acquire(6), 6);
  std::atomic<int> first{0}, second{0}, small{0};
  std::thread a([&] { first = gate.Acquire(2, /*at_least=*/2); });
  while (gate.waiting() < 1) std::this_thread::yield();
  std::thread b([&] { second = gate.Acquire(2, /*at_least=*/2); });
  while (gate.waiting() < 2) std::this_thread::yield();
  std::thread c([&] { small = gate.Acquire(1); });
  while (gate.waiting() < 3) std::this_thread::yield();

  gate.Release(1);  // too few for the two older waiters: the one that needs 1 goes
  c.join();
  EXPECT_EQ(small.load(), 1);
  EXPECT_EQ(gate.waiting(), 2);

  gate.Release(2);  // the oldest waiter's, not another caller's
  EXPECT_EQ(gate.TryAcquire(2), 0);
  a.join();
  EXPECT_EQ(first.load(), 2);
  EXPECT_EQ(second.load(), 0);
  EXPECT_EQ(gate.waiting(), 1);

  gate.Release(3);
  b.join();
  EXPECT_EQ(second.load(), 2);
  EXPECT_EQ(gate.held(), 5);
  gate.Release(5);
  EXPECT_EQ(gate.held(), 0);
}

}  // namespace
}  // namespace pregon

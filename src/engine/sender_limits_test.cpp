#include "engine/sender_limits.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace pregon

#include "http/login_limiter.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

TEST(LoginLimiter, BlocksAfterMaxFailuresUntilTheWindowMoves) {
  FakeClock clock;
  LoginLimiter limiter(clock, {3, Millis(60'000), 100});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.RetryAfter("ana|1.2.3.4"), Millis(0));
    limiter.RecordFailure("ana|1.2.3.4");
    clock.Advance(Millis(1000));
  }
  // Failures at t=0, 1 s, 2 s; now t=3 s: blocked until the first leaves (t=60 s).
  EXPECT_EQ(limiter.RetryAfter("ana|1.2.3.4"), Millis(57'000));
  EXPECT_EQ(limiter.RetryAfter("ana|5.6.7.8"), Millis(0)) << "another client is not blocked";
  clock.Advance(Millis(57'000));
  EXPECT_EQ(limiter.RetryAfter("ana|1.2.3.4"), Millis(0));
  limiter.RecordFailure("ana|1.2.3.4");  // t=60 s: failures at 1, 2, 60 s
  EXPECT_EQ(limiter.RetryAfter("ana|1.2.3.4"), Millis(1000));
}

TEST(LoginLimiter, SuccessClearsTheKey) {
  FakeClock clock;
  LoginLimiter limiter(clock, {2, Millis(60'000), 100});
  limiter.RecordFailure("k");
  limiter.RecordSuccess("k");
  limiter.RecordFailure("k");
  EXPECT_EQ(limiter.RetryAfter("k"), Millis(0));
}

TEST(LoginLimiter, KeepsAtMostMaxKeys) {
  FakeClock clock;
  LoginLimiter limiter(clock, {1, Millis(60'000), 3});
  for (int i = 0; i < 10; ++i) {
    limiter.RecordFailure("k" + std::to_string(i));
    clock.Advance(Millis(1));
  }
  EXPECT_GT(limiter.RetryAfter("k9"), Millis(0)) << "the newest key is kept";
  EXPECT_EQ(limiter.RetryAfter("k0"), Millis(0)) << "the oldest was evicted";
}

}  // namespace
}  // namespace pregon::http

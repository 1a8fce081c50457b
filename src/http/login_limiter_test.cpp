#include "http/login_limiter.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

LoginLimits Limits(int per_pair, int per_address, int per_user, size_t max_keys = 100) {
  LoginLimits l;
  l.max_failures = per_pair;
  l.max_failures_per_address = per_address;
  l.max_failures_per_user = per_user;
  l.window = Millis(60'000);
  l.max_keys = max_keys;
  return l;
}

TEST(LoginLimiter, BlocksAfterMaxFailuresUntilTheWindowMoves) {
  FakeClock clock;
  LoginLimiter limiter(clock, Limits(3, 100, 100));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.RetryAfter("ana", "1.2.3.4"), Millis(0));
    limiter.RecordFailure("ana", "1.2.3.4");
    clock.Advance(Millis(1000));
  }
  // Failures at t=0, 1 s, 2 s; now t=3 s: blocked until the first leaves (t=60 s).
  EXPECT_EQ(limiter.RetryAfter("ana", "1.2.3.4"), Millis(57'000));
  EXPECT_EQ(limiter.RetryAfter("ana", "5.6.7.8"), Millis(0)) << "another client is not blocked";
  clock.Advance(Millis(57'000));
  EXPECT_EQ(limiter.RetryAfter("ana", "1.2.3.4"), Millis(0));
  limiter.RecordFailure("ana", "1.2.3.4");  // t=60 s: failures at 1, 2, 60 s
  EXPECT_EQ(limiter.RetryAfter("ana", "1.2.3.4"), Millis(1000));
}

// A client that changes the username on every try is still counted.
TEST(LoginLimiter, ChangingTheUsernameDoesNotEscapeTheAddressLimit) {
  FakeClock clock;
  LoginLimiter limiter(clock, Limits(5, 4, 100));
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("user" + std::to_string(i), "6.6.6.6");
  EXPECT_GT(limiter.RetryAfter("someone-new", "6.6.6.6"), Millis(0));
  EXPECT_EQ(limiter.RetryAfter("someone-new", "1.2.3.4"), Millis(0));
}

// Many addresses guessing one account: the account's own limit stops them.
TEST(LoginLimiter, ManyAddressesGuessingOneAccountAreStopped) {
  FakeClock clock;
  LoginLimiter limiter(clock, Limits(5, 20, 6));
  for (int i = 0; i < 6; ++i) limiter.RecordFailure("ana", "10.0.0." + std::to_string(i));
  EXPECT_GT(limiter.RetryAfter("ana", "10.0.0.99"), Millis(0));
  EXPECT_EQ(limiter.RetryAfter("bob", "10.0.0.99"), Millis(0));
}

TEST(LoginLimiter, SuccessClearsOnlyItsOwnCount) {
  FakeClock clock;
  LoginLimiter limiter(clock, Limits(2, 3, 100));
  limiter.RecordFailure("ana", "1.1.1.1");
  limiter.RecordSuccess("ana", "1.1.1.1");
  limiter.RecordFailure("ana", "1.1.1.1");
  EXPECT_EQ(limiter.RetryAfter("ana", "1.1.1.1"), Millis(0));
  // The address's count went on: a success of one account does not reset it.
  limiter.RecordFailure("bob", "1.1.1.1");
  EXPECT_GT(limiter.RetryAfter("carl", "1.1.1.1"), Millis(0));
}

TEST(LoginLimiter, UsernamesCannotCollideWithAddresses) {
  FakeClock clock;
  LoginLimiter limiter(clock, Limits(100, 1, 100));
  limiter.RecordFailure("1.2.3.4", "5.5.5.5");
  EXPECT_EQ(limiter.RetryAfter("x", "1.2.3.4"), Millis(0));
}

TEST(LoginLimiter, KeepsAtMostMaxKeys) {
  FakeClock clock;
  LoginLimiter limiter(clock, Limits(1, 100, 100, /*max_keys=*/9));
  for (int i = 0; i < 10; ++i) {
    limiter.RecordFailure("u", "10.0.0." + std::to_string(i));
    clock.Advance(Millis(1));
  }
  EXPECT_GT(limiter.RetryAfter("u", "10.0.0.9"), Millis(0)) << "the newest key is kept";
  EXPECT_EQ(limiter.RetryAfter("u", "10.0.0.0"), Millis(0)) << "the oldest was evicted";
}

TEST(LoginLimiter, PasswordChecksBeyondTheCapAreRefusedAtOnce) {
  FakeClock clock;
  LoginLimits limits;
  limits.max_concurrent_checks = 2;
  LoginLimiter limiter(clock, limits);
  {
    LoginLimiter::ScopedCheck a(limiter), b(limiter);
    EXPECT_TRUE(a.acquired());
    EXPECT_TRUE(b.acquired());
    LoginLimiter::ScopedCheck c(limiter);
    EXPECT_FALSE(c.acquired());
  }
  LoginLimiter::ScopedCheck again(limiter);
  EXPECT_TRUE(again.acquired()) << "slots come back when checks end";
}

}  // namespace
}  // namespace pregon::http

#include "engine/retry_policy.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

constexpr DeliveryGuarantee kAtMostOnce = DeliveryGuarantee::kAtMostOnce;
constexpr DeliveryGuarantee kAtLeastOnce = DeliveryGuarantee::kAtLeastOnce;

TEST(RetryPolicy, BackoffDoublesWithinJitterAndCaps) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.2}, 1);
  for (int i = 0; i < 50; ++i) {
    auto b1 = p.Backoff(1), b3 = p.Backoff(3), b9 = p.Backoff(9);
    EXPECT_GE(b1, Millis(800));
    EXPECT_LE(b1, Millis(1200));
    EXPECT_GE(b3, Millis(3200));
    EXPECT_LE(b3, Millis(4800));
    EXPECT_LE(b9, Millis(12'000));
    EXPECT_GE(b9, Millis(8'000));
  }
}

TEST(RetryPolicy, ClassifiesEachOutcome) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.0}, 1);
  Timestamp now = FromUnixMillis(1'000'000);
  DeliveryTask t;
  t.delivery_id = 1;
  t.attempts = 1;
  EXPECT_EQ(p.Decide(t, {SendOutcome::kSent, "pid", "", {}, false}, 5, kAtMostOnce, now).status,
            DeliveryStatus::kSent);
  EXPECT_EQ(
      p.Decide(t, {SendOutcome::kPermanent, "", "400", {}, false}, 5, kAtMostOnce, now).status,
      DeliveryStatus::kFailed);
  EXPECT_EQ(
      p.Decide(t, {SendOutcome::kUnavailable, "", "403", {}, false}, 5, kAtMostOnce, now).status,
      DeliveryStatus::kUnavailable);
  auto retry = p.Decide(t, {SendOutcome::kTransient, "", "503", {}, false}, 5, kAtMostOnce, now);
  EXPECT_EQ(retry.status, DeliveryStatus::kPending);
  EXPECT_EQ(retry.retry_at, now + Millis(1000));
  // The provider's retry_after wins when longer.
  auto throttled =
      p.Decide(t, {SendOutcome::kTransient, "", "429", Millis(7000), false}, 5, kAtMostOnce, now);
  EXPECT_EQ(throttled.retry_at, now + Millis(7000));
  EXPECT_FALSE(throttled.attempt_not_counted) << "a 503 with Retry-After is still an attempt";
  t.attempts = 5;
  auto gave_up =
      p.Decide(t, {SendOutcome::kTransient, "", "HTTP 503", {}, false}, 5, kAtMostOnce, now);
  EXPECT_EQ(gave_up.status, DeliveryStatus::kFailed);
  EXPECT_EQ(gave_up.error, "gave up after 5 attempts: HTTP 503");
}

// A throttle or a blocked sender is not an attempt: even at the last attempt the message
// waits for the sender's pause instead of failing.
TEST(RetryPolicy, ThrottlesAndSenderBlocksNeverUseUpTheAttempts) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.0}, 1);
  Timestamp now = FromUnixMillis(1'000'000);
  DeliveryTask t;
  t.delivery_id = 1;
  t.attempts = 3;
  SendResult throttle{SendOutcome::kTransient, "", "HTTP 429", Millis(2000), false};
  throttle.throttled = true;
  auto o = p.Decide(t, throttle, 3, kAtMostOnce, now);
  EXPECT_EQ(o.status, DeliveryStatus::kPending);
  EXPECT_TRUE(o.attempt_not_counted);
  EXPECT_EQ(o.retry_at, now + Millis(2000));
  auto blocked =
      p.Decide(t, {SendOutcome::kTransient, "", "HTTP 402", {}, true}, 3, kAtMostOnce, now);
  EXPECT_EQ(blocked.status, DeliveryStatus::kPending);
  EXPECT_TRUE(blocked.attempt_not_counted);
}

// A try that may have reached the provider (a timeout after the request was written) is
// never resent under at_most_once, and resent — then unknown, not failed — under
// at_least_once. A plain transient failure (it never arrived) is retried under both.
TEST(RetryPolicy, AnAmbiguousTryIsUnknownUnderAtMostOnceAndResentUnderAtLeastOnce) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.0}, 1);
  const Timestamp now = FromUnixMillis(1'000'000);
  DeliveryTask t;
  t.delivery_id = 1;
  t.attempts = 1;
  SendResult timeout{SendOutcome::kTransient, "", "timeout: no answer in 30 s", {}, false};
  timeout.ambiguous = true;

  const auto once = p.Decide(t, timeout, 3, kAtMostOnce, now);
  EXPECT_EQ(once.status, DeliveryStatus::kUnknown);
  EXPECT_EQ(once.error,
            "may have reached the provider, not resent (at_most_once): timeout: no answer in 30 s");

  const auto again = p.Decide(t, timeout, 3, kAtLeastOnce, now);
  EXPECT_EQ(again.status, DeliveryStatus::kPending);
  EXPECT_EQ(again.retry_at, now + Millis(1000));
  EXPECT_FALSE(again.attempt_not_counted);

  t.attempts = 3;
  const auto last = p.Decide(t, timeout, 3, kAtLeastOnce, now);
  EXPECT_EQ(last.status, DeliveryStatus::kUnknown) << "the last try may have arrived";
  EXPECT_EQ(last.error, "gave up after 3 attempts: timeout: no answer in 30 s");

  // Known not to have arrived (refused connection): retried under at_most_once too.
  t.attempts = 1;
  const SendResult refused{SendOutcome::kTransient, "", "connect: refused", {}, false};
  EXPECT_EQ(p.Decide(t, refused, 3, kAtMostOnce, now).status, DeliveryStatus::kPending);
  t.attempts = 3;
  EXPECT_EQ(p.Decide(t, refused, 3, kAtLeastOnce, now).status, DeliveryStatus::kFailed);
}

}  // namespace
}  // namespace pregon

#include "engine/token_bucket.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(TokenBucket, HoldsTheRateOnAFakeClock) {
  FakeClock clock;
  TokenBucket bucket(clock, 200, 1);
  Timestamp start = clock.Now();
  int taken = 0;
  while (taken < 2000) taken += bucket.Acquire(50);
  // 2000 messages at 200/s, burst 1: the first is free, the rest take 1999/200 s.
  auto elapsed = clock.Now() - start;
  EXPECT_GE(elapsed, Millis(9990));
  EXPECT_LE(elapsed, Millis(10'010));
}

TEST(TokenBucket, BurstAndReturn) {
  FakeClock clock;
  TokenBucket bucket(clock, 10, 5);
  EXPECT_EQ(bucket.Acquire(100), 5);
  bucket.Return(3);
  EXPECT_EQ(bucket.Acquire(100), 3);
  TokenBucket unlimited(clock, 0, 0);
  EXPECT_EQ(unlimited.Acquire(1000), 1000);
}

}  // namespace
}  // namespace pregon

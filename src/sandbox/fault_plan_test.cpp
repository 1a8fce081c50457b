#include "sandbox/fault_plan.h"

#include <gtest/gtest.h>

#include <regex>
#include <vector>

namespace pregon {
namespace {

std::vector<Fault> Take(FaultPlan& plan, int n) {
  std::vector<Fault> faults;
  for (int i = 0; i < n; ++i) faults.push_back(plan.Next());
  return faults;
}

TEST(FaultPlanTest, NoFaultsByDefault) {
  FaultPlan plan(0, 0, 1);
  for (Fault f : Take(plan, 1000)) EXPECT_EQ(f, Fault::kNone);
}

TEST(FaultPlanTest, ThrottlesEveryNthRequest) {
  FaultPlan plan(0, 3, 1);
  const auto faults = Take(plan, 9);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(faults[i], (i + 1) % 3 == 0 ? Fault::kThrottle : Fault::kNone) << i;
  }
}

TEST(FaultPlanTest, FailRateIsHonouredAndReproducible) {
  FaultPlan a(0.3, 0, 42);
  FaultPlan b(0.3, 0, 42);
  FaultPlan other_seed(0.3, 0, 43);
  const auto fa = Take(a, 10000);
  EXPECT_EQ(fa, Take(b, 10000));
  EXPECT_NE(fa, Take(other_seed, 10000));
  const auto failed = std::count(fa.begin(), fa.end(), Fault::kFail);
  EXPECT_NEAR(static_cast<double>(failed) / 10000, 0.3, 0.03);
}

TEST(FaultPlanTest, FailRateOneFailsAllButThrottled) {
  FaultPlan plan(1, 2, 0);
  const auto faults = Take(plan, 4);
  EXPECT_EQ(faults,
            (std::vector<Fault>{Fault::kFail, Fault::kThrottle, Fault::kFail, Fault::kThrottle}));
}

TEST(FormatUuidTest, LooksLikeAUuid) {
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (uint64_t i = 0; i < 100; ++i) {
    const std::string uuid = FormatUuid(Mix64(i), Mix64(~i));
    EXPECT_TRUE(std::regex_match(uuid, shape)) << uuid;
  }
  EXPECT_NE(FormatUuid(Mix64(1), Mix64(2)), FormatUuid(Mix64(2), Mix64(1)));
}

TEST(StableHashTest, IsFnv1a) {
  EXPECT_EQ(StableHash(""), 0xCBF29CE484222325ULL);
  EXPECT_EQ(StableHash("a"), 0xAF63DC4C8601EC8CULL);
}

}  // namespace
}  // namespace pregon

#include "core/slots.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(Slots, WeightComesFromTheMonthlyEstimate) {
  EXPECT_EQ(ReservationWeight(0), 1);
  EXPECT_EQ(ReservationWeight(2'000), 1);
  EXPECT_EQ(ReservationWeight(2'001), 2);
  EXPECT_EQ(ReservationWeight(5'000), 2);
  EXPECT_EQ(ReservationWeight(5'001), 3);
  EXPECT_EQ(EstimatedPending(3'000, kDefaultPendingFactor), 240);
  EXPECT_EQ(EstimatedPending(13, 0.08), 1);  // rounded
}

TEST(Slots, ItemsSplitIntoRangesOfTheJobsSize) {
  auto ranges = SplitRanges(250, 100);
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(ranges[0].start, 1);
  EXPECT_EQ(ranges[0].end, 100);
  EXPECT_EQ(ranges[1].start, 101);
  EXPECT_EQ(ranges[2].start, 201);
  EXPECT_EQ(ranges[2].end, 250);
  EXPECT_TRUE(SplitRanges(0, 100).empty());
  EXPECT_EQ(SplitRanges(100, 100).size(), 1u);
  EXPECT_EQ(SplitRanges(1, 1).back().end, 1);
}

TEST(Slots, HoursAreZeroToTwentyThree) {
  EXPECT_TRUE(CheckHour("hour", 0).ok());
  EXPECT_TRUE(CheckHour("hour", 23).ok());
  EXPECT_EQ(CheckHour("hour", 24).field(), "hour");
  EXPECT_FALSE(CheckHour("hour", -1).ok());
  EXPECT_EQ(HourLabel(7), "07:00");
  HourSlot s;
  s.max_users = 3;
  s.current_users = 5;  // a capacity lowered under its reservations
  EXPECT_EQ(s.available(), 0);
}

TEST(Slots, AJobNeedsANameAnAbsoluteCommandAndSaneLimits) {
  JobDefinition j;
  j.name = "reporter";
  j.command = "/opt/reporter/run";
  EXPECT_TRUE(j.Validate().ok()) << j.Validate().ToString();
  auto with = [&](auto change) {
    JobDefinition copy = j;
    change(copy);
    return copy.Validate().field();
  };
  EXPECT_EQ(with([](JobDefinition& x) { x.name = "bad name"; }), "name");
  EXPECT_EQ(with([](JobDefinition& x) { x.command = "run.sh"; }), "command");
  EXPECT_EQ(with([](JobDefinition& x) { x.command = "/opt/run\n--evil"; }), "command");
  EXPECT_EQ(with([](JobDefinition& x) { x.timeout = Millis(10); }), "timeout");
  EXPECT_EQ(with([](JobDefinition& x) { x.range_size = 0; }), "range_size");
  EXPECT_EQ(with([](JobDefinition& x) { x.pool = ""; }), "pool");
  EXPECT_EQ(with([](JobDefinition& x) { x.range_retries = -1; }), "retries");
}

TEST(Slots, StatusesRoundTrip) {
  for (auto s :
       {RunStatus::kRunning, RunStatus::kCompleted, RunStatus::kFailed, RunStatus::kCancelled})
    EXPECT_EQ(*ParseRunStatus(RunStatusName(s)), s);
  for (auto s : {RunUserStatus::kPreparing, RunUserStatus::kRunning, RunUserStatus::kCompleted,
                 RunUserStatus::kFailed, RunUserStatus::kCancelled})
    EXPECT_EQ(*ParseRunUserStatus(RunUserStatusName(s)), s);
  EXPECT_FALSE(ParseRunStatus("done").ok());
}

}  // namespace
}  // namespace pregon

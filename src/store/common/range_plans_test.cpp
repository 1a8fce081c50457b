#include "store/common/range_plans.h"

#include <gtest/gtest.h>

#include <vector>

namespace pregon::store {
namespace {

const Timestamp kNow = FromUnixMillis(1'700'000'000'000);
constexpr CampaignStatus kSending = CampaignStatus::kSending;

DeliveryOutcome Outcome(DeliveryStatus status, std::optional<SuppressionReason> suppress = {}) {
  DeliveryOutcome o;
  o.status = status;
  o.suppress = suppress;
  return o;
}

std::vector<int64_t> Starts(int64_t scan_from) {
  RangeLease lease;
  lease.first_seq = 101;
  lease.last_seq = 200;
  lease.scan_from = scan_from;
  const ScanStarts starts = ScanStartsFor(lease);
  return {starts.begin(), starts.end()};
}

TEST(RangePlans, AClaimLooksFromWhereTheLastStoppedThenOverTheWholeRange) {
  EXPECT_EQ(Starts(0), (std::vector<int64_t>{101})) << "a new lease";
  EXPECT_EQ(Starts(101), (std::vector<int64_t>{101}));
  EXPECT_EQ(Starts(150), (std::vector<int64_t>{150, 101}));
  EXPECT_EQ(Starts(201), (std::vector<int64_t>{201, 101})) << "all handed out: retries";
  EXPECT_EQ(Starts(5'000), (std::vector<int64_t>{101})) << "not this range's";
}

TEST(RangePlans, OnlyTheStatusesASendEndsInAreRecordable) {
  std::vector<DeliveryOutcome> ok = {
      Outcome(DeliveryStatus::kSent), Outcome(DeliveryStatus::kFailed),
      Outcome(DeliveryStatus::kPending), Outcome(DeliveryStatus::kUnknown),
      Outcome(DeliveryStatus::kUnavailable)};
  EXPECT_TRUE(CheckRecordable(ok).ok());
  for (auto bad : {DeliveryStatus::kInFlight, DeliveryStatus::kSuppressed}) {
    std::vector<DeliveryOutcome> one = {Outcome(DeliveryStatus::kSent), Outcome(bad)};
    Status s = CheckRecordable(one);
    EXPECT_EQ(s.code(), StatusCode::kInternal);
    EXPECT_NE(s.message().find(DeliveryStatusName(bad)), std::string::npos) << s.message();
  }
}

TEST(RangePlans, OutcomesAddToTheirOwnCounter) {
  Counters delta;
  CountOutcome(DeliveryStatus::kSent, 3, delta);
  CountOutcome(DeliveryStatus::kSent, 1, delta);
  CountOutcome(DeliveryStatus::kFailed, 2, delta);
  CountOutcome(DeliveryStatus::kPending, 5, delta);
  CountOutcome(DeliveryStatus::kUnknown, 7, delta);
  CountOutcome(DeliveryStatus::kUnavailable, 11, delta);
  EXPECT_EQ(delta.sent, 4);
  EXPECT_EQ(delta.failed, 2);
  EXPECT_EQ(delta.pending, 5);
  EXPECT_EQ(delta.unknown, 7);
  EXPECT_EQ(delta.unavailable, 11);
  EXPECT_EQ(delta.in_flight, 0);
  EXPECT_EQ(Resolved(delta), 4 + 2 + 5 + 7 + 11);
}

TEST(RangePlans, UnavailableRecipientsAndNamedReasonsAreSuppressed) {
  EXPECT_EQ(SuppressionFor(Outcome(DeliveryStatus::kUnavailable)), SuppressionReason::kUnavailable);
  EXPECT_EQ(SuppressionFor(Outcome(DeliveryStatus::kFailed, SuppressionReason::kBounced)),
            SuppressionReason::kBounced);
  EXPECT_EQ(SuppressionFor(Outcome(DeliveryStatus::kUnavailable, SuppressionReason::kComplaint)),
            SuppressionReason::kComplaint);
  EXPECT_EQ(SuppressionFor(Outcome(DeliveryStatus::kSent)), std::nullopt);
  EXPECT_EQ(SuppressionFor(Outcome(DeliveryStatus::kFailed)), std::nullopt);
}

TEST(RangePlans, ARangeWithNothingPendingIsDoneAndStartsTheNextBatchAfterThePause) {
  RangeCounts k{.pending = 0, .sent = 9, .failed = 1};
  auto plan = PlanRelease(4, k, CampaignStatus::kSending, Millis(720'000), kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->answer, ReleaseKind::kDone);
  EXPECT_TRUE(plan->final());
  EXPECT_EQ(plan->next_batch_at, kNow + Millis(720'000));
}

TEST(RangePlans, PendingRetriesSendTheRangeBack) {
  RangeCounts k{.pending = 2, .sent = 8};
  for (auto status : {CampaignStatus::kSending, CampaignStatus::kPaused}) {
    auto plan = PlanRelease(4, k, status, Millis(0), kNow);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->answer, ReleaseKind::kRetryLater);
    EXPECT_FALSE(plan->final());
  }
}

TEST(RangePlans, ACancelledCampaignAbandonsWhatIsStillPending) {
  auto with_pending = PlanRelease(4, {.pending = 2}, CampaignStatus::kCancelled, Millis(5), kNow);
  ASSERT_TRUE(with_pending.ok());
  EXPECT_EQ(with_pending->answer, ReleaseKind::kAbandoned);
  EXPECT_TRUE(with_pending->final());
  EXPECT_TRUE(with_pending->cancel_pending);
  auto finished =
      PlanRelease(4, {.pending = 0, .sent = 3}, CampaignStatus::kCancelled, Millis(5), kNow);
  ASSERT_TRUE(finished.ok());
  EXPECT_EQ(finished->answer, ReleaseKind::kAbandoned);  // the holder learns of the cancel
  EXPECT_TRUE(finished->final());
  EXPECT_FALSE(finished->cancel_pending);
}

TEST(RangePlans, ARescueInACancelledCampaignClosesTheRangeAndResendsNothing) {
  RescuePlan plan = PlanRescue(DeliveryGuarantee::kAtLeastOnce, CampaignStatus::kCancelled, 5, 2, 3,
                               Millis(0), kNow);
  EXPECT_TRUE(plan.cancelled);
  EXPECT_EQ(plan.in_flight_become, DeliveryStatus::kUnknown);
  EXPECT_FALSE(plan.park);  // closed as cancelled, not blamed on a poison message
  EXPECT_NE(RescueEventText(plan, 2, "w1", 2).find("cancelled"), std::string::npos);
  EXPECT_FALSE(
      PlanRescue(DeliveryGuarantee::kAtLeastOnce, kSending, 0, 2, 3, Millis(0), kNow).cancelled);
}

TEST(RangePlans, ReleasingWithDeliveriesInFlightIsRefused) {
  auto plan =
      PlanRelease(17, {.pending = 0, .in_flight = 1}, CampaignStatus::kSending, Millis(0), kNow);
  EXPECT_EQ(plan.status().code(), StatusCode::kInternal);
  EXPECT_NE(plan.status().message().find("range 17"), std::string::npos);
}

TEST(RangePlans, ARescueResendsOnlyUnderAtLeastOnce) {
  RescuePlan most = PlanRescue(DeliveryGuarantee::kAtMostOnce, kSending, 0, 4, 3, Millis(0), kNow);
  EXPECT_EQ(most.in_flight_become, DeliveryStatus::kUnknown);
  EXPECT_FALSE(most.park);
  EXPECT_EQ(most.event_kind, "lease_rescued");
  RescuePlan least =
      PlanRescue(DeliveryGuarantee::kAtLeastOnce, kSending, 0, 6, 3, Millis(0), kNow);
  EXPECT_EQ(least.in_flight_become, DeliveryStatus::kPending);

  RescueReport report;
  CountRescue(most, 4, report);
  CountRescue(least, 6, report);
  EXPECT_EQ(report.marked_unknown, 4);
  EXPECT_EQ(report.requeued, 6);
  EXPECT_EQ(report.ranges_rescued, 2);
  EXPECT_EQ(report.ranges_parked, 0);
}

TEST(RangePlans, ARangeRescuedMoreThanTheLimitIsParked) {
  EXPECT_FALSE(PlanRescue(DeliveryGuarantee::kAtMostOnce, kSending, 2, 1, 3, Millis(0), kNow)
                   .park);  // third rescue: allowed
  RescuePlan plan = PlanRescue(DeliveryGuarantee::kAtMostOnce, kSending, 3, 5, 3, Millis(0),
                               kNow);  // fourth: parked
  EXPECT_TRUE(plan.park);
  EXPECT_EQ(plan.event_kind, "range_parked");
  EXPECT_NE(plan.park_reason.find('4'), std::string::npos) << plan.park_reason;
  std::string text = RescueEventText(plan, 2, "node-a", 5);
  EXPECT_NE(text.find("node-a"), std::string::npos) << text;
  EXPECT_NE(text.find(plan.park_reason), std::string::npos) << text;

  RescueReport report;
  CountRescue(plan, 5, report);
  EXPECT_EQ(report.ranges_parked, 1);
  EXPECT_EQ(report.ranges_rescued, 0);
  EXPECT_EQ(report.marked_unknown, 5);
}

TEST(RangePlans, AParkedRangeStartsTheNextBatchAndResendsNothing) {
  RescuePlan plan =
      PlanRescue(DeliveryGuarantee::kAtLeastOnce, kSending, 1, 2, 1, Millis(60'000), kNow);
  EXPECT_TRUE(plan.park);
  EXPECT_EQ(plan.next_batch_at, kNow + Millis(60'000));
  // at_least_once resends after a rescue, but a parked range is never worked again.
  EXPECT_EQ(plan.in_flight_become, DeliveryStatus::kUnknown);
  RescueReport report;
  CountRescue(plan, 2, report);
  EXPECT_EQ(report.marked_unknown, 2);
  EXPECT_EQ(report.requeued, 0);
}

// Only a lease that expired with deliveries on the wire hints at a message that crashes
// workers; one that expired between chunks (a stopped worker, a store outage) never parks.
TEST(RangePlans, ARescueCountsOnlyWhenDeliveriesWereInFlight) {
  RescuePlan idle = PlanRescue(DeliveryGuarantee::kAtMostOnce, kSending, 3, 0, 3, Millis(0), kNow);
  EXPECT_EQ(idle.rescues_after, 3);
  EXPECT_FALSE(idle.park);
  RescuePlan busy = PlanRescue(DeliveryGuarantee::kAtMostOnce, kSending, 3, 1, 3, Millis(0), kNow);
  EXPECT_EQ(busy.rescues_after, 4);
  EXPECT_TRUE(busy.park);
}

}  // namespace
}  // namespace pregon::store

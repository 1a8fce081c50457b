#include "store/common/campaign_events.h"

#include <gtest/gtest.h>

namespace pregon::store::events {
namespace {

TEST(CampaignEvents, TextsOperatorsRead) {
  EXPECT_EQ(Created(CampaignStatus::kScheduled), "campaign created as scheduled");
  EXPECT_EQ(Transition(CampaignStatus::kQueued, CampaignStatus::kPaused), "queued → paused");
  EXPECT_EQ(Started(1000, 3, 2, 500),
            "audience snapshotted: 1000 recipients (3 suppressed) in 2 batches of up to 500");
  EXPECT_EQ(BatchDone(1, 2, {495, 2, 1, 2}),
            "batch 1/2 done: 495 sent, 2 failed, 1 unavailable, 2 unknown");
  EXPECT_EQ(
      LeaseRescued(3, "h:9/1", 32, false),
      "batch 3: lease of h:9/1 expired; 32 in-flight deliveries marked unknown (at_most_once)");
  EXPECT_EQ(
      LeaseRescued(3, "h:9/1", 32, true),
      "batch 3: lease of h:9/1 expired; 32 in-flight deliveries will be resent (at_least_once)");
  EXPECT_EQ(ParkedReason(6),
            "parked after 6 leases expired with deliveries in flight (a message or recipient may "
            "crash workers)");
  Counters k;
  k.sent = 7;
  k.failed = 1;
  k.unknown = 2;
  EXPECT_EQ(Finished(CampaignStatus::kPartial, k),
            "finished as partial: 7 sent, 1 failed, 0 unavailable, 0 suppressed, 2 unknown of 10");
}

}  // namespace
}  // namespace pregon::store::events

#include "core/campaign.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

using S = CampaignStatus;
using A = CampaignAction;

TEST(CampaignStateMachine, SendNowFromDraftOrScheduledOnly) {
  EXPECT_EQ(*ApplyAction(S::kDraft, A::kSend, true), S::kQueued);
  EXPECT_EQ(*ApplyAction(S::kScheduled, A::kSend, true), S::kQueued);  // sending early is allowed
  for (S s :
       {S::kQueued, S::kSending, S::kPaused, S::kDone, S::kPartial, S::kFailed, S::kCancelled}) {
    auto r = ApplyAction(s, A::kSend, true);
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << CampaignStatusName(s);
  }
}

TEST(CampaignStateMachine, PauseResumeCancel) {
  EXPECT_EQ(*ApplyAction(S::kSending, A::kPause, true), S::kPaused);
  EXPECT_EQ(*ApplyAction(S::kPaused, A::kResume, true), S::kSending);
  // Paused before a worker snapshotted it: back to queued, so the snapshot is still taken.
  EXPECT_EQ(*ApplyAction(S::kPaused, A::kResume, false), S::kQueued);
  EXPECT_FALSE(ApplyAction(S::kSending, A::kResume, true).ok());
  EXPECT_FALSE(ApplyAction(S::kDraft, A::kPause, true).ok());
  for (S s : {S::kDraft, S::kScheduled, S::kQueued, S::kSending, S::kPaused})
    EXPECT_EQ(*ApplyAction(s, A::kCancel, true), S::kCancelled);
  for (S s : {S::kDone, S::kPartial, S::kFailed, S::kCancelled})
    EXPECT_FALSE(ApplyAction(s, A::kCancel, true).ok()) << CampaignStatusName(s);
}

TEST(CampaignStateMachine, OnlyAQueuedCampaignStarts) {
  EXPECT_EQ(*ApplyAction(S::kQueued, A::kStart, true), S::kSending);
  EXPECT_FALSE(ApplyAction(S::kDraft, A::kStart, true).ok());
  EXPECT_FALSE(ApplyAction(S::kSending, A::kStart, true).ok());
}

TEST(CampaignStateMachine, ErrorSaysWhatAndWhy) {
  auto r = ApplyAction(S::kDone, A::kPause, true);
  EXPECT_EQ(r.status().message(), "cannot pause a campaign that is done");
}

TEST(CampaignFinalStatus, UnavailableAndSuppressedAreNotFailures) {
  Counters c;
  c.sent = 90;
  c.unavailable = 6;
  c.suppressed = 4;
  EXPECT_EQ(FinalStatusFor(c), CampaignStatus::kDone);
  c.unknown = 1;  // a crash left one ambiguous
  EXPECT_EQ(FinalStatusFor(c), CampaignStatus::kPartial);
  c.unknown = 0;
  c.failed = 2;
  EXPECT_EQ(FinalStatusFor(c), CampaignStatus::kPartial);
  Counters none;
  none.failed = 3;
  none.suppressed = 7;
  EXPECT_EQ(FinalStatusFor(none), CampaignStatus::kFailed);
  Counters all_suppressed;
  all_suppressed.suppressed = 5;
  EXPECT_EQ(FinalStatusFor(all_suppressed), CampaignStatus::kDone);
}

TEST(CampaignStatusNames, RoundTrip) {
  for (S s : {S::kDraft, S::kScheduled, S::kQueued, S::kSending, S::kPaused, S::kDone, S::kPartial,
              S::kFailed, S::kCancelled})
    EXPECT_EQ(*ParseCampaignStatus(CampaignStatusName(s)), s);
  EXPECT_FALSE(ParseCampaignStatus("sent").ok());
}

TEST(CampaignValidate, RejectsBadThrottleAndMissingBody) {
  Campaign c;
  c.name = "n";
  c.text_body = "x";
  EXPECT_TRUE(c.Validate().ok());
  c.throttle.batch_size = 0;
  EXPECT_FALSE(c.Validate().ok());
  c.throttle.batch_size = 10;
  c.throttle.rate = -1;
  EXPECT_FALSE(c.Validate().ok());
  c.throttle.rate = 0;
  c.text_body.clear();
  EXPECT_NE(c.Validate().message().find("needs a body"), std::string::npos);
}

}  // namespace
}  // namespace pregon

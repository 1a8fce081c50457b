#include "app/feedback/feedback_service.h"

#include <gtest/gtest.h>

#include "store/store_testing.h"

namespace pregon {
namespace {

MailFeedback Report(std::string key, FeedbackType type, std::string address = "Ana@X.com") {
  MailFeedback f;
  f.source = "generic";
  f.event_key = std::move(key);
  f.type = type;
  f.address = std::move(address);
  return f;
}

bool Suppressed(Store& store, const std::string& address) {
  auto s = store.FindSuppression(address);
  return s.ok() && s->has_value();
}

TEST(FeedbackService, OneHardBounceOrComplaintSuppresses) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  FeedbackService service(*store, clock, FeedbackThresholds{});
  auto counts = service.Apply({Report("1", FeedbackType::kHard)});
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->recorded, 1);
  EXPECT_EQ(counts->suppressed, 1);
  EXPECT_EQ(store->FindSuppression("ana@x.com")->value().reason, SuppressionReason::kBounced);
  ASSERT_TRUE(service.Apply({Report("2", FeedbackType::kComplaint, "bo@x.com")}).ok());
  EXPECT_EQ(store->FindSuppression("bo@x.com")->value().reason, SuppressionReason::kComplaint);
}

TEST(FeedbackService, SoftBouncesSuppressOnlyWhenEnoughFallInTheWindow) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  FeedbackService service(*store, clock, *FeedbackThresholds::Parse("soft=3/7d"));
  ASSERT_TRUE(service.Apply({Report("1", FeedbackType::kSoft)}).ok());
  clock.Advance(Millis(8LL * 24 * 3'600'000));  // the first falls out of the window
  ASSERT_TRUE(service.Apply({Report("2", FeedbackType::kSoft)}).ok());
  ASSERT_TRUE(service.Apply({Report("3", FeedbackType::kSoft)}).ok());
  EXPECT_FALSE(Suppressed(*store, "ana@x.com"));
  auto again = service.Apply({Report("3", FeedbackType::kSoft)});  // a provider's retry
  EXPECT_EQ(again->duplicates, 1);
  EXPECT_FALSE(Suppressed(*store, "ana@x.com"));
  clock.Advance(Millis(3'600'000));
  auto third = service.Apply({Report("4", FeedbackType::kSoft)});
  EXPECT_EQ(third->suppressed, 1);
  EXPECT_TRUE(Suppressed(*store, "ana@x.com"));
}

TEST(FeedbackService, EventsWithoutAUsableAddressAreSkipped) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  FeedbackService service(*store, clock, FeedbackThresholds{});
  auto counts = service.Apply(
      {Report("1", FeedbackType::kHard, "not an address"), Report("", FeedbackType::kHard)});
  EXPECT_EQ(counts->invalid, 2);
  EXPECT_EQ(counts->recorded, 0);
}

TEST(FeedbackThresholds, ParsesAnySubsetAndRefusesTheRest) {
  auto t = FeedbackThresholds::Parse("hard=2, soft=5/3d");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->hard, 2);
  EXPECT_EQ(t->complaint, 1);
  EXPECT_EQ(t->soft, 5);
  EXPECT_EQ(t->soft_window, Millis(3LL * 24 * 3'600'000));
  EXPECT_EQ(FeedbackThresholds::Parse("")->soft, 3);
  for (const char* bad : {"hard", "hard=0", "soft=3/x", "bounce=1", "complaint=-1", "hard=1x"})
    EXPECT_FALSE(FeedbackThresholds::Parse(bad).ok()) << bad;
}

}  // namespace
}  // namespace pregon

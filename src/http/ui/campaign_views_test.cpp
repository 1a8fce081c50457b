#include "http/ui/campaign_views.h"

#include <gtest/gtest.h>

namespace pregon::http::ui {
namespace {

TEST(CampaignViews, CountsAreGroupedTheLanguagesWay) {
  EXPECT_EQ(FormatCount(0, Language::kEnglish), "0");
  EXPECT_EQ(FormatCount(999, Language::kEnglish), "999");
  EXPECT_EQ(FormatCount(1000, Language::kEnglish), "1,000");
  EXPECT_EQ(FormatCount(1234567, Language::kEnglish), "1,234,567");
  EXPECT_EQ(FormatCount(1234567, Language::kSpanish), "1.234.567");
  EXPECT_EQ(FormatCount(-12345, Language::kSpanish), "-12.345");
}

TEST(CampaignViews, ProgressCountsWhatIsNoLongerPendingOrInFlight) {
  Campaign c;
  c.id = 7;
  c.name = "Promo";
  c.status = CampaignStatus::kSending;
  Counters k;
  k.pending = 500;
  k.in_flight = 100;
  k.sent = 380;
  k.failed = 15;
  k.unknown = 5;
  const auto v = ProgressView(c, k, Language::kSpanish);
  EXPECT_EQ(v["total"], 1000);
  EXPECT_EQ(v["finished"], 400);
  EXPECT_EQ(v["percent"], 40);
  EXPECT_EQ(v["status_label"], "Enviando");
  EXPECT_EQ(v["has_failed"], true);
  EXPECT_EQ(v["failed_text"], "20");
  EXPECT_EQ(ProgressView(c, Counters{}, Language::kEnglish)["percent"], 0);  // before the snapshot
}

TEST(CampaignViews, OnlyTheActionsAStatusAllows) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(ActionsFor(CampaignStatus::kDraft), (V{"send", "cancel"}));
  EXPECT_EQ(ActionsFor(CampaignStatus::kSending), (V{"pause", "cancel"}));
  EXPECT_EQ(ActionsFor(CampaignStatus::kPaused), (V{"resume", "cancel"}));
  for (auto s : {CampaignStatus::kDone, CampaignStatus::kPartial, CampaignStatus::kFailed,
                 CampaignStatus::kCancelled})
    EXPECT_TRUE(ActionsFor(s).empty());
  EXPECT_EQ(ActionNamed("pause"), CampaignAction::kPause);
  EXPECT_FALSE(ActionNamed("start").has_value());  // the engine's, not an operator's
  EXPECT_EQ(ParsePositiveId("42"), 42);
  for (const char* bad : {"", "0", "-1", "4x", " 4", "99999999999999999999"})
    EXPECT_FALSE(ParsePositiveId(bad).has_value()) << bad;
}

}  // namespace
}  // namespace pregon::http::ui

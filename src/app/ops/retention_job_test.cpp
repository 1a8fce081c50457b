#include "app/ops/retention_job.h"

#include <gtest/gtest.h>

#include "store/store_testing.h"

namespace pregon {
namespace {

constexpr Millis kDay{24LL * 3'600'000};

class RetentionJobTest : public ::testing::Test {
 protected:
  // The messages of the campaign's events, oldest first.
  std::vector<std::string> Events() {
    auto events = store_->ListEvents(id_, 0, 100);
    std::vector<std::string> out;
    for (const auto& e : events.value()) out.push_back(e.message);
    return out;
  }
  void Note(const std::string& message) {
    ASSERT_TRUE(store_->AppendEvent(id_, clock_.Now(), "note", message).ok());
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  int64_t id_ = testing::FinishedRelayCampaign(*store_, clock_, "c", "");
};

TEST(RetentionSetting, TakesAnAgeOfADayOrMoreOrOff) {
  EXPECT_EQ(**RetentionSetting("PREGON_KEEP_EVENTS", "90d"), 90 * kDay);
  EXPECT_FALSE(RetentionSetting("PREGON_KEEP_EVENTS", "off")->has_value());
  for (const char* bad : {"12h", "0", "soon", ""}) {
    auto r = RetentionSetting("PREGON_KEEP_EVENTS", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("PREGON_KEEP_EVENTS must be an age of at least 1d"),
              std::string::npos)
        << r.status().message();
  }
}

TEST_F(RetentionJobTest, PrunesWhatIsOlderThanTheSettingOnceADay) {
  Note("old");
  clock_.Advance(89 * kDay);
  Note("recent");
  clock_.Advance(2 * kDay);  // "old" is 91 days old, "recent" 2
  RetentionJob job(*store_, clock_, {90 * kDay, 180 * kDay});
  auto next = job.RunDue();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(Events(), std::vector<std::string>{"recent"});
  EXPECT_EQ(**next, clock_.Now() + kDay);

  // Not again before a day has passed, whatever has aged meanwhile.
  clock_.Advance(Millis(3'600'000));
  ASSERT_TRUE(store_->AppendEvent(id_, clock_.Now() - 100 * kDay, "note", "late").ok());
  EXPECT_EQ(**job.RunDue(), **next);
  EXPECT_EQ(Events().size(), 2u);
  clock_.Advance(kDay);
  ASSERT_TRUE(job.RunDue().ok());
  EXPECT_EQ(Events(), std::vector<std::string>{"recent"});
}

TEST_F(RetentionJobTest, AnAgeThatIsOffKeepsEverything) {
  Note("old");
  clock_.Advance(1000 * kDay);
  RetentionJob job(*store_, clock_, {std::nullopt, 180 * kDay});
  ASSERT_TRUE(job.RunDue().ok());
  EXPECT_GE(Events().size(), 2u);  // the campaign's own events and "old"
  EXPECT_EQ(Events().back(), "old");
}

}  // namespace
}  // namespace pregon

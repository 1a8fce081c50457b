#include "app/slots/slot_workers.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

class SlotTriggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JobDefinition job;
    job.name = "reporter";
    job.command = "/opt/reporter/run";
    const int64_t job_id = store_->DefineJob(job, clock_.Now()).value();
    for (int h : {0, 1, 7, 23}) {
      User u;
      u.username = "client" + std::to_string(h);
      u.role = Role::kClient;
      const int64_t user = store_->CreateUser(u).value();
      EXPECT_TRUE(store_->Reserve({user, h, 10, job_id}, clock_.Now()).ok());
    }
  }

  // The hours of the runs created so far, oldest first, with their scheduled instants.
  std::vector<std::pair<int, std::string>> Runs() {
    std::vector<std::pair<int, std::string>> out;
    for (int64_t id = 1;; ++id) {
      auto run = store_->GetRun(id);
      if (!run.ok()) return out;
      out.emplace_back(run->hour, FormatIso8601(run->scheduled_at));
    }
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
};

TEST_F(SlotTriggerTest, EachHoursRunIsCreatedAtItsFullHourOnce) {
  SlotTriggerJob trigger(*store_, clock_, "America/Bogota");
  clock_.Set(*ParseIso8601("2026-12-07T11:59:59Z"));  // 06:59:59 in Bogota
  auto next = trigger.RunDue();
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(FormatIso8601(**next), "2026-12-07T12:00:00.000Z");
  const auto before = Runs().size();  // 06:00 (nobody reserved it) may be there

  clock_.Set(**next - Millis(1));
  EXPECT_EQ(trigger.RunDue().value(), *next) << "nothing to do before the hour";
  EXPECT_EQ(Runs().size(), before);
  clock_.Set(**next);
  next = trigger.RunDue();
  auto runs = Runs();
  ASSERT_EQ(runs.size(), before + 1);
  EXPECT_EQ(runs.back(), std::make_pair(7, std::string("2026-12-07T12:00:00.000Z")));
  EXPECT_EQ(FormatIso8601(**next), "2026-12-07T13:00:00.000Z");
  clock_.Advance(Millis(1'000));
  SlotTriggerJob other_node(*store_, clock_, "America/Bogota");
  ASSERT_TRUE(other_node.RunDue().ok());
  EXPECT_EQ(Runs().size(), before + 1) << "created once, whichever node runs it";
}

TEST_F(SlotTriggerTest, ANodeStartingLateInAnHourCatchesUpThatHourOnly) {
  SlotTriggerJob trigger(*store_, clock_, "UTC");
  clock_.Set(*ParseIso8601("2026-12-08T00:40:00Z"));  // nobody was up from 22:59 to 00:40
  ASSERT_TRUE(trigger.RunDue().ok());
  auto runs = Runs();
  EXPECT_NE(std::find(runs.begin(), runs.end(),
                      std::make_pair(0, std::string("2026-12-08T00:00:00.000Z"))),
            runs.end())
      << "the hour under way gets its run";
  EXPECT_EQ(std::find(runs.begin(), runs.end(),
                      std::make_pair(23, std::string("2026-12-07T23:00:00.000Z"))),
            runs.end())
      << "an hour that is over is not run late";
}

TEST_F(SlotTriggerTest, AnHourTheClockSkipsRunsWithTheNextOne) {
  // Santiago skips 00:00-00:59 on 2026-09-06: 23:59:59 (-04) is followed by 01:00 (-03).
  SlotTriggerJob trigger(*store_, clock_, "America/Santiago");
  clock_.Set(*ParseIso8601("2026-09-06T03:30:00Z"));  // 23:30 on the 5th
  auto next = trigger.RunDue();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(FormatIso8601(**next), "2026-09-06T04:00:00.000Z");
  clock_.Set(**next);
  ASSERT_TRUE(trigger.RunDue().ok());
  auto runs = Runs();
  auto has = [&](int hour) {
    return std::find(runs.begin(), runs.end(),
                     std::make_pair(hour, std::string("2026-09-06T04:00:00.000Z"))) != runs.end();
  };
  EXPECT_TRUE(has(0)) << "the skipped hour still runs";
  EXPECT_TRUE(has(1));
}

}  // namespace
}  // namespace pregon

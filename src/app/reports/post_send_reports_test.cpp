#include "app/reports/post_send_reports.h"

#include <gtest/gtest.h>

#include "core/time_format.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

class PostSendReportsTest : public ::testing::Test {
 protected:
  // A relay campaign that started at `start` and finished at `end` (ISO 8601).
  int64_t Finished(const std::string& name, const std::string& zone, const char* start,
                   const char* end) {
    clock_.Set(*ParseIso8601(start));
    return testing::FinishedRelayCampaign(
        *store_, clock_, name, zone,
        std::chrono::duration_cast<Millis>(*ParseIso8601(end) - *ParseIso8601(start)));
  }

  std::vector<ReportRequest> RequestsOf(int64_t campaign) {
    ReportRequestQuery q;
    q.campaign_id = campaign;
    return store_->ListReportRequests(q).value();
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
};

TEST_F(PostSendReportsTest, ASendAcrossLocalMidnightAsksForBothLocalDays) {
  // 23:50 to 00:10 in Santiago (UTC-3 in December); all on 2 December in UTC.
  const int64_t chile =
      Finished("chile", "America/Santiago", "2026-12-02T02:50:00Z", "2026-12-02T03:10:00Z");
  const int64_t utc = Finished("utc", "", "2026-12-02T02:50:00Z", "2026-12-02T03:10:00Z");

  auto early = RequestPostSendReports(*store_, clock_.Now() + Millis(3'599'000), Millis(3'600'000));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->campaigns, 0) << "an hour has not passed";

  auto pass = RequestPostSendReports(*store_, clock_.Now() + Millis(3'600'000), Millis(3'600'000));
  ASSERT_TRUE(pass.ok()) << pass.status().ToString();
  EXPECT_EQ(pass->campaigns, 2);
  EXPECT_EQ(pass->requests, 14);
  auto chile_requests = RequestsOf(chile);
  ASSERT_EQ(chile_requests.size(), 7u);
  for (const auto& r : chile_requests) {
    EXPECT_EQ(r.day_from, "2026-12-01");
    EXPECT_EQ(r.day_to, "2026-12-02");
    EXPECT_EQ(r.time_zone, "America/Santiago");
  }
  auto utc_requests = RequestsOf(utc);
  ASSERT_EQ(utc_requests.size(), 7u);
  EXPECT_EQ(utc_requests[0].day_from, "2026-12-02");
  EXPECT_EQ(utc_requests[0].day_to, "2026-12-02");
  EXPECT_EQ(utc_requests[0].time_zone, "UTC");
  EXPECT_EQ(store_->GetCampaign(chile)->post_reports_status, "pending");

  auto again = RequestPostSendReports(*store_, clock_.Now() + Millis(7'200'000), Millis(3'600'000));
  EXPECT_EQ(again->campaigns, 0) << "asked for once";
}

}  // namespace
}  // namespace pregon

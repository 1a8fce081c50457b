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
                   const char* end, const std::string& sender_zone = "") {
    clock_.Set(*ParseIso8601(start));
    return testing::FinishedRelayCampaign(
        *store_, clock_, name, zone,
        std::chrono::duration_cast<Millis>(*ParseIso8601(end) - *ParseIso8601(start)), sender_zone);
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

  auto early =
      RequestPostSendReports(*store_, *store_, clock_.Now() + Millis(3'599'000), Millis(3'600'000));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->campaigns, 0) << "an hour has not passed";

  auto pass =
      RequestPostSendReports(*store_, *store_, clock_.Now() + Millis(3'600'000), Millis(3'600'000));
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

  auto again =
      RequestPostSendReports(*store_, *store_, clock_.Now() + Millis(7'200'000), Millis(3'600'000));
  EXPECT_EQ(again->campaigns, 0) << "asked for once";
}

TEST_F(PostSendReportsTest, TheSendersOwnTimeZoneWinsOverTheCampaigns) {
  // 20:00 to 21:00 on 1 December in Santiago is already 2 December in Tokyo.
  const int64_t id = Finished("tokyo", "America/Santiago", "2026-12-01T23:00:00Z",
                              "2026-12-02T00:00:00Z", "Asia/Tokyo");
  auto pass =
      RequestPostSendReports(*store_, *store_, clock_.Now() + Millis(3'600'000), Millis(3'600'000));
  ASSERT_TRUE(pass.ok()) << pass.status().ToString();
  for (const auto& r : RequestsOf(id)) {
    EXPECT_EQ(r.time_zone, "Asia/Tokyo");
    EXPECT_EQ(r.day_from, "2026-12-02");
    EXPECT_EQ(r.day_to, "2026-12-02");
  }
}

TEST_F(PostSendReportsTest, FailedReportsAreAskedForAgainAnHourLaterAtMostThreeTimes) {
  const int64_t id = Finished("flaky", "", "2026-12-02T10:00:00Z", "2026-12-02T10:05:00Z");
  const Millis hour(3'600'000);
  clock_.Advance(hour);
  ASSERT_EQ(RequestPostSendReports(*store_, *store_, clock_.Now(), hour)->campaigns, 1);
  auto fail_all = [&] {
    while (auto lease = store_->ClaimReportRequest("n", clock_.Now(), Millis(60'000)).value()) {
      ReportStep failed{
          .state = ReportState::kError, .last_error = "HTTP 503", .not_before = clock_.Now()};
      ASSERT_TRUE(store_->SaveReportStep(*lease, failed, clock_.Now()).ok());
    }
    ASSERT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "error");
  };
  for (int retry = 1; retry <= kMaxPostSendRetries; ++retry) {
    fail_all();
    auto soon = RequestPostSendReports(*store_, *store_, clock_.Now() + Millis(60'000), hour);
    EXPECT_EQ(soon->retried, 0) << "a failure is retried an hour later, not at once";
    clock_.Advance(hour);
    auto pass = RequestPostSendReports(*store_, *store_, clock_.Now(), hour);
    ASSERT_TRUE(pass.ok()) << pass.status().ToString();
    EXPECT_EQ(pass->retried, 1) << "retry " << retry;
    EXPECT_EQ(pass->campaigns, 0) << "no new requests: the failed ones start over";
    EXPECT_EQ(RequestsOf(id).size(), 7u);
    EXPECT_EQ(store_->GetCampaign(id)->post_reports_status, "pending");
  }
  fail_all();
  clock_.Advance(hour);
  EXPECT_EQ(RequestPostSendReports(*store_, *store_, clock_.Now(), hour)->retried, 0);
  EXPECT_EQ(store_->GetCampaign(id)->post_reports_status, "error") << "left for an operator";
}

}  // namespace
}  // namespace pregon

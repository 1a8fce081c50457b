#include "core/report_request.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(ReportRequest, StatesAndAliasesRoundTripTheirNames) {
  for (auto s :
       {ReportState::kPending, ReportState::kProcessing, ReportState::kReady, ReportState::kError})
    EXPECT_EQ(ParseReportState(ReportStateName(s)).value(), s);
  EXPECT_EQ(ParseReportAlias("analytics").value(), ReportAlias::kAnalytics);
  auto bad = ParseReportAlias("warehouse");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("default or analytics"), std::string::npos);
}

TEST(ReportRequest, ADayIsARealCalendarDay) {
  EXPECT_TRUE(CheckReportDay("from", "2026-12-01").ok());
  EXPECT_TRUE(CheckReportDay("from", "2028-02-29").ok());
  for (const char* bad :
       {"2026-02-29", "2026-13-01", "2026-1-01", "01-12-2026", "2026-12-01T", "", "2026-12-0x"}) {
    auto s = CheckReportDay("from", bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.field(), "from") << bad;
  }
}

}  // namespace
}  // namespace pregon

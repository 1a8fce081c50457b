#include "sandbox/reports_api.h"

#include <gtest/gtest.h>

#include <array>

#include "core/time_format.h"

namespace pregon {
namespace {

std::vector<RecordedMessage> Messages(int n) {
  std::vector<RecordedMessage> out;
  for (int i = 0; i < n; ++i)
    out.push_back({*ParseIso8601("2026-12-01T12:30:00Z"), "p" + std::to_string(i) + "@x.cl",
                   "Café, \"gratis\""});
  return out;
}

int Rows(const std::string& csv) {
  int lines = 0;
  for (char c : csv) lines += c == '\n';
  return lines - 1;  // the header
}

TEST(SandboxReports, MarksAreFixedBySeedAndReportsAgreeWithThem) {
  auto messages = Messages(1000);
  int bounced = 0, opened = 0, clicked = 0;
  std::array<int, 3> reasons{};
  for (const auto& m : messages) {
    SandboxMarks a = SandboxMarksFor(m.to, 5), b = SandboxMarksFor(m.to, 5);
    EXPECT_EQ(a.opens, b.opens);
    EXPECT_EQ(a.bounced, b.bounced);
    EXPECT_FALSE(a.bounced && a.opens > 0) << "a bounce is never opened";
    EXPECT_LE(a.clicks > 0, a.opens > 0) << "a click needs an open";
    bounced += a.bounced;
    if (a.bounced) ++reasons.at(a.bounce_reason);
    opened += a.opens > 0;
    clicked += a.clicks > 0;
  }
  EXPECT_NEAR(bounced, 50, 30);
  EXPECT_GT(reasons[0], reasons[1]) << "unknown users are the most common bounce";
  EXPECT_GT(reasons[2], 0) << "some bounces are soft";
  EXPECT_NEAR(opened, 380, 60);
  EXPECT_NEAR(clicked, 95, 40);
  ReportQuirks plain;
  EXPECT_EQ(Rows(SandboxReportCsv(ReportType::kSent, messages, 0, 5, plain)), 1000);
  EXPECT_EQ(Rows(SandboxReportCsv(ReportType::kBounces, messages, 0, 5, plain)), bounced);
  EXPECT_EQ(Rows(SandboxReportCsv(ReportType::kDeliveries, messages, 0, 5, plain)), 1000 - bounced);
  EXPECT_EQ(Rows(SandboxReportCsv(ReportType::kOpens, messages, 0, 5, plain)), opened);
  EXPECT_EQ(Rows(SandboxReportCsv(ReportType::kClicks, messages, 0, 5, plain)), clicked);
}

TEST(SandboxReports, DatesAreLocalAndQuirksBendTheFile) {
  auto one = Messages(1);
  std::string csv = SandboxReportCsv(ReportType::kSent, one, -180, 1, {});
  EXPECT_NE(csv.find("\"Café, \"\"gratis\"\"\",sandbox@pregon.test,Sandbox,p0@x.cl,Sent,"
                     "2026-12-01 09:30:00,0,0\r\n"),
            std::string::npos)
      << csv;
  ReportQuirks q = *ParseReportQuirks("bom,broken-row");
  csv = SandboxReportCsv(ReportType::kSent, one, 0, 1, q);
  EXPECT_TRUE(
      csv.starts_with("\xEF\xBB\xBF"
                      "Subject,"));
  EXPECT_NE(csv.find("not-an-email"), std::string::npos);
  csv = SandboxReportCsv(ReportType::kSent, one, 0, 1, *ParseReportQuirks("cp1252"));
  EXPECT_NE(csv.find("Caf\xE9"), std::string::npos) << "é as one Windows-1252 byte";
  EXPECT_FALSE(ParseReportQuirks("bom,cp1252").ok());
  EXPECT_FALSE(ParseReportQuirks("gzip").ok());
}

}  // namespace
}  // namespace pregon

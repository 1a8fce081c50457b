#include "core/report_rows.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "core/time_format.h"

namespace pregon {
namespace {

// Reads `content` in `zone`, collecting the rows.
Result<ReportReadSummary> Read(std::string_view content, std::vector<ReportRow>* rows,
                               std::string_view zone = "America/Santiago") {
  return ReadReportRows(content, zone, [rows](const ReportRow& r) {
    rows->push_back(r);
    return Status::Ok();
  });
}

// What the relay's reports API sends: a BOM, CRLF, its own column order and case, an extra
// column, and dates in the sender's zone (Santiago is UTC-3 in November).
TEST(ReportRows, ReadsAProvidersFileTyped) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "EMAIL,Status,Date,Opens,Clicks,Subject,Sender,SenderName,Campaign Tag\r\n"
      "Ana@Example.com,Delivered,2026-11-23 10:15:00,2,1,Hola Ana,news@example.com,News,promo\r\n"
      "jose@example.com,Delivered,2026-11-23 23:59,0,,Hola,news@example.com,News,\r\n";
  std::vector<ReportRow> rows;
  auto summary = Read(csv, &rows);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows, 2);
  EXPECT_EQ(summary->bad_rows, 0);
  EXPECT_EQ(summary->encoding, "UTF-8");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].email, "ana@example.com");
  EXPECT_EQ(rows[0].status, "Delivered");
  EXPECT_EQ(FormatIso8601(*rows[0].date), "2026-11-23T13:15:00.000Z");
  EXPECT_EQ(rows[0].date_local, "2026-11-23 10:15:00");
  EXPECT_EQ(rows[0].opens, 2);
  EXPECT_EQ(rows[0].clicks, 1);
  EXPECT_EQ(rows[0].subject, "Hola Ana");
  EXPECT_EQ(rows[0].sender_name, "News");
  EXPECT_EQ(rows[0].extra_json, R"({"Campaign Tag":"promo"})");
  // Local midnight crossing: 23:59 in Santiago is the next day in UTC.
  EXPECT_EQ(FormatIso8601(*rows[1].date), "2026-11-24T02:59:00.000Z");
  EXPECT_EQ(rows[1].clicks, 0) << "an empty count is 0";
  EXPECT_EQ(rows[1].extra_json, "{}");
}

// What tests/fixtures/report-bounces-dirty.expected.md says the load must give.
TEST(ReportRows, DirtyFixtureGivesTheDocumentedResult) {
  std::ifstream in(std::string(PREGON_TEST_FIXTURES) + "/report-bounces-dirty.csv",
                   std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  ASSERT_FALSE(content.str().empty()) << "fixture not found";
  std::vector<ReportRow> rows;
  auto summary = Read(content.str(), &rows);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->encoding, "Windows-1252");
  EXPECT_EQ(summary->rows, 3);
  EXPECT_EQ(summary->bad_rows, 3);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].email, "jose@example.com");
  EXPECT_EQ(rows[0].status, "Hard bounce: 550 5.1.1 usuario desconocido");
  EXPECT_EQ(FormatIso8601(*rows[0].date), "2026-12-01T12:30:00.000Z");
  EXPECT_EQ(rows[0].subject, "Ofertas de diciembre: caf\xC3\xA9");
  EXPECT_EQ(rows[0].sender_name, "Tienda \xC3\x91u\xC3\xB1oa");
  EXPECT_EQ(rows[0].extra_json,
            "{\"Campa\xC3\xB1"
            "a\":\"Navidad\"}");
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].status, "Soft bounce: 452 4.2.2 buz\xC3\xB3n lleno; reintentar");
  EXPECT_EQ(FormatIso8601(*rows[1].date), "2026-12-02T02:59:59.000Z");
  EXPECT_EQ(rows[2].line, 8);
  EXPECT_EQ(rows[2].email, "ana@example.com");
  EXPECT_EQ(rows[2].subject, "Ofertas de\r\ndiciembre");
  EXPECT_EQ(FormatIso8601(*rows[2].date), "2026-12-02T03:00:05.000Z");
  ASSERT_EQ(summary->problems.size(), 3u);
  EXPECT_EQ(summary->problems[0].line, 4);
  EXPECT_NE(summary->problems[0].reason.find("not an e-mail address"), std::string::npos);
  EXPECT_EQ(summary->problems[1].line, 5);
  EXPECT_NE(summary->problems[1].reason.find("ayer"), std::string::npos);
  EXPECT_EQ(summary->problems[2].line, 7);
  EXPECT_NE(summary->problems[2].reason.find("Opens 'x'"), std::string::npos);
}

TEST(ReportRows, Windows1252AndSemicolonsAreRead) {
  const std::string csv =
      "Email;SenderName;Status\n"
      "maria@example.com.ar;Pe\xF1"
      "alol\xE9n Ventas;Bounced\n";
  std::vector<ReportRow> rows;
  auto summary = Read(csv, &rows);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->encoding, "Windows-1252");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].sender_name, "Peñalolén Ventas");
  EXPECT_FALSE(rows[0].date.has_value()) << "no Date column";
}

// A bad row is named by its line and why; the rest is read.
TEST(ReportRows, BadRowsAreReportedAndSkipped) {
  const std::string csv =
      "Email,Date,Opens,Clicks\n"
      "ok1@example.com,2026-11-23 10:00:00,1,0\n"
      "not-an-email,2026-11-23 10:00:00,1,0\n"
      "\"multi\nline@x\",2026-11-23,1,0\n"
      "bad-date@example.com,23/11/2026 10:00,1,0\n"
      "neg@example.com,,-1,0\n"
      "word@example.com,,1,many\n"
      ",2026-11-23 10:00:00,1,0\n"
      "short@example.com\n";
  std::vector<ReportRow> rows;
  auto summary = Read(csv, &rows);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->rows, 2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].email, "short@example.com") << "missing trailing cells are empty";
  EXPECT_EQ(rows[1].line, 10);
  ASSERT_EQ(summary->bad_rows, 6);
  const std::vector<std::pair<int, std::string>> want = {
      {3, "'not-an-email' is not an e-mail address"},
      {4, "'multi\\x0aline@x' is not an e-mail address"},
      {6, "Date '23/11/2026 10:00' is not a date (expected YYYY-MM-DD HH:MM:SS)"},
      {7, "Opens '-1' is not a whole number >= 0"},
      {8, "Clicks 'many' is not a whole number >= 0"},
      {9, "no e-mail address"}};
  ASSERT_EQ(summary->problems.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(summary->problems[i].line, want[i].first);
    EXPECT_EQ(summary->problems[i].reason, want[i].second);
  }
}

TEST(ReportRows, FilesThatCannotBeReadAreRefusedWhole) {
  std::vector<ReportRow> rows;
  EXPECT_NE(Read("Subject,Status\nx,y\n", &rows).status().message().find("no Email column"),
            std::string::npos);
  EXPECT_NE(Read("", &rows).status().message().find("no header"), std::string::npos);
  EXPECT_EQ(Read("Email\na@example.com\n", &rows, "Mars/Olympus").status().field(), "time_zone");
  EXPECT_FALSE(Read("Email\n\"a@example.com\n", &rows).ok()) << "an unclosed quote";
  EXPECT_TRUE(rows.empty());
}

TEST(ReportRows, TheCallbacksErrorStopsTheRead) {
  int seen = 0;
  auto r = ReadReportRows("Email\na@example.com\nb@example.com\n", "UTC", [&](const ReportRow&) {
    ++seen;
    return Status::Unavailable("disk full");
  });
  EXPECT_EQ(r.status().message(), "disk full");
  EXPECT_EQ(seen, 1);
}

TEST(ReportRows, ProblemsKeptAreBoundedButAllCounted) {
  std::string csv = "Email\n";
  for (int i = 0; i < 500; ++i) csv += "bad\n";
  std::vector<ReportRow> rows;
  auto summary = ReadReportRows(
      csv, "UTC", [](const ReportRow&) { return Status::Ok(); }, 10);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->bad_rows, 500);
  EXPECT_EQ(summary->problems.size(), 10u);
}

TEST(ReportTypes, NamesRoundTrip) {
  for (ReportType t : kAllReportTypes) EXPECT_EQ(*ParseReportType(ReportTypeName(t)), t);
  EXPECT_EQ(ParseReportType("Bounces").status().field(), "type");
}

}  // namespace
}  // namespace pregon

#include "channels/relay/relay_reports.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "channels/channel_test_util.h"
#include "core/time_format.h"
#include "sandbox/sandbox_server.h"

namespace pregon {
namespace {

using testing_util::TempPath;

ReportRequest DecemberFirst(ReportType type) {
  ReportRequest r;
  r.type = type;
  r.day_from = r.day_to = "2026-12-01";
  r.time_zone = "America/Santiago";
  return r;
}

TEST(RelayReports, TheRequestNamesTheDayInTheSendersZone) {
  auto body = RelayReportRequestBody(DecemberFirst(ReportType::kBounces), "acct-9");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(nlohmann::json::parse(*body),
            (nlohmann::json{{"start_date", "2026-12-01T00:00:00-03:00"},
                            {"end_date", "2026-12-01T23:59:59-03:00"},
                            {"resource", "bounces"},
                            {"accountId", "acct-9"}}));
  ReportRequest bad = DecemberFirst(ReportType::kSent);
  bad.time_zone = "Nowhere/Land";
  EXPECT_EQ(RelayReportRequestBody(bad, "a").status().code(), StatusCode::kInvalidArgument);
}

TEST(RelayReports, TheRequestIdIsFoundWhereverTheRelayPutsIt) {
  EXPECT_EQ(ParseReportRequestId(R"({"reportRequestId": "r-1", "id": 9})", ""), "r-1");
  EXPECT_EQ(ParseReportRequestId(R"({"createdResourceId": 77})", ""), "77");
  EXPECT_EQ(ParseReportRequestId(R"({"id": 12})", ""), "12");
  EXPECT_EQ(ParseReportRequestId(
                R"({"_links": [{"href": "/reports/reportrequest?reportRequestId=abc&x=1"}]})", ""),
            "abc");
  EXPECT_EQ(ParseReportRequestId(R"({"links": {"href": "https://r.example/reports/4411/"}})", ""),
            "4411");
  EXPECT_EQ(ParseReportRequestId("", "https://r.example/reports/reportrequest/88"), "88");
  EXPECT_EQ(ParseReportRequestId("not json", "/reports/reportrequest?reportRequestId=z9"), "z9");
  EXPECT_EQ(ParseReportRequestId(R"({"_links": [{"href": "/reports/latest"}]})", ""), "");
  EXPECT_EQ(ParseReportRequestId("{}", ""), "");
}

TEST(RelayReports, ReadinessIs202EmptyOrProcessed) {
  EXPECT_EQ(*ParseReportReadiness(202, R"({"processed": true})"), ReportReadiness::kNotYet);
  EXPECT_EQ(*ParseReportReadiness(200, " \n"), ReportReadiness::kNotYet);
  EXPECT_EQ(*ParseReportReadiness(200, R"({"processed": false})"), ReportReadiness::kNotYet);
  EXPECT_EQ(*ParseReportReadiness(200, R"({"processed": true, "n": 3})"), ReportReadiness::kReady);
  EXPECT_EQ(ParseReportReadiness(200, R"({"status": "done"})").status().code(),
            StatusCode::kPermanent);
}

TEST(RelayReports, AJsonDownloadNamesTheFile) {
  EXPECT_EQ(ReportFileUrl(R"({"file_path": "/files/r1.csv"})", "http://h:8/v1/"),
            "http://h:8/files/r1.csv");
  EXPECT_EQ(ReportFileUrl(R"({"file_path": "files/r1.csv"})", "http://h:8/v1/"),
            "http://h:8/v1/files/r1.csv");
  EXPECT_EQ(ReportFileUrl(R"({"_links": [{"href": "https://cdn.example/r1.csv"}]})", "http://h/"),
            "https://cdn.example/r1.csv");
  EXPECT_FALSE(ReportFileUrl("Subject,Email\n", "http://h/").has_value());
  EXPECT_FALSE(ReportFileUrl(R"({"processed": true})", "http://h/").has_value());
}

// Against the sandbox provider: a message sent through the relay channel comes back in the
// reports, asked for, polled and downloaded over real HTTP.
class RelayReportsSandboxTest : public ::testing::Test {
 protected:
  void Start(SandboxOptions options) {
    options.record_path = record_;
    options.threads = 8;
    sandbox_ = std::make_unique<SandboxServer>(options);
    ASSERT_TRUE(sandbox_->Start().ok());
    sender_.name = "relay";
    sender_.kind = ChannelKind::kRelay;
    sender_.base_url = "http://127.0.0.1:" + std::to_string(sandbox_->port()) + "/";
    sender_.api_key = "k-123";
    sender_.account_id = "7";
    sender_.from_email = "news@example.com";
  }

  std::string record_ = TempPath("record.jsonl");
  std::unique_ptr<SandboxServer> sandbox_;
  Sender sender_;
};

TEST_F(RelayReportsSandboxTest, AReportIsAskedPolledAndDownloaded) {
  Start({});
  // One recorded message today, as the relay channel would have sent it.
  std::ofstream(record_) << R"({"ts":)" << ToUnixMillis(SystemClock().Now()) / 1000
                         << R"(,"channel":"relay","to":"ana@example.com","subject":"Hola"})"
                         << "\n";
  auto provider = MakeReportProvider(sender_, {});
  ASSERT_TRUE(provider.ok());
  ReportRequest r;
  r.type = ReportType::kSent;
  r.day_from = r.day_to = *LocalDay(SystemClock().Now(), "UTC");
  r.time_zone = "UTC";
  auto id = (*provider)->Ask(r);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  r.provider_request_id = *id;
  EXPECT_EQ(*(*provider)->Poll(r), ReportReadiness::kReady);
  const std::string path = TempPath("sent.csv");
  auto bytes = (*provider)->Download(r, path);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  std::ifstream in(path);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_EQ(header, "Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks\r");
  EXPECT_NE(row.find("ana@example.com,Sent"), std::string::npos) << row;
  EXPECT_EQ(*bytes, static_cast<int64_t>(header.size() + row.size() + 2));
}

TEST_F(RelayReportsSandboxTest, ADownloadAnsweredWithJsonFetchesTheFileItNames) {
  SandboxOptions o;
  o.report_quirks = "file-link";
  Start(o);
  std::ofstream(record_) << R"({"ts":)" << ToUnixMillis(SystemClock().Now()) / 1000
                         << R"(,"channel":"relay","to":"bea@example.com","subject":"Hola"})"
                         << "\n";
  auto provider = MakeReportProvider(sender_, {});
  ReportRequest r;
  r.type = ReportType::kSent;
  r.day_from = r.day_to = *LocalDay(SystemClock().Now(), "UTC");
  r.time_zone = "UTC";
  r.provider_request_id = *(*provider)->Ask(r);
  const std::string path = TempPath("linked.csv");
  auto bytes = (*provider)->Download(r, path);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), {});
  EXPECT_TRUE(all.starts_with("Subject,")) << all;
  EXPECT_NE(all.find("bea@example.com"), std::string::npos);
}

TEST_F(RelayReportsSandboxTest, NotYetAndFailuresAreToldApart) {
  SandboxOptions o;
  o.report_delay_ms = 600'000;
  Start(o);
  auto provider = MakeReportProvider(sender_, {});
  ReportRequest r = DecemberFirst(ReportType::kOpens);
  r.provider_request_id = *(*provider)->Ask(r);
  EXPECT_EQ(*(*provider)->Poll(r), ReportReadiness::kNotYet);
  r.provider_request_id = "999999";
  auto missing = (*provider)->Poll(r);
  EXPECT_EQ(missing.status().code(), StatusCode::kPermanent);
  EXPECT_NE(missing.status().message().find("HTTP 404"), std::string::npos);

  sender_.base_url = "http://127.0.0.1:1/";  // nothing listens there
  auto refused = (*MakeReportProvider(sender_, {}))->Ask(DecemberFirst(ReportType::kSent));
  EXPECT_EQ(refused.status().code(), StatusCode::kTransient);
  EXPECT_EQ(refused.status().message().find("k-123"), std::string::npos) << "never the key";
}

TEST(ReportProviders, OnlyRelaySendersHaveOne) {
  Sender s;
  s.name = "bot";
  s.kind = ChannelKind::kTelegram;
  auto p = MakeReportProvider(s, {});
  EXPECT_EQ(p.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(p.status().message().find("only relay providers"), std::string::npos);
}

}  // namespace
}  // namespace pregon

#include "channels/telegram/telegram_probe.h"

#include <gtest/gtest.h>

#include "channels/channel_test_util.h"
#include "sandbox/sandbox_server.h"

namespace pregon {
namespace {

HttpResponse Answered(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(TelegramProbe, ClassifiesGetMeAnswers) {
  TelegramProbeResult ok = ClassifyGetMe(Answered(
      200,
      R"({"ok":true,"result":{"id":1,"is_bot":true,"first_name":"N","username":"news_bot"}})"));
  EXPECT_EQ(ok.outcome, TelegramProbeOutcome::kOk);
  EXPECT_EQ(ok.username, "news_bot");

  for (int status : {401, 404}) {
    TelegramProbeResult refused = ClassifyGetMe(
        Answered(status, R"({"ok":false,"error_code":401,"description":"Unauthorized"})"));
    EXPECT_EQ(refused.outcome, TelegramProbeOutcome::kTokenRefused) << status;
    EXPECT_EQ(refused.http_status, status);
  }
  EXPECT_EQ(ClassifyGetMe(Answered(401, "<html>")).outcome, TelegramProbeOutcome::kTokenRefused);

  TelegramProbeResult proxy = ClassifyGetMe(Answered(200, "<html>a captive portal</html>"));
  EXPECT_EQ(proxy.outcome, TelegramProbeOutcome::kUnexpected);
  EXPECT_EQ(proxy.detail, "not JSON");
  EXPECT_EQ(ClassifyGetMe(Answered(200, R"({"ok":true,"result":{"id":1}})")).outcome,
            TelegramProbeOutcome::kUnexpected);
  TelegramProbeResult busy =
      ClassifyGetMe(Answered(502, R"({"ok":false,"error_code":502,"description":"Bad Gateway"})"));
  EXPECT_EQ(busy.outcome, TelegramProbeOutcome::kUnexpected);
  EXPECT_EQ(busy.detail, "Bad Gateway");

  HttpResponse none;
  none.transport_error = TransportError::kConnect;
  none.error = "Couldn't connect to server";
  EXPECT_EQ(ClassifyGetMe(none).outcome, TelegramProbeOutcome::kUnreachable);
}

TEST(TelegramProbe, AsksTheSandboxWhoTheBotIsWithoutShowingTheToken) {
  SandboxOptions options;
  options.record_path = testing_util::TempPath("getme-record.jsonl");
  options.threads = 4;
  SandboxServer sandbox(options);
  ASSERT_TRUE(sandbox.Start().ok());
  const std::string base = "http://127.0.0.1:" + std::to_string(sandbox.port());
  FetchOptions fetch;
  fetch.timeout = Millis(5000);

  TelegramProbeResult ok = ProbeTelegramBot(base, "4242:AAF-secret", fetch);
  EXPECT_EQ(ok.outcome, TelegramProbeOutcome::kOk) << ok.detail;
  EXPECT_EQ(ok.username, "sandbox_4242_bot");

  TelegramProbeResult revoked = ProbeTelegramBot(base + "/", "4242:revoked-secret", fetch);
  EXPECT_EQ(revoked.outcome, TelegramProbeOutcome::kTokenRefused);
  EXPECT_EQ(revoked.http_status, 401);
  EXPECT_EQ(revoked.detail, "Unauthorized");
  EXPECT_TRUE(testing_util::ReadLines(options.record_path).empty());
  sandbox.Stop();
  sandbox.Wait();

  TelegramProbeResult gone = ProbeTelegramBot(base, "4242:AAF-secret", fetch);
  EXPECT_EQ(gone.outcome, TelegramProbeOutcome::kUnreachable);
  EXPECT_EQ(gone.detail.find("AAF-secret"), std::string::npos) << gone.detail;
}

}  // namespace
}  // namespace pregon

#include "channels/telegram/telegram_channel.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "channels/channel_factory.h"
#include "channels/channel_test_util.h"
#include "channels/telegram/telegram_message.h"
#include "sandbox/sandbox_server.h"

namespace pregon {
namespace {

using Json = nlohmann::json;
using testing_util::ReadLines;
using testing_util::TempPath;

constexpr char kToken[] = "123456789:AAF-secret_Token9f8e7d";

Sender TelegramSender(const std::string& base_url) {
  Sender sender;
  sender.name = "telegram-test";
  sender.kind = ChannelKind::kTelegram;
  sender.base_url = base_url;
  sender.bot_token = kToken;
  sender.concurrency = 16;
  return sender;
}

// Chat ids the way an audience holds them: users (positive), groups and channels
// (negative, -100…), and public channels by @name.
std::string ChatId(int i) {
  switch (i % 3) {
    case 0:
      return std::to_string(100000 + i);
    case 1:
      return std::to_string(-1001000000000LL - i);
    default:
      return "@channel_" + std::to_string(i);
  }
}

std::vector<OutgoingMessage> Messages(int count, int64_t campaign_id = 9) {
  std::vector<OutgoingMessage> messages(count);
  for (int i = 0; i < count; ++i) {
    messages[i].campaign_id = campaign_id;
    messages[i].delivery_id = i + 1;
    messages[i].to = ChatId(i);
    messages[i].text = "¡Hola " + std::to_string(i + 1) + "! 🎉";
  }
  return messages;
}

class TelegramChannelTest : public ::testing::Test {
 protected:
  void StartSandbox(SandboxOptions options = {}) {
    options.record_path = record_path_;
    options.threads = 32;
    sandbox_ = std::make_unique<SandboxServer>(options);
    ASSERT_TRUE(sandbox_->Start().ok());
  }

  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(sandbox_->port()); }

  std::unique_ptr<Channel> MakeTelegram(const Sender& sender, ChannelSettings settings = {}) {
    auto channel = MakeChannel(sender, settings);
    EXPECT_TRUE(channel.ok()) << channel.status().ToString();
    return channel.ok() ? std::move(channel).value() : nullptr;
  }

  std::vector<Json> Records() const {
    std::vector<Json> records;
    for (const std::string& line : ReadLines(record_path_)) records.push_back(Json::parse(line));
    return records;
  }

  const std::string record_path_ = TempPath("telegram-record.jsonl");
  std::unique_ptr<SandboxServer> sandbox_;
};

TEST_F(TelegramChannelTest, SendsEveryMessageToItsChat) {
  StartSandbox();
  auto channel = MakeTelegram(TelegramSender(BaseUrl()));
  const auto messages = Messages(120);
  const std::vector<SendResult> results = channel->SendBatch(messages);

  ASSERT_EQ(results.size(), messages.size());
  std::set<std::string> provider_ids;
  for (const SendResult& result : results) {
    ASSERT_EQ(result.outcome, SendOutcome::kSent) << result.error;
    EXPECT_FALSE(result.provider_id.empty());
    provider_ids.insert(result.provider_id);
  }
  EXPECT_EQ(provider_ids.size(), messages.size());

  const std::vector<Json> records = Records();
  ASSERT_EQ(records.size(), messages.size());
  std::set<int64_t> delivery_ids;
  for (const Json& r : records) {
    EXPECT_EQ(r["channel"], "telegram");
    EXPECT_EQ(r["campaign_id"], 9);
    const int64_t delivery_id = r["delivery_id"];
    EXPECT_EQ(r["to"], ChatId(static_cast<int>(delivery_id - 1)));
    EXPECT_EQ(r["text"], "¡Hola " + std::to_string(delivery_id) + "! 🎉");
    EXPECT_TRUE(provider_ids.count(r["provider_id"]));
    delivery_ids.insert(delivery_id);
  }
  EXPECT_EQ(delivery_ids.size(), messages.size());
  EXPECT_EQ(sandbox_->stats().accepted, messages.size());
}

TEST_F(TelegramChannelTest, ChatsThatBlockedTheBotAreUnavailable) {
  const std::string blocked_path = TempPath("blocked-ids.txt");
  {
    std::ofstream blocked(blocked_path);
    blocked << ChatId(3) << "\n" << ChatId(4) << "\n" << ChatId(5) << "\n";
  }
  SandboxOptions options;
  options.blocked_ids_path = blocked_path;
  StartSandbox(options);
  auto channel = MakeTelegram(TelegramSender(BaseUrl()));
  const auto results = channel->SendBatch(Messages(10));
  for (int i = 0; i < 10; ++i) {
    SCOPED_TRACE(i);
    if (i >= 3 && i <= 5) {
      EXPECT_EQ(results[i].outcome, SendOutcome::kUnavailable);
      EXPECT_EQ(results[i].error, "HTTP 403: Forbidden: bot was blocked by the user");
      EXPECT_FALSE(results[i].sender_blocked);
    } else {
      EXPECT_EQ(results[i].outcome, SendOutcome::kSent) << results[i].error;
    }
  }
  EXPECT_EQ(Records().size(), 7u);
}

TEST_F(TelegramChannelTest, ThrottledRequestsAreTransientWithRetryAfter) {
  SandboxOptions options;
  options.throttle_every = 5;
  StartSandbox(options);
  auto channel = MakeTelegram(TelegramSender(BaseUrl()));
  int sent = 0;
  int throttled = 0;
  for (const SendResult& r : channel->SendBatch(Messages(50))) {
    if (r.outcome == SendOutcome::kSent) {
      ++sent;
      continue;
    }
    ++throttled;
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_EQ(r.retry_after, std::chrono::milliseconds(1000));
    EXPECT_FALSE(r.sender_blocked);
    EXPECT_NE(r.error.find("HTTP 429"), std::string::npos) << r.error;
  }
  EXPECT_EQ(throttled, 10);
  EXPECT_EQ(Records().size(), static_cast<size_t>(sent));
}

TEST_F(TelegramChannelTest, FailingApiIsTransient) {
  SandboxOptions options;
  options.fail_rate = 1;
  StartSandbox(options);
  auto channel = MakeTelegram(TelegramSender(BaseUrl()));
  for (const SendResult& r : channel->SendBatch(Messages(5))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_EQ(r.error, "HTTP 503: Service Unavailable");
  }
  EXPECT_TRUE(Records().empty());
}

TEST_F(TelegramChannelTest, ParseModeIsPassedToTheApi) {
  StartSandbox();
  auto channel = MakeTelegram(TelegramSender(BaseUrl()));
  auto messages = Messages(2);
  messages[0].parse_mode = "HTML";
  messages[0].text = "<b>Hola</b>";
  messages[1].parse_mode = "Bogus";  // the API refuses an unknown mode
  const auto results = channel->SendBatch(messages);
  EXPECT_EQ(results[0].outcome, SendOutcome::kSent) << results[0].error;
  EXPECT_EQ(results[1].outcome, SendOutcome::kPermanent);
  EXPECT_EQ(results[1].error, "HTTP 400: Bad Request: unsupported parse_mode");
}

TEST_F(TelegramChannelTest, MessagesWithoutTextArePermanentWithoutARequest) {
  StartSandbox();
  auto channel = MakeTelegram(TelegramSender(BaseUrl()));
  auto messages = Messages(3);
  messages[1].text.clear();
  messages[1].html = "<p>only html</p>";
  const auto results = channel->SendBatch(messages);
  EXPECT_EQ(results[0].outcome, SendOutcome::kSent);
  EXPECT_EQ(results[1].outcome, SendOutcome::kPermanent);
  EXPECT_NE(results[1].error.find("no text"), std::string::npos);
  EXPECT_EQ(results[2].outcome, SendOutcome::kSent);
  EXPECT_EQ(sandbox_->stats().accepted + sandbox_->stats().rejected, 2u);
}

TEST_F(TelegramChannelTest, WrongBaseUrlBlocksTheSenderWithoutShowingTheToken) {
  StartSandbox();
  auto channel = MakeTelegram(TelegramSender(BaseUrl() + "/not-the-bot-api/"));
  for (const SendResult& r : channel->SendBatch(Messages(2))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_TRUE(r.sender_blocked);
    EXPECT_NE(r.error.find("HTTP 404"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.find(kToken), std::string::npos) << r.error;
  }
}

TEST_F(TelegramChannelTest, RefusedConnectionIsTransient) {
  const std::string base = "http://127.0.0.1:" + std::to_string(testing_util::UnusedPort());
  auto channel = MakeTelegram(TelegramSender(base));
  for (const SendResult& r : channel->SendBatch(Messages(3))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_EQ(r.error.rfind("connect: ", 0), 0u) << r.error;
    EXPECT_EQ(r.error.find(kToken), std::string::npos) << r.error;
  }
}

TEST_F(TelegramChannelTest, SlowApiTimesOutAsTransient) {
  SandboxOptions options;
  options.latency_ms = 400;
  StartSandbox(options);
  ChannelSettings settings;
  settings.request_timeout = std::chrono::milliseconds(100);
  auto channel = MakeTelegram(TelegramSender(BaseUrl()), settings);
  for (const SendResult& r : channel->SendBatch(Messages(2))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_EQ(r.error.rfind("timeout: ", 0), 0u) << r.error;
  }
}

// Records the requests it is given and answers each with a canned response.
class FakeHttpClient final : public HttpClient {
 public:
  explicit FakeHttpClient(HttpResponse answer) : answer_(std::move(answer)) {}
  void Execute(std::span<const HttpRequest> requests,
               std::vector<HttpResponse>& responses) override {
    seen.assign(requests.begin(), requests.end());
    responses.assign(requests.size(), answer_);
  }
  std::vector<HttpRequest> seen;

 private:
  HttpResponse answer_;
};

TEST(TelegramChannelRequestTest, BuildsUrlHeadersAndBody) {
  HttpResponse ok;
  ok.status = 200;
  ok.body = R"({"ok":true,"result":{"message_id":5}})";
  auto fake = std::make_unique<FakeHttpClient>(ok);
  FakeHttpClient* http = fake.get();
  TelegramChannel channel(TelegramSender(""), std::move(fake));

  auto messages = Messages(3);
  messages[1].delivery_id = 0;  // a test send
  messages[1].parse_mode = "MarkdownV2";
  const auto results = channel.SendBatch(messages);
  EXPECT_EQ(results[0].provider_id, "5");

  ASSERT_EQ(http->seen.size(), 3u);
  const HttpRequest& first = http->seen[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.url, std::string("https://api.telegram.org/bot") + kToken + "/sendMessage");
  EXPECT_EQ(first.headers,
            (std::vector<std::string>{"Content-Type: application/json", "X-Pregon-Campaign-Id: 9",
                                      "X-Pregon-Delivery-Id: 1"}));
  EXPECT_EQ(Json::parse(first.body), Json::parse(R"({"chat_id":100000,"text":"¡Hola 1! 🎉"})"));
  EXPECT_EQ(http->seen[1].headers.size(), 2u);  // no delivery id header
  EXPECT_EQ(Json::parse(http->seen[1].body),
            Json::parse(R"({"chat_id":-1001000000001,"text":"¡Hola 2! 🎉",
                            "parse_mode":"MarkdownV2"})"));
  EXPECT_EQ(Json::parse(http->seen[2].body)["chat_id"], "@channel_2");
}

TEST(TelegramChannelRequestTest, NeverReturnsTheTokenInAnError) {
  HttpResponse echo;
  echo.status = 400;
  echo.body = std::string(R"({"ok":false,"error_code":400,"description":"bad /bot)") + kToken +
              R"(/sendMessage"})";
  TelegramChannel channel(TelegramSender(""), std::make_unique<FakeHttpClient>(echo));
  const SendResult result = channel.SendBatch(Messages(1))[0];
  EXPECT_EQ(result.outcome, SendOutcome::kPermanent);
  EXPECT_EQ(result.error.find(kToken), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("/bot***/sendMessage"), std::string::npos) << result.error;
}

TEST(TelegramMessageTest, ChatIdsAreNumbersWhenTheyAreIntegers) {
  const auto body = [](std::string to) {
    OutgoingMessage message;
    message.to = std::move(to);
    message.text = "x";
    std::string out;
    AppendTelegramMessageJson(message, out);
    return Json::parse(out)["chat_id"];
  };
  EXPECT_EQ(body("42"), 42);
  EXPECT_EQ(body("-1001234567890"), -1001234567890LL);
  EXPECT_EQ(body("@news"), "@news");
  EXPECT_EQ(body("042"), "042");                                    // not how Telegram writes an id
  EXPECT_EQ(body("99999999999999999999"), "99999999999999999999");  // beyond 64 bits
  EXPECT_EQ(body("12a"), "12a");
}

TEST(TelegramMessageTest, TokenChecksAndMasking) {
  EXPECT_TRUE(IsWellFormedBotToken(kToken));
  EXPECT_FALSE(IsWellFormedBotToken(""));
  EXPECT_FALSE(IsWellFormedBotToken("123:abc/../x"));
  EXPECT_FALSE(IsWellFormedBotToken("123:abc def"));
  EXPECT_EQ(MaskBotToken("a 123:x b 123:x", "123:x"), "a *** b ***");
  EXPECT_EQ(MaskBotToken("unchanged", ""), "unchanged");
  EXPECT_EQ(TelegramSendMessageUrl("http://h:1/api/", "1:t"), "http://h:1/api/bot1:t/sendMessage");
}

}  // namespace
}  // namespace pregon

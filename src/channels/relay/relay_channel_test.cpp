#include "channels/relay/relay_channel.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "channels/channel_factory.h"
#include "channels/channel_test_util.h"
#include "channels/http/curl_http_client.h"
#include "channels/relay/relay_message.h"
#include "channels/relay/relay_response.h"
#include "sandbox/sandbox_server.h"

namespace pregon {
namespace {

using Json = nlohmann::json;
using testing_util::ReadLines;
using testing_util::TempPath;

constexpr char kApiKey[] = "secret-key-9f8e7d";

Sender RelaySender(const std::string& base_url) {
  Sender sender;
  sender.name = "relay-test";
  sender.kind = ChannelKind::kRelay;
  sender.base_url = base_url;
  sender.api_key = kApiKey;
  sender.account_id = "42";
  sender.from_email = "news@example.com";
  sender.from_name = "Pregón";
  sender.concurrency = 32;
  return sender;
}

std::vector<OutgoingMessage> Messages(int count, int64_t campaign_id = 7) {
  std::vector<OutgoingMessage> messages(count);
  for (int i = 0; i < count; ++i) {
    messages[i].campaign_id = campaign_id;
    messages[i].delivery_id = i + 1;
    messages[i].to = "user" + std::to_string(i + 1) + "@example.com";
    messages[i].subject = "Hello " + std::to_string(i + 1);
    messages[i].text = "Hi there";
  }
  return messages;
}

// Starts a sandbox provider on a free port, recording to a fresh file.
class RelayChannelTest : public ::testing::Test {
 protected:
  void StartSandbox(SandboxOptions options = {}) {
    options.record_path = record_path_;
    options.threads = 64;
    sandbox_ = std::make_unique<SandboxServer>(options);
    ASSERT_TRUE(sandbox_->Start().ok());
  }

  std::string BaseUrl() const {
    return "http://127.0.0.1:" + std::to_string(sandbox_->port()) + "/";
  }

  std::unique_ptr<Channel> MakeRelay(const Sender& sender, ChannelSettings settings = {}) {
    auto channel = MakeChannel(sender, settings);
    EXPECT_TRUE(channel.ok()) << channel.status().ToString();
    return std::move(channel).value();
  }

  std::vector<Json> Records() const {
    std::vector<Json> records;
    for (const std::string& line : ReadLines(record_path_)) records.push_back(Json::parse(line));
    return records;
  }

  const std::string record_path_ = TempPath("relay-record.jsonl");
  std::unique_ptr<SandboxServer> sandbox_;
};

// The streaming form the engine uses: up to the sender's concurrency out at once, each
// result handed over under its tag, every message sent once.
TEST_F(RelayChannelTest, StreamsResultsUnderTheirTags) {
  StartSandbox();
  Sender sender = RelaySender(BaseUrl());
  sender.concurrency = 4;
  auto channel = MakeRelay(sender);
  ASSERT_TRUE(channel->streams());
  const auto messages = Messages(40);
  std::map<uint64_t, SendResult> results;
  size_t next = 0;
  size_t most_pending = 0;
  while (results.size() < messages.size()) {
    for (; next < messages.size() && channel->room() > 0; ++next) {
      channel->Submit(1000 + next, messages[next]);
    }
    most_pending = std::max(most_pending, channel->pending());
    channel->Collect(std::chrono::seconds(5), [&results](uint64_t tag, SendResult& r) {
      EXPECT_TRUE(results.emplace(tag, std::move(r)).second) << "tag " << tag << " twice";
    });
  }
  EXPECT_EQ(most_pending, 4u);
  EXPECT_EQ(channel->pending(), 0u);
  std::map<std::string, uint64_t> tag_of_id;
  for (const auto& [tag, r] : results) {
    ASSERT_EQ(r.outcome, SendOutcome::kSent) << r.error;
    tag_of_id[r.provider_id] = tag;
  }
  const std::vector<Json> records = Records();
  ASSERT_EQ(records.size(), messages.size());
  for (const Json& r : records) {
    // Each result came back under the tag of the message it answers.
    const int64_t delivery_id = r["delivery_id"];
    EXPECT_EQ(tag_of_id[r["provider_id"]], 1000u + static_cast<uint64_t>(delivery_id - 1));
  }
}

TEST_F(RelayChannelTest, SendsEveryMessageExactlyOnce) {
  StartSandbox();
  auto channel = MakeRelay(RelaySender(BaseUrl()));
  const auto messages = Messages(500);
  const std::vector<SendResult> results = channel->SendBatch(messages);

  ASSERT_EQ(results.size(), messages.size());
  std::set<std::string> provider_ids;
  for (const SendResult& result : results) {
    ASSERT_EQ(result.outcome, SendOutcome::kSent) << result.error;
    provider_ids.insert(result.provider_id);
  }
  EXPECT_EQ(provider_ids.size(), messages.size());  // one distinct id per message

  const std::vector<Json> records = Records();
  ASSERT_EQ(records.size(), messages.size());
  std::set<int64_t> delivery_ids;
  for (const Json& r : records) {
    EXPECT_EQ(r["channel"], "relay");
    EXPECT_EQ(r["campaign_id"], 7);
    const int64_t delivery_id = r["delivery_id"];
    EXPECT_EQ(r["to"], "user" + std::to_string(delivery_id) + "@example.com");
    EXPECT_EQ(r["subject"], "Hello " + std::to_string(delivery_id));
    EXPECT_TRUE(provider_ids.count(r["provider_id"]));
    delivery_ids.insert(delivery_id);
  }
  EXPECT_EQ(delivery_ids.size(), messages.size());
  EXPECT_EQ(*delivery_ids.begin(), 1);
  EXPECT_EQ(*delivery_ids.rbegin(), 500);
  EXPECT_EQ(sandbox_->stats().accepted, 500u);
}

TEST_F(RelayChannelTest, ConsecutiveBatchesReuseTheChannel) {
  StartSandbox();
  auto channel = MakeRelay(RelaySender(BaseUrl()));
  for (int batch = 0; batch < 3; ++batch) {
    for (const SendResult& r : channel->SendBatch(Messages(40, batch + 1))) {
      EXPECT_EQ(r.outcome, SendOutcome::kSent) << r.error;
    }
  }
  EXPECT_EQ(Records().size(), 120u);
}

TEST_F(RelayChannelTest, TheSandboxRequiresTheAuthorizationHeader) {
  StartSandbox();
  auto http = CurlHttpClient::Create({});
  ASSERT_TRUE(http.ok());
  std::string body;
  AppendRelayMessageJson("news@example.com", "", Messages(1)[0], {}, body);
  HttpRequest request;
  request.url = RelayMessagesUrl(BaseUrl(), "42");
  request.headers = {"Content-Type: application/json"};
  request.body = body;
  HttpRequest wrong_scheme = request;
  wrong_scheme.headers.push_back("Authorization: Basic dXNlcjpwYXNz");
  HttpRequest good = request;
  good.headers.push_back(std::string("Authorization: token ") + kApiKey);

  std::vector<HttpResponse> responses;
  (*http)->Execute(std::vector<HttpRequest>{request, wrong_scheme, good}, responses);
  EXPECT_EQ(responses[0].status, 401);
  EXPECT_EQ(responses[1].status, 401);
  EXPECT_EQ(responses[2].status, 201);
  const SendResult unauthorized = ClassifyRelayResponse(responses[0]);
  EXPECT_EQ(unauthorized.outcome, SendOutcome::kTransient);
  EXPECT_TRUE(unauthorized.sender_blocked);
  EXPECT_EQ(Records().size(), 1u);
}

TEST_F(RelayChannelTest, ThrottledRequestsAreTransientWithRetryAfter) {
  SandboxOptions options;
  options.throttle_every = 4;
  StartSandbox(options);
  auto channel = MakeRelay(RelaySender(BaseUrl()));
  const auto results = channel->SendBatch(Messages(40));
  int sent = 0;
  int throttled = 0;
  for (const SendResult& r : results) {
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

TEST_F(RelayChannelTest, FailingProviderGivesTransientResults) {
  SandboxOptions options;
  options.fail_rate = 1;
  StartSandbox(options);
  auto channel = MakeRelay(RelaySender(BaseUrl()));
  for (const SendResult& r : channel->SendBatch(Messages(20))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_NE(r.error.find("HTTP 503"), std::string::npos) << r.error;
    EXPECT_FALSE(r.sender_blocked);
  }
  EXPECT_TRUE(Records().empty());
}

TEST_F(RelayChannelTest, RefusedConnectionIsTransient) {
  const std::string base = "http://127.0.0.1:" + std::to_string(testing_util::UnusedPort()) + "/";
  auto channel = MakeRelay(RelaySender(base));
  for (const SendResult& r : channel->SendBatch(Messages(3))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_EQ(r.error.rfind("connect: ", 0), 0u) << r.error;
  }
}

TEST_F(RelayChannelTest, SlowProviderTimesOutAsTransient) {
  SandboxOptions options;
  options.latency_ms = 400;
  StartSandbox(options);
  ChannelSettings settings;
  settings.request_timeout = std::chrono::milliseconds(100);
  auto channel = MakeRelay(RelaySender(BaseUrl()), settings);
  for (const SendResult& r : channel->SendBatch(Messages(2))) {
    EXPECT_EQ(r.outcome, SendOutcome::kTransient);
    EXPECT_EQ(r.error.rfind("timeout: ", 0), 0u) << r.error;
  }
}

TEST_F(RelayChannelTest, IdempotencyKeyMakesAResendHarmless) {
  StartSandbox();
  auto channel = MakeRelay(RelaySender(BaseUrl()));
  auto messages = Messages(1);
  messages[0].idempotency_key = "delivery-1-attempt";
  const SendResult first = channel->SendBatch(messages)[0];
  const SendResult again = channel->SendBatch(messages)[0];
  EXPECT_EQ(first.outcome, SendOutcome::kSent);
  EXPECT_EQ(again.outcome, SendOutcome::kSent);
  EXPECT_EQ(first.provider_id, again.provider_id);
  EXPECT_EQ(Records().size(), 1u);
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

TEST(RelayChannelRequestTest, BuildsUrlHeadersAndBody) {
  HttpResponse ok;
  ok.status = 201;
  auto fake = std::make_unique<FakeHttpClient>(ok);
  FakeHttpClient* http = fake.get();
  Sender sender = RelaySender("https://relay.example.com/v1/");
  sender.auth_scheme = "token";
  RelayChannel channel(sender, std::move(fake));

  auto messages = Messages(2);
  messages[1].delivery_id = 0;  // a test send
  messages[1].idempotency_key = "k-1";
  channel.SendBatch(messages);

  ASSERT_EQ(http->seen.size(), 2u);
  const HttpRequest& first = http->seen[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.url, "https://relay.example.com/v1/accounts/42/messages");
  EXPECT_EQ(first.headers,
            (std::vector<std::string>{std::string("Authorization: token ") + kApiKey,
                                      "Content-Type: application/json", "Accept: application/json",
                                      "X-Pregon-Campaign-Id: 7", "X-Pregon-Delivery-Id: 1"}));
  EXPECT_EQ(Json::parse(first.body)["recipients"][0]["email"], "user1@example.com");
  EXPECT_EQ(http->seen[1].headers.back(), "Idempotency-Key: k-1");
  EXPECT_EQ(http->seen[1].headers.size(), 5u);  // no delivery id header
}

TEST(RelayChannelRequestTest, NeverReturnsTheApiKeyInAnError) {
  HttpResponse echo;
  echo.status = 400;
  echo.body = std::string(R"({"title":"Bad key","detail":"key )") + kApiKey + R"( is odd"})";
  RelayChannel channel(RelaySender("https://relay.example.com"),
                       std::make_unique<FakeHttpClient>(echo));
  const SendResult result = channel.SendBatch(Messages(1))[0];
  EXPECT_EQ(result.outcome, SendOutcome::kPermanent);
  EXPECT_EQ(result.error.find(kApiKey), std::string::npos) << result.error;
  EXPECT_NE(result.error.find("***"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace pregon

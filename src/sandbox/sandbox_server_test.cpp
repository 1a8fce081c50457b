#include "sandbox/sandbox_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "sandbox/sandbox_test_util.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

using testing::TempPath;

std::vector<Json> ReadRecords(const std::string& path) {
  std::vector<Json> records;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) records.push_back(Json::parse(line));
  return records;
}

std::string ReadLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

const char kMessage[] = R"({"from_email":"news@example.com","from_name":"Pregón",)"
                        R"("recipients":[{"type":"to","email":"ana@example.com","name":"Ana"}],)"
                        R"("subject":"Hola Ana","text":"hi"})";

class SandboxServerTest : public ::testing::Test {
 protected:
  void Start(SandboxOptions options = {}) {
    options.record_path = record_path_;
    options.threads = 16;
    server_ = std::make_unique<SandboxServer>(options);
    const Status status = server_->Start();
    ASSERT_TRUE(status.ok()) << status.ToString();
    ASSERT_GT(server_->port(), 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  httplib::Result SendRelay(const std::string& body,
                            httplib::Headers headers = {{"Authorization", "Bearer k"}}) {
    return client_->Post("/accounts/42/messages", headers, body, "application/json");
  }

  httplib::Result SendTelegram(const Json& body) {
    return client_->Post("/bot123:abc/sendMessage", body.dump(), "application/json");
  }

  const std::string record_path_ = TempPath("record.jsonl");
  std::unique_ptr<SandboxServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(SandboxServerTest, RelayAcceptsAndRecordsTheMessage) {
  Start();
  const double before =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto res = SendRelay(
      kMessage,
      {{"Authorization", "token k"}, {"X-Pregon-Campaign-Id", "7"}, {"X-Pregon-Delivery-Id", "9"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  const Json answer = Json::parse(res->body);
  const std::string id = answer["createdResourceId"];
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(answer["destinationEmails"], Json::array({"ana@example.com"}));

  const auto records = ReadRecords(record_path_);
  ASSERT_EQ(records.size(), 1u);
  const Json& r = records[0];
  EXPECT_EQ(nlohmann::ordered_json::parse(ReadLine(record_path_)).begin().key(), "ts");
  EXPECT_NEAR(r["ts"].get<double>(), before, 5.0);
  EXPECT_EQ(r["channel"], "relay");
  EXPECT_EQ(r["to"], "ana@example.com");
  EXPECT_EQ(r["campaign_id"], 7);
  EXPECT_EQ(r["delivery_id"], 9);
  EXPECT_EQ(r["subject"], "Hola Ana");
  EXPECT_EQ(r["provider_id"], id);
  EXPECT_EQ(server_->stats().accepted, 1u);
}

TEST_F(SandboxServerTest, RelayRecordsNullIdsWithoutPregonHeaders) {
  Start();
  auto res = SendRelay(kMessage);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  const auto records = ReadRecords(record_path_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0]["campaign_id"].is_null());
  EXPECT_TRUE(records[0]["delivery_id"].is_null());
}

TEST_F(SandboxServerTest, RelayRecordsEachRecipient) {
  Start();
  Json message = Json::parse(kMessage);
  message["recipients"].push_back({{"type", "cc"}, {"email", "boss@example.com"}});
  auto res = SendRelay(message.dump());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  const auto records = ReadRecords(record_path_);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1]["to"], "boss@example.com");
  EXPECT_EQ(records[0]["provider_id"], records[1]["provider_id"]);
}

TEST_F(SandboxServerTest, RelayRejectsBadRequestsWithoutRecording) {
  Start();
  Json no_recipients = Json::parse(kMessage);
  no_recipients.erase("recipients");
  Json bad_email = Json::parse(kMessage);
  bad_email["recipients"][0]["email"] = "not-an-address";
  Json no_from = Json::parse(kMessage);
  no_from.erase("from_email");

  struct Case {
    httplib::Result res;
    int status;
    const char* detail;
  };
  Case cases[] = {
      {SendRelay(kMessage, {}), 401, "Authorization"},
      {SendRelay(kMessage, {{"Authorization", "Basic abc"}}), 401, "Authorization"},
      {SendRelay(kMessage, {{"Authorization", "Bearer"}}), 401, "Authorization"},
      {SendRelay("{not json"), 400, "not a JSON object"},
      {SendRelay("[1,2]"), 400, "not a JSON object"},
      {SendRelay(no_recipients.dump()), 400, "recipients"},
      {SendRelay(bad_email.dump()), 400, "recipients[0].email"},
      {SendRelay(no_from.dump()), 400, "from_email"},
  };
  for (Case& c : cases) {
    ASSERT_TRUE(c.res);
    EXPECT_EQ(c.res->status, c.status) << c.res->body;
    const Json problem = Json::parse(c.res->body);
    EXPECT_EQ(problem["status"], c.status);
    EXPECT_NE(problem["detail"].get<std::string>().find(c.detail), std::string::npos)
        << problem.dump();
  }
  EXPECT_TRUE(ReadRecords(record_path_).empty());
  EXPECT_EQ(server_->stats().rejected, 8u);
}

TEST_F(SandboxServerTest, RelayTemplatesAndAttachmentsAreRecorded) {
  Start();
  const Json message = {{"from_email", "news@example.com"},
                        {"recipients", {{{"type", "to"}, {"email", "ana@example.com"}}}},
                        {"model", {{"name", "Ana"}, {"Ciudad", "Lima"}}},
                        {"attachments",
                         {{{"filename", "a.pdf"},
                           {"content_type", "application/pdf"},
                           {"base64_content", "JVBERgA="}}}}};
  auto sent = client_->Post("/accounts/42/templates/tpl-1/message", {{"Authorization", "Bearer k"}},
                            message.dump(), "application/json");
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->status, 201) << sent->body;
  Json no_model = message;
  no_model.erase("model");
  auto refused =
      client_->Post("/accounts/42/templates/tpl-1/message", {{"Authorization", "Bearer k"}},
                    no_model.dump(), "application/json");
  EXPECT_EQ(refused->status, 400);
  Json bad_file = message;
  bad_file["attachments"][0]["base64_content"] = "not base64!";
  EXPECT_EQ(SendRelay(bad_file.dump())->status, 400);

  const auto records = ReadRecords(record_path_);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["template_id"], "tpl-1");
  EXPECT_EQ(records[0]["model"]["Ciudad"], "Lima");
  EXPECT_EQ(records[0]["attachments"],
            Json({{{"filename", "a.pdf"}, {"content_type", "application/pdf"}, {"size", 5}}}));
}

TEST_F(SandboxServerTest, RelayDedupesIdempotencyKeys) {
  Start();
  const httplib::Headers headers = {{"Authorization", "Bearer k"}, {"Idempotency-Key", "d-1"}};
  auto first = SendRelay(kMessage, headers);
  auto again = SendRelay(kMessage, headers);
  auto other = SendRelay(kMessage, {{"Authorization", "Bearer k"}, {"Idempotency-Key", "d-2"}});
  ASSERT_TRUE(first && again && other);
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(Json::parse(first->body)["createdResourceId"],
            Json::parse(again->body)["createdResourceId"]);
  EXPECT_NE(Json::parse(first->body)["createdResourceId"],
            Json::parse(other->body)["createdResourceId"]);
  EXPECT_EQ(ReadRecords(record_path_).size(), 2u);
}

TEST_F(SandboxServerTest, ThrottlesEveryNthRequestAcrossApis) {
  SandboxOptions options;
  options.throttle_every = 2;
  Start(options);
  auto r1 = SendRelay(kMessage);
  auto r2 = SendRelay(kMessage);
  auto t3 = SendTelegram({{"chat_id", 5}, {"text", "hi"}});
  auto t4 = SendTelegram({{"chat_id", 5}, {"text", "hi"}});
  ASSERT_TRUE(r1 && r2 && t3 && t4);
  EXPECT_EQ(r1->status, 201);
  EXPECT_EQ(r2->status, 429);
  EXPECT_EQ(r2->get_header_value("Retry-After"), "1");
  EXPECT_EQ(t3->status, 200);
  EXPECT_EQ(t4->status, 429);
  EXPECT_EQ(Json::parse(t4->body),
            Json::parse(R"({"ok":false,"error_code":429,"description":"Too Many Requests: )"
                        R"(retry after 1","parameters":{"retry_after":1}})"));
  EXPECT_EQ(ReadRecords(record_path_).size(), 2u);
  EXPECT_EQ(server_->stats().throttled, 2u);
}

TEST_F(SandboxServerTest, FailRateIsReproducibleForASeed) {
  SandboxOptions options;
  options.fail_rate = 0.5;
  options.seed = 7;
  std::vector<int> statuses[2];
  for (auto& run : statuses) {
    Start(options);
    for (int i = 0; i < 20; ++i) {
      auto res = SendRelay(kMessage);
      ASSERT_TRUE(res);
      run.push_back(res->status);
    }
    server_.reset();
  }
  EXPECT_EQ(statuses[0], statuses[1]);
  const auto failed = std::count(statuses[0].begin(), statuses[0].end(), 503);
  EXPECT_GT(failed, 0);
  EXPECT_LT(failed, 20);
  EXPECT_EQ(ReadRecords(record_path_).size(), 2 * (20 - static_cast<size_t>(failed)));
}

TEST_F(SandboxServerTest, LatencyDelaysEveryAnswer) {
  SandboxOptions options;
  options.latency_ms = 100;
  Start(options);
  const auto start = std::chrono::steady_clock::now();
  auto res = SendRelay(kMessage);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
}

TEST_F(SandboxServerTest, TelegramSendMessageWithJsonOrForm) {
  Start();
  auto json = client_->Post(
      "/bot123:abc/sendMessage", {{"X-Pregon-Campaign-Id", "3"}, {"X-Pregon-Delivery-Id", "4"}},
      R"({"chat_id":1001,"text":"Hola","parse_mode":"HTML"})", "application/json");
  auto form = client_->Post("/bot123:abc/sendMessage",
                            httplib::Params{{"chat_id", "@news"}, {"text", "Chau"}});
  ASSERT_TRUE(json && form);
  EXPECT_EQ(json->status, 200);
  const Json answer = Json::parse(json->body);
  EXPECT_EQ(answer["ok"], true);
  EXPECT_TRUE(answer["result"]["message_id"].is_number_integer());
  EXPECT_EQ(answer["result"]["chat"]["id"], 1001);
  EXPECT_EQ(form->status, 200) << form->body;

  const auto records = ReadRecords(record_path_);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["channel"], "telegram");
  EXPECT_EQ(records[0]["to"], "1001");
  EXPECT_EQ(records[0]["campaign_id"], 3);
  EXPECT_EQ(records[0]["delivery_id"], 4);
  EXPECT_EQ(records[0]["text"], "Hola");
  EXPECT_EQ(records[0]["provider_id"], std::to_string(answer["result"]["message_id"].get<int>()));
  EXPECT_EQ(records[1]["to"], "@news");
}

TEST_F(SandboxServerTest, TelegramBlockedChatsAreForbidden) {
  const std::string blocked = TempPath("blocked.txt");
  std::ofstream(blocked) << "# blocked the bot\n1001\r\n  2002  \n\n";
  SandboxOptions options;
  options.blocked_ids_path = blocked;
  Start(options);
  for (const Json& chat : {Json(1001), Json("2002")}) {
    auto res = SendTelegram({{"chat_id", chat}, {"text", "hi"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(Json::parse(res->body),
              Json::parse(R"({"ok":false,"error_code":403,)"
                          R"("description":"Forbidden: bot was blocked by the user"})"));
  }
  auto open = SendTelegram({{"chat_id", 3003}, {"text", "hi"}});
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 200);
  EXPECT_EQ(ReadRecords(record_path_).size(), 1u);
}

TEST_F(SandboxServerTest, TelegramRejectsMissingFields) {
  Start();
  auto no_text = SendTelegram({{"chat_id", 1}});
  auto no_chat = SendTelegram({{"text", "hi"}});
  auto bad_mode = SendTelegram({{"chat_id", 1}, {"text", "hi"}, {"parse_mode", "RTF"}});
  ASSERT_TRUE(no_text && no_chat && bad_mode);
  EXPECT_EQ(no_text->status, 400);
  EXPECT_EQ(Json::parse(no_text->body)["description"], "Bad Request: message text is empty");
  EXPECT_EQ(no_chat->status, 400);
  EXPECT_EQ(bad_mode->status, 400);
  EXPECT_TRUE(ReadRecords(record_path_).empty());
}

TEST_F(SandboxServerTest, TelegramGetMeNamesTheBotOrRefusesTheToken) {
  SandboxOptions options;
  options.throttle_every = 1;  // every send request: getMe is not one
  Start(options);
  auto bot = client_->Get("/bot123456:abc/getMe");
  auto revoked = client_->Get("/bot123456:revoked-abc/getMe");
  auto malformed = client_->Post("/botnot-a-token/getMe", "", "application/json");
  ASSERT_TRUE(bot && revoked && malformed);
  EXPECT_EQ(bot->status, 200);
  const Json me = Json::parse(bot->body);
  EXPECT_EQ(me["ok"], true);
  EXPECT_EQ(me["result"]["id"], 123456);
  EXPECT_EQ(me["result"]["is_bot"], true);
  EXPECT_EQ(me["result"]["username"], "sandbox_123456_bot");
  EXPECT_EQ(revoked->status, 401);
  EXPECT_EQ(Json::parse(revoked->body),
            Json::parse(R"({"ok":false,"error_code":401,"description":"Unauthorized"})"));
  EXPECT_EQ(malformed->status, 404);
  EXPECT_EQ(Json::parse(malformed->body)["description"], "Not Found");
  const SandboxStats stats = server_->stats();
  EXPECT_EQ(stats.accepted + stats.rejected + stats.failed + stats.throttled, 0u);
  EXPECT_TRUE(ReadRecords(record_path_).empty());
}

TEST(SandboxServerStartTest, RejectsBadOptions) {
  SandboxOptions bad_rate;
  bad_rate.fail_rate = 1.5;
  EXPECT_EQ(SandboxServer(bad_rate).Start().code(), StatusCode::kInvalidArgument);
  SandboxOptions bad_throttle;
  bad_throttle.throttle_every = -1;
  EXPECT_EQ(SandboxServer(bad_throttle).Start().code(), StatusCode::kInvalidArgument);
  SandboxOptions missing_blocked;
  missing_blocked.blocked_ids_path = "/nonexistent-dir/blocked.txt";
  EXPECT_EQ(SandboxServer(missing_blocked).Start().code(), StatusCode::kNotFound);
  SandboxOptions bad_record;
  bad_record.record_path = "/nonexistent-dir/record.jsonl";
  EXPECT_EQ(SandboxServer(bad_record).Start().code(), StatusCode::kInternal);
}

TEST(SandboxServerStartTest, BusyPortIsUnavailable) {
  SandboxOptions options;
  options.threads = 2;
  SandboxServer first(options);
  ASSERT_TRUE(first.Start().ok());
  options.port = first.port();
  SandboxServer second(options);
  EXPECT_EQ(second.Start().code(), StatusCode::kUnavailable);
}

TEST(SandboxServerStartTest, StopEndsWait) {
  SandboxOptions options;
  options.threads = 2;
  SandboxServer server(options);
  ASSERT_TRUE(server.Start().ok());
  std::thread stopper([&server] { server.Stop(); });
  server.Wait();
  stopper.join();
  server.Stop();  // again: harmless
}

TEST(SandboxServerStartTest, StopBeforeStartStopsOnceStarted) {
  SandboxOptions options;
  options.threads = 2;
  SandboxServer server(options);
  server.Stop();  // e.g. a signal during start-up
  ASSERT_TRUE(server.Start().ok());
  server.Wait();  // returns: the server stopped right after starting
}

}  // namespace
}  // namespace pregon

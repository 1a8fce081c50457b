// The HTTP server in-process, on a free loopback port, against a temporary SQLite store:
// the guards every request passes (Host, body size, routing, auth, idempotency) and a clean
// stop with an event stream open. The whole API is tested end to end by
// tests/integration/http_*_test.sh against the real binary.
#include "http/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/auth/auth_service.h"
#include "store/store_testing.h"

namespace pregon::http {
namespace {

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AuthService auth(*store_, clock_);
    ASSERT_TRUE(auth.CreateUser("ops", Role::kOperator, std::nullopt).ok());
    ASSERT_TRUE(auth.CreateUser("viewer", Role::kViewer, std::nullopt).ok());
    ops_ = auth.CreateToken("ops", "")->secret;
    viewer_ = auth.CreateToken("viewer", "")->secret;
    Sender s;
    s.name = "s";
    ASSERT_TRUE(store_->CreateSender(s).ok());
    auto list = store_->EnsureList("L", clock_.Now());
    std::vector<ContactRecord> rows = {{"a@x.com", "", "A", "{}"}};
    ASSERT_TRUE(store_->ImportContacts(list->id, rows, clock_.Now()).ok());
    HttpOptions o;
    o.listen.host = "127.0.0.1";
    o.max_body_bytes = 4096;
    o.sse_interval = Millis(20);
    server_ = std::make_unique<HttpServer>(*store_, clock_, o);
    ASSERT_TRUE(server_->Start().ok());
  }

  httplib::Client Client(const std::string& token = "") {
    httplib::Client c("127.0.0.1", server_->port());
    if (!token.empty()) c.set_bearer_token_auth(token);
    return c;
  }

  static nlohmann::json Json(const httplib::Result& r) { return nlohmann::json::parse(r->body); }

  SystemClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  std::unique_ptr<HttpServer> server_;
  std::string ops_, viewer_;
};

TEST_F(HttpServerTest, GuardsAnswerInTheErrorShape) {
  auto c = Client();
  EXPECT_EQ(c.Get("/healthz")->status, 200);
  auto foreign = c.Get("/healthz", {{"Host", "evil.example"}});
  EXPECT_EQ(foreign->status, 400);
  EXPECT_EQ(Json(foreign)["error"]["details"]["field"], "Host");
  auto none = c.Get("/nope");
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(Json(none)["error"]["code"], "not_found");
  auto wrong = c.Put("/api/v1/campaigns", "{}", "application/json");
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "GET, POST");
  auto anon = c.Get("/api/v1/campaigns");
  EXPECT_EQ(anon->status, 401);
  EXPECT_EQ(anon->get_header_value("WWW-Authenticate"), "Bearer realm=\"pregon\"");
  auto big = Client(ops_).Post("/api/v1/campaigns", std::string(5000, ' '), "application/json");
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(Json(big)["error"]["code"], "payload_too_large");
  EXPECT_EQ(Client(viewer_).Post("/api/v1/campaigns", "{}", "application/json")->status, 403);
  auto param = Client(viewer_).Get("/api/v1/campaigns?colour=red");
  EXPECT_EQ(param->status, 400);
  EXPECT_EQ(Json(param)["error"]["details"]["field"], "colour");
}

TEST_F(HttpServerTest, IdempotencyKeyReplaysACreate) {
  auto c = Client(ops_);
  const std::string body = R"({"name":"c","sender":"s","list":"L","text":"hi"})";
  httplib::Headers key = {{"Idempotency-Key", "k-1"}};
  auto first = c.Post("/api/v1/campaigns", key, body, "application/json");
  auto again = c.Post("/api/v1/campaigns", key, body, "application/json");
  ASSERT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(first->body, again->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(store_->ListCampaigns({})->size(), 1u);
  auto other = c.Post("/api/v1/campaigns", key,
                      R"({"name":"d","sender":"s","list":"L","text":"hi"})", "application/json");
  EXPECT_EQ(other->status, 422);
}

TEST_F(HttpServerTest, StopEndsAnOpenEventStream) {
  Campaign camp;
  camp.name = "draft";
  camp.sender_id = 1;
  camp.list_id = 1;
  camp.text_body = "x";
  const int64_t id = *store_->CreateCampaign(camp, clock_.Now());
  std::string received;
  std::thread reader([&] {
    auto c = Client(viewer_);
    c.set_read_timeout(std::chrono::seconds(20));
    c.Get("/api/v1/campaigns/" + std::to_string(id) + "/events", {{"Accept", "text/event-stream"}},
          [&](const char* data, size_t n) {
            received.append(data, n);
            return true;
          });
  });
  for (int i = 0; i < 200 && received.find("event: progress") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  server_->Wait();
  reader.join();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_NE(received.find("event: progress"), std::string::npos) << received;
  EXPECT_NE(received.find("\"status\":\"draft\""), std::string::npos);
  EXPECT_LT(took, std::chrono::seconds(5));
}

}  // namespace
}  // namespace pregon::http

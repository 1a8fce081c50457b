#include "channels/http/curl_http_client.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "channels/channel_test_util.h"

namespace pregon {
namespace {

// A tiny HTTP server for the client to talk to, on 127.0.0.1 and a free port.
class TestServer {
 public:
  TestServer() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_keep_alive_max_count(100000);
    server_.set_tcp_nodelay(true);
    const auto echo = [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.method + "|" + req.get_header_value("X-Test") + "|" +
                          req.get_header_value("Content-Type") + "|" + req.body,
                      "text/plain");
    };
    server_.Get("/echo", echo);
    server_.Post("/echo", echo);
    server_.Put("/echo", echo);
    server_.Post(R"(/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      res.status = std::stoi(req.matches[1]);
      res.set_header("Retry-After", "7");
      res.set_content("status " + req.matches[1].str(), "text/plain");
    });
    server_.Post("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      res.set_content("late", "text/plain");
    });
    server_.Post("/track", [this](const httplib::Request& req, httplib::Response& res) {
      const int now = ++in_flight_;
      int seen = max_in_flight_.load();
      while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        client_ports_.insert(req.remote_port);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      --in_flight_;
      res.set_content(req.body, "text/plain");
    });
    // Answers only once the test lets it (Release): an answer that deterministically comes
    // after the others.
    server_.Post("/hold", [this](const httplib::Request&, httplib::Response& res) {
      std::unique_lock<std::mutex> lock(mu_);
      released_cv_.wait(lock, [this] { return released_; });
      res.set_content("held", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~TestServer() {
    Release();
    server_.stop();
    thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      released_ = true;
    }
    released_cv_.notify_all();
  }
  int max_in_flight() const { return max_in_flight_; }
  size_t connections() {
    std::lock_guard<std::mutex> lock(mu_);
    return client_ports_.size();
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::mutex mu_;
  std::set<int> client_ports_;
  std::condition_variable released_cv_;
  bool released_ = false;
};

std::unique_ptr<CurlHttpClient> MakeClient(
    int max_in_flight = 4, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  CurlHttpClientOptions options;
  options.max_in_flight = max_in_flight;
  options.request_timeout = timeout;
  auto client = CurlHttpClient::Create(options);
  EXPECT_TRUE(client.ok()) << client.status().ToString();
  return std::move(client).value();
}

HttpRequest Request(std::string method, std::string url, std::string body = "") {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.body = std::move(body);
  return request;
}

TEST(CurlHttpClientTest, RejectsBadOptions) {
  CurlHttpClientOptions options;
  options.max_in_flight = 0;
  EXPECT_EQ(CurlHttpClient::Create(options).status().code(), StatusCode::kInvalidArgument);
  options.max_in_flight = 1;
  options.request_timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(CurlHttpClient::Create(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(CurlHttpClientTest, SendsMethodHeadersAndBody) {
  TestServer server;
  auto client = MakeClient();
  std::vector<HttpRequest> requests = {
      Request("POST", server.Url("/echo"), R"({"a":1})"),
      Request("GET", server.Url("/echo")),
      Request("PUT", server.Url("/echo"), "put-body"),
  };
  requests[0].headers = {"X-Test: one", "Content-Type: application/json"};
  requests[1].headers = {"X-Test: two"};
  std::vector<HttpResponse> responses;
  client->Execute(requests, responses);
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[0].status, 200);
  EXPECT_EQ(responses[0].body, R"(POST|one|application/json|{"a":1})");
  EXPECT_EQ(responses[1].body, "GET|two||");
  EXPECT_EQ(responses[2].body.substr(0, 5), "PUT||");
  EXPECT_EQ(responses[2].body.substr(responses[2].body.size() - 9), "|put-body");
}

TEST(CurlHttpClientTest, ReturnsStatusBodyAndRetryAfterInRequestOrder) {
  TestServer server;
  auto client = MakeClient(2);
  std::vector<HttpRequest> requests;
  for (int status : {429, 200, 503, 400, 201}) {
    requests.push_back(Request("POST", server.Url("/status/" + std::to_string(status))));
  }
  std::vector<HttpResponse> responses;
  client->Execute(requests, responses);
  ASSERT_EQ(responses.size(), 5u);
  const int expected[] = {429, 200, 503, 400, 201};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_TRUE(responses[i].answered());
    EXPECT_EQ(responses[i].status, expected[i]);
    EXPECT_EQ(responses[i].body, "status " + std::to_string(expected[i]));
    EXPECT_EQ(responses[i].RetryAfterSeconds(), std::chrono::seconds(7));
  }
}

TEST(CurlHttpClientTest, RefusedConnectionIsAConnectError) {
  auto client = MakeClient();
  const std::string url = "http://127.0.0.1:" + std::to_string(testing_util::UnusedPort()) + "/x";
  std::vector<HttpRequest> requests = {Request("POST", url, "x")};
  std::vector<HttpResponse> responses;
  client->Execute(requests, responses);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].transport_error, TransportError::kConnect);
  EXPECT_FALSE(responses[0].request_written) << "nothing can have reached a refused port";
  EXPECT_EQ(responses[0].status, 0);
  EXPECT_FALSE(responses[0].error.empty());
}

TEST(CurlHttpClientTest, SlowAnswerIsATimeout) {
  TestServer server;
  auto client = MakeClient(2, std::chrono::milliseconds(100));
  std::vector<HttpRequest> requests = {Request("POST", server.Url("/slow")),
                                       Request("POST", server.Url("/echo"), "fast")};
  std::vector<HttpResponse> responses;
  client->Execute(requests, responses);
  EXPECT_EQ(responses[0].transport_error, TransportError::kTimeout);
  EXPECT_NE(responses[0].error.find("timed out"), std::string::npos) << responses[0].error;
  EXPECT_TRUE(responses[0].request_written) << "the server got the request and is working on it";
  EXPECT_EQ(responses[1].status, 200);
}

TEST(CurlHttpClientTest, KeepsUpToMaxInFlightAndReusesConnections) {
  TestServer server;
  auto client = MakeClient(6);
  std::vector<HttpRequest> requests;
  for (int i = 0; i < 30; ++i) {
    requests.push_back(Request("POST", server.Url("/track"), std::to_string(i)));
  }
  std::vector<HttpResponse> responses;
  client->Execute(requests, responses);
  client->Execute(requests, responses);  // a second batch: same connections
  for (int i = 0; i < 30; ++i) EXPECT_EQ(responses[i].body, std::to_string(i));
  EXPECT_LE(server.max_in_flight(), 6);
  EXPECT_GE(server.max_in_flight(), 2);
  EXPECT_LE(server.connections(), 6u);
}

// The streaming form hands each answer over as it arrives, under the caller's tag, and a
// finished request's room is free for the next one while the others are still out.
TEST(CurlHttpClientTest, StreamsEachAnswerAsItArrives) {
  TestServer server;
  auto client = MakeClient(2);
  EXPECT_EQ(client->room(), 2u);
  client->Submit(7, Request("POST", server.Url("/hold")));
  client->Submit(9, Request("POST", server.Url("/echo"), "first"));
  EXPECT_EQ(client->room(), 0u);
  EXPECT_EQ(client->pending(), 2u);

  std::map<uint64_t, std::string> answers;
  const HttpClient::OnResponse take = [&answers](uint64_t tag, HttpResponse& response) {
    answers[tag] = response.body;
  };
  while (answers.empty()) client->Poll(std::chrono::seconds(5), take);
  ASSERT_EQ(answers.size(), 1u) << "the held request is still out";
  EXPECT_TRUE(answers[9].ends_with("|first")) << answers[9];
  EXPECT_EQ(client->pending(), 1u);
  ASSERT_EQ(client->room(), 1u);
  client->Submit(11, Request("POST", server.Url("/echo"), "second"));
  while (answers.size() < 2) client->Poll(std::chrono::seconds(5), take);
  EXPECT_TRUE(answers[11].ends_with("|second")) << answers[11];
  EXPECT_EQ(answers.count(7), 0u);

  server.Release();
  while (answers.size() < 3) client->Poll(std::chrono::seconds(5), take);
  EXPECT_EQ(answers[7], "held");
  EXPECT_EQ(client->pending(), 0u);
  EXPECT_EQ(client->room(), 2u);
  // Nothing out: Poll returns at once, handing nothing over.
  client->Poll(std::chrono::seconds(60), take);
  EXPECT_EQ(answers.size(), 3u);
}

TEST(CurlHttpClientTest, EmptyBatchReturnsAtOnce) {
  auto client = MakeClient();
  std::vector<HttpResponse> responses(3);
  client->Execute({}, responses);
  EXPECT_TRUE(responses.empty());
}

}  // namespace
}  // namespace pregon

#include "http/idempotency.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "store/store_testing.h"

namespace pregon::http {
namespace {

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    User u;
    u.username = "ana";
    user_ = *store_->CreateUser(u);
  }
  HttpRequest Post(std::string body, std::string path = "/api/v1/campaigns") {
    HttpRequest r;
    r.method = "POST";
    r.path = std::move(path);
    r.body = std::move(body);
    return r;
  }
  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  IdempotencyGuard guard_{*store_, clock_};
  int64_t user_ = 0;
};

TEST_F(IdempotencyTest, ReplaysTheStoredAnswerOfTheSameRequest) {
  EXPECT_EQ(guard_.Begin(user_, "k1", Post("{}")).kind, IdempotencyDecision::kProceed);
  guard_.Finish(user_, "k1", 201, R"({"id":1})");
  auto again = guard_.Begin(user_, "k1", Post("{}"));
  EXPECT_EQ(again.kind, IdempotencyDecision::kReplay);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, R"({"id":1})");
}

TEST_F(IdempotencyTest, ADifferentRequestWithTheKeyIsRefused) {
  ASSERT_EQ(guard_.Begin(user_, "k1", Post(R"({"name":"a"})")).kind, IdempotencyDecision::kProceed);
  guard_.Finish(user_, "k1", 201, "{}");
  auto other_body = guard_.Begin(user_, "k1", Post(R"({"name":"b"})"));
  ASSERT_EQ(other_body.kind, IdempotencyDecision::kReject);
  EXPECT_EQ(other_body.error->status, 422);
  EXPECT_EQ(other_body.error->code, "idempotency_key_reused");
  auto other_path = guard_.Begin(user_, "k1", Post(R"({"name":"a"})", "/api/v1/senders"));
  EXPECT_EQ(other_path.error->code, "idempotency_key_reused");
}

TEST_F(IdempotencyTest, InProgressIsAConflictUntilStale) {
  ASSERT_EQ(guard_.Begin(user_, "k", Post("{}")).kind, IdempotencyDecision::kProceed);
  auto during = guard_.Begin(user_, "k", Post("{}"));
  ASSERT_EQ(during.kind, IdempotencyDecision::kReject);
  EXPECT_EQ(during.error->status, 409);
  clock_.Advance(guard_.options().stale_after + Millis(1));
  EXPECT_EQ(guard_.Begin(user_, "k", Post("{}")).kind, IdempotencyDecision::kProceed);
}

TEST_F(IdempotencyTest, ServerErrorsAreNotStored) {
  ASSERT_EQ(guard_.Begin(user_, "k", Post("{}")).kind, IdempotencyDecision::kProceed);
  guard_.Finish(user_, "k", 503, "{}");
  EXPECT_EQ(guard_.Begin(user_, "k", Post("{}")).kind, IdempotencyDecision::kProceed);
}

TEST_F(IdempotencyTest, KeysMustBePrintable) {
  for (std::string bad : {std::string(""), std::string(300, 'k'), std::string("a\nb")})
    EXPECT_EQ(guard_.Begin(user_, bad, Post("{}")).error->status, 400);
}

TEST_F(IdempotencyTest, FingerprintCoversTheBodyWhereverItIs) {
  const std::string csv = "--b\r\nContent-Disposition: form-data; name=file\r\n\r\na,b\r\n--b--";
  auto a = Post(csv);
  auto b = Post("--b\r\nContent-Disposition: form-data; name=file\r\n\r\na,c\r\n--b--");
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(a));
  // The same body spooled to a file (a large upload) is the same request.
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(std::fwrite(csv.data(), 1, csv.size(), f), csv.size());
  std::fflush(f);
  auto spooled = SpooledBody::Map(::dup(fileno(f)), csv.size());
  std::fclose(f);
  ASSERT_TRUE(spooled.ok());
  auto c = Post("");
  c.spooled = *spooled;
  EXPECT_EQ(c.Body(), csv);
  EXPECT_EQ(RequestFingerprint(c), RequestFingerprint(a));
}

}  // namespace
}  // namespace pregon::http

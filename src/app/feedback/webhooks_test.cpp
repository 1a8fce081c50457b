#include "app/feedback/webhooks.h"

#include <gtest/gtest.h>

#include <map>

#include "app/feedback/signatures.h"

namespace pregon {
namespace {

const Timestamp kNow = FromUnixMillis(1'767'225'600'000);

struct Signed {
  std::string body;
  std::map<std::string, std::string> headers;
  WebhookRequest Request(Timestamp now = kNow) const {
    return {body,
            [this](std::string_view n) {
              const auto it = headers.find(std::string(n));
              return it == headers.end() ? std::string() : it->second;
            },
            now};
  }
};

Signed Generic(const std::string& body, int64_t at_seconds, const std::string& secret = "s3cret") {
  const std::string ts = std::to_string(at_seconds);
  return {body,
          {{"X-Pregon-Timestamp", ts},
           {"X-Pregon-Signature", "sha256=" + HmacSha256Hex(secret, ts + "." + body)}}};
}

TEST(GenericWebhook, ASignedFreshBodyGivesItsEvents) {
  const int64_t now_s = ToUnixMillis(kNow) / 1000;
  auto p = ParseGenericWebhook(
      Generic(R"([{"email":"a@x.com","type":"hard","reason":"550 no such user","delivery_id":7},
                  {"email":"b@x.com","type":"complaint","campaign_id":"3"}])",
              now_s)
          .Request(),
      "s3cret");
  ASSERT_EQ(p.problem, ParsedWebhook::kNone) << p.message;
  ASSERT_EQ(p.events.size(), 2u);
  EXPECT_EQ(p.events[0].type, FeedbackType::kHard);
  EXPECT_EQ(p.events[0].delivery_id, 7);
  EXPECT_EQ(p.events[0].reason, "550 no such user");
  EXPECT_EQ(p.events[1].type, FeedbackType::kComplaint);
  EXPECT_EQ(p.events[1].campaign_id, 3);
  EXPECT_NE(p.events[0].event_key, p.events[1].event_key);
}

TEST(GenericWebhook, ForgedStaleOrMalformedRequestsAreRefused) {
  const int64_t now_s = ToUnixMillis(kNow) / 1000;
  const std::string body = R"({"email":"a@x.com","type":"hard"})";
  EXPECT_EQ(ParseGenericWebhook(Generic(body, now_s, "other").Request(), "s3cret").problem,
            ParsedWebhook::kUnauthenticated);
  Signed altered = Generic(body, now_s);
  altered.body = R"({"email":"b@x.com","type":"hard"})";
  EXPECT_EQ(ParseGenericWebhook(altered.Request(), "s3cret").problem,
            ParsedWebhook::kUnauthenticated);
  EXPECT_EQ(ParseGenericWebhook(Generic(body, now_s - 301).Request(), "s3cret").problem,
            ParsedWebhook::kUnauthenticated)
      << "a replay of an old request";
  EXPECT_EQ(ParseGenericWebhook(Generic(body, now_s + 301).Request(), "s3cret").problem,
            ParsedWebhook::kUnauthenticated);
  auto bad_type =
      ParseGenericWebhook(Generic(R"({"email":"a@x.com","type":"x"})", now_s).Request(), "s3cret");
  EXPECT_EQ(bad_type.problem, ParsedWebhook::kMalformed);
  EXPECT_NE(bad_type.message.find("hard, soft or complaint"), std::string::npos)
      << bad_type.message;
  EXPECT_EQ(ParseGenericWebhook(Generic("not json", now_s).Request(), "s3cret").problem,
            ParsedWebhook::kMalformed);
}

TEST(MailgunWebhook, VerifiesTheTokenSignatureAndReadsSeverity) {
  const std::string ts = std::to_string(ToUnixMillis(kNow) / 1000);
  const std::string sig = HmacSha256Hex("key-1", ts + "tok");
  const std::string body = R"({"signature":{"timestamp":")" + ts +
                           R"(","token":"tok","signature":")" + sig +
                           R"("},"event-data":{"event":"failed","severity":"temporary","id":"e1",
                           "recipient":"a@x.com","user-variables":{"pregon_delivery_id":"9"}}})";
  auto p = ParseMailgunWebhook(Signed{body, {}}.Request(), "key-1");
  ASSERT_EQ(p.problem, ParsedWebhook::kNone) << p.message;
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].type, FeedbackType::kSoft);
  EXPECT_EQ(p.events[0].delivery_id, 9);
  EXPECT_EQ(ParseMailgunWebhook(Signed{body, {}}.Request(), "key-2").problem,
            ParsedWebhook::kUnauthenticated);
}

TEST(PostmarkWebhook, NeedsTheBasicCredentialsAndMapsBounceTypes) {
  const std::string body =
      R"({"RecordType":"Bounce","Type":"HardBounce","ID":42,"Email":"a@x.com","Description":"gone"})";
  Signed ok{body, {{"Authorization", "Basic dXNlcjpwYXNz"}}};  // user:pass
  auto p = ParsePostmarkWebhook(ok.Request(), "user:pass");
  ASSERT_EQ(p.problem, ParsedWebhook::kNone) << p.message;
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].type, FeedbackType::kHard);
  EXPECT_EQ(p.events[0].event_key, "Bounce-42");
  EXPECT_EQ(ParsePostmarkWebhook(ok.Request(), "user:other").problem,
            ParsedWebhook::kUnauthenticated);
  Signed auto_reply{R"({"RecordType":"Bounce","Type":"AutoResponder","ID":1,"Email":"a@x.com"})",
                    ok.headers};
  EXPECT_TRUE(ParsePostmarkWebhook(auto_reply.Request(), "user:pass").events.empty());
}

TEST(SnsCertificates, OnlySnsHostsAreFetchedAndEachOnce) {
  EXPECT_TRUE(SnsCertificates::IsSnsCertificateUrl(
      "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem"));
  for (const char* bad :
       {"http://sns.us-east-1.amazonaws.com/x.pem",
        "https://sns.us-east-1.amazonaws.com.evil.com/x.pem",
        "https://evil.com/sns.us-east-1.amazonaws.com/x.pem",
        "https://sns.us-east-1.amazonaws.com/x.pem?y", "https://s3.amazonaws.com/x.pem"})
    EXPECT_FALSE(SnsCertificates::IsSnsCertificateUrl(bad)) << bad;
  int fetches = 0;
  const std::string dir = ::testing::TempDir() + "/sns-certs-" + std::to_string(::getpid());
  SnsCertificates certs(dir, [&](const std::string&) -> Result<std::string> {
    ++fetches;
    return std::string("PEM");
  });
  const std::string url = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-1.pem";
  EXPECT_EQ(*certs.Pem(url), "PEM");
  EXPECT_EQ(*certs.Pem(url), "PEM");
  EXPECT_FALSE(certs.Pem("https://evil.com/x.pem").ok());
  EXPECT_EQ(fetches, 1);
  SnsCertificates cached(dir, [&](const std::string&) -> Result<std::string> {
    ++fetches;
    return Status::Transient("offline");
  });
  EXPECT_EQ(*cached.Pem(url), "PEM") << "read back from the cache directory";
  EXPECT_EQ(fetches, 1);
}

}  // namespace
}  // namespace pregon

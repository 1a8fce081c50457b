#include "channels/relay/relay_response.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

HttpResponse Answer(int status, std::string body = "", std::string retry_after = "") {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.retry_after = std::move(retry_after);
  return response;
}

HttpResponse Failure(TransportError error, std::string message) {
  HttpResponse response;
  response.transport_error = error;
  response.error = std::move(message);
  return response;
}

struct Case {
  const char* name;
  HttpResponse response;
  SendOutcome outcome;
  bool sender_blocked;
  std::optional<std::chrono::milliseconds> retry_after;
  const char* error_contains;
};

TEST(ClassifyRelayResponseTest, Table) {
  using std::chrono::milliseconds;
  const std::string problem = R"({"title":"Validation error","status":422,"detail":"bad address"})";
  const Case cases[] = {
      {"200", Answer(200, R"({"createdResourceId":"abc"})"), SendOutcome::kSent, false, {}, ""},
      {"201", Answer(201, R"({"createdResourceId":"abc"})"), SendOutcome::kSent, false, {}, ""},
      {"202 empty body", Answer(202), SendOutcome::kSent, false, {}, ""},
      {"429 with Retry-After", Answer(429, "", "3"), SendOutcome::kTransient, false,
       milliseconds(3000), "HTTP 429"},
      {"429 without Retry-After", Answer(429), SendOutcome::kTransient, false, {}, "HTTP 429"},
      {"429 with an HTTP-date",
       Answer(429, "", "Wed, 21 Oct 2015 07:28:00 GMT"),
       SendOutcome::kTransient,
       false,
       {},
       "HTTP 429"},
      {"402 quota", Answer(402), SendOutcome::kTransient, true, {}, "quota exhausted"},
      {"401 credentials", Answer(401), SendOutcome::kTransient, true, {}, "credentials rejected"},
      {"403 credentials", Answer(403), SendOutcome::kTransient, true, {}, "credentials rejected"},
      {"404 endpoint", Answer(404), SendOutcome::kTransient, true, {}, "HTTP 404"},
      {"405 endpoint", Answer(405), SendOutcome::kTransient, true, {}, "HTTP 405"},
      {"301 redirect", Answer(301), SendOutcome::kTransient, true, {}, "HTTP 301"},
      {"408 timeout", Answer(408), SendOutcome::kTransient, false, {}, "HTTP 408"},
      {"500", Answer(500, "oops"), SendOutcome::kTransient, false, {}, "HTTP 500: oops"},
      {"502", Answer(502), SendOutcome::kTransient, false, {}, "HTTP 502"},
      {"503", Answer(503), SendOutcome::kTransient, false, {}, "HTTP 503"},
      {"400",
       Answer(400, R"({"title":"Invalid JSON"})"),
       SendOutcome::kPermanent,
       false,
       {},
       "HTTP 400: Invalid JSON"},
      {"422 problem",
       Answer(422, problem),
       SendOutcome::kPermanent,
       false,
       {},
       "HTTP 422: Validation error: bad address"},
      {"413", Answer(413), SendOutcome::kPermanent, false, {}, "HTTP 413"},
      {"timeout",
       Failure(TransportError::kTimeout, "Operation timed out after 100 ms"),
       SendOutcome::kTransient,
       false,
       {},
       "timeout: Operation timed out"},
      {"refused",
       Failure(TransportError::kConnect, "Connection refused"),
       SendOutcome::kTransient,
       false,
       {},
       "connect: Connection refused"},
      {"reset",
       Failure(TransportError::kOther, "Recv failure"),
       SendOutcome::kTransient,
       false,
       {},
       "transport: Recv failure"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const SendResult result = ClassifyRelayResponse(c.response);
    EXPECT_EQ(result.outcome, c.outcome) << SendOutcomeName(result.outcome);
    EXPECT_EQ(result.sender_blocked, c.sender_blocked);
    // Only a 429 says the provider turned the message away for our pace.
    EXPECT_EQ(result.throttled, c.response.answered() && c.response.status == 429);
    EXPECT_EQ(result.retry_after, c.retry_after);
    EXPECT_NE(result.error.find(c.error_contains), std::string::npos) << result.error;
    if (c.outcome == SendOutcome::kSent) {
      EXPECT_TRUE(result.error.empty());
    }
  }
}

TEST(ClassifyRelayResponseTest, SentCarriesTheCreatedResourceId) {
  const SendResult result = ClassifyRelayResponse(
      Answer(201, R"({"_links":[{"createdResourceId":"nested"}],"createdResourceId":"id-1"})"));
  EXPECT_EQ(result.outcome, SendOutcome::kSent);
  EXPECT_EQ(result.provider_id, "id-1");
}

TEST(ExtractCreatedResourceIdTest, OnlyTopLevelStrings) {
  EXPECT_EQ(ExtractCreatedResourceId(R"({"createdResourceId":"x-1","other":2})"), "x-1");
  EXPECT_EQ(ExtractCreatedResourceId(R"({"a":{"createdResourceId":"inner"}})"), "");
  EXPECT_EQ(ExtractCreatedResourceId(R"({"createdResourceId":42})"), "");
  EXPECT_EQ(ExtractCreatedResourceId("not json"), "");
  EXPECT_EQ(ExtractCreatedResourceId(""), "");
  // Stops at the field, so garbage after it does not matter.
  EXPECT_EQ(ExtractCreatedResourceId(R"({"createdResourceId":"early", !!!)"), "early");
}

TEST(ProviderErrorTextTest, SummarisesAndTruncates) {
  EXPECT_EQ(ProviderErrorText(R"({"title":"T","detail":"D"})"), "T: D");
  EXPECT_EQ(ProviderErrorText(R"({"detail":"only detail"})"), "only detail");
  EXPECT_EQ(ProviderErrorText(R"({"message":"msg"})"), "msg");
  EXPECT_EQ(ProviderErrorText("<html>\n  <body>Bad   gateway</body>\n</html>\n"),
            "<html> <body>Bad gateway</body> </html>");
  EXPECT_EQ(ProviderErrorText(std::string(500, 'x')).size(), 200u);
  // Cut on a character boundary: 'é' is two bytes.
  EXPECT_EQ(ProviderErrorText("ééé", 5), "éé");
}

// An answer never came but the request was written: the provider may have taken it.
TEST(ClassifyRelayResponseTest, ATimeoutAfterTheRequestWasWrittenIsAmbiguous) {
  HttpResponse response = Failure(TransportError::kTimeout, "Operation timed out after 30000 ms");
  EXPECT_FALSE(ClassifyRelayResponse(response).ambiguous)
      << "a connect timeout never carried the request";
  response.request_written = true;
  const SendResult result = ClassifyRelayResponse(response);
  EXPECT_EQ(result.outcome, SendOutcome::kTransient);
  EXPECT_TRUE(result.ambiguous);
  EXPECT_EQ(result.error, "timeout: Operation timed out after 30000 ms");
}

}  // namespace
}  // namespace pregon

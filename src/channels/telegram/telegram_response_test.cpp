#include "channels/telegram/telegram_response.h"

#include <gtest/gtest.h>

#include <optional>

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

// The Bot API's error shape: {"ok":false,"error_code":E,"description":D[,"parameters":P]}.
HttpResponse Error(int code, const std::string& description, const std::string& parameters = "") {
  std::string body = R"({"ok":false,"error_code":)" + std::to_string(code) + R"(,"description":")" +
                     description + "\"";
  if (!parameters.empty()) body += R"(,"parameters":)" + parameters;
  body += "}";
  return Answer(code, body);
}

struct Case {
  const char* name;
  HttpResponse response;
  SendOutcome outcome;
  bool sender_blocked;
  std::optional<std::chrono::milliseconds> retry_after;
  const char* error_contains;
  const char* provider_id = "";
};

TEST(ClassifyTelegramResponseTest, Table) {
  using std::chrono::milliseconds;
  using O = SendOutcome;
  const std::string ok =
      R"({"ok":true,"result":{"message_id":4711,"date":1767225600,"chat":{"id":42,"type":"private"},"text":"hi"}})";
  const Case cases[] = {
      {"200 ok", Answer(200, ok), O::kSent, false, {}, "", "4711"},
      {"200 unparsable body", Answer(200, "<html>"), O::kSent, false, {}, "", ""},
      {"429 retry_after", Error(429, "Too Many Requests: retry after 7", R"({"retry_after":7})"),
       O::kTransient, false, milliseconds(7000), "HTTP 429: Too Many Requests: retry after 7"},
      {"429 retry_after beats the header",
       [] {
         HttpResponse r = Error(429, "Too Many Requests", R"({"retry_after":3})");
         r.retry_after = "30";
         return r;
       }(),
       O::kTransient, false, milliseconds(3000), "HTTP 429"},
      {"429 header only", Answer(429, "", "5"), O::kTransient, false, milliseconds(5000),
       "HTTP 429"},
      {"429 no hint", Error(429, "Too Many Requests"), O::kTransient, false, {}, "HTTP 429"},
      {"403 blocked",
       Error(403, "Forbidden: bot was blocked by the user"),
       O::kUnavailable,
       false,
       {},
       "HTTP 403: Forbidden: bot was blocked by the user"},
      {"403 deactivated",
       Error(403, "Forbidden: user is deactivated"),
       O::kUnavailable,
       false,
       {},
       "user is deactivated"},
      {"403 never started",
       Error(403, "Forbidden: bot can't initiate conversation with a user"),
       O::kUnavailable,
       false,
       {},
       "can't initiate conversation"},
      {"403 kicked",
       Error(403, "Forbidden: bot was kicked from the supergroup chat"),
       O::kUnavailable,
       false,
       {},
       "kicked"},
      {"403 not a member",
       Error(403, "Forbidden: bot is not a member of the channel chat"),
       O::kUnavailable,
       false,
       {},
       "not a member"},
      {"403 to a bot",
       Error(403, "Forbidden: bot can't send messages to bots"),
       O::kUnavailable,
       false,
       {},
       "bots"},
      {"403 case-insensitive",
       Error(403, "FORBIDDEN: BOT WAS BLOCKED BY THE USER"),
       O::kUnavailable,
       false,
       {},
       "BLOCKED"},
      {"403 unknown reason",
       Error(403, "Forbidden: something new"),
       O::kPermanent,
       false,
       {},
       "HTTP 403: Forbidden: something new"},
      {"400 chat not found",
       Error(400, "Bad Request: chat not found"),
       O::kUnavailable,
       false,
       {},
       "HTTP 400: Bad Request: chat not found"},
      {"400 user not found",
       Error(400, "Bad Request: user not found"),
       O::kUnavailable,
       false,
       {},
       "user not found"},
      {"400 PEER_ID_INVALID",
       Error(400, "Bad Request: PEER_ID_INVALID"),
       O::kUnavailable,
       false,
       {},
       "PEER_ID_INVALID"},
      {"400 entities",
       Error(400, "Bad Request: can't parse entities: unclosed tag"),
       O::kPermanent,
       false,
       {},
       "HTTP 400: Bad Request: can't parse entities: unclosed tag"},
      {"400 too long",
       Error(400, "Bad Request: message is too long"),
       O::kPermanent,
       false,
       {},
       "message is too long"},
      {"400 migrated",
       Error(400, "Bad Request: group chat was upgraded to a supergroup chat",
             R"({"migrate_to_chat_id":-1001234567890})"),
       O::kPermanent,
       false,
       {},
       "(the chat moved to -1001234567890)"},
      {"401 bad token",
       Error(401, "Unauthorized"),
       O::kTransient,
       true,
       {},
       "HTTP 401: bot token rejected: Unauthorized"},
      {"404 bad token",
       Error(404, "Not Found"),
       O::kTransient,
       true,
       {},
       "HTTP 404: bot token rejected: Not Found"},
      {"302 wrong base", Answer(302), O::kTransient, true, {}, "HTTP 302"},
      {"408", Answer(408), O::kTransient, false, {}, "HTTP 408"},
      {"500",
       Error(500, "Internal Server Error"),
       O::kTransient,
       false,
       {},
       "HTTP 500: Internal Server Error"},
      {"502 proxy page",
       Answer(502, "<html>\n<b>Bad   gateway</b></html>"),
       O::kTransient,
       false,
       {},
       "HTTP 502: <html> <b>Bad gateway</b></html>"},
      {"413", Answer(413), O::kPermanent, false, {}, "HTTP 413"},
      {"timeout",
       Failure(TransportError::kTimeout, "Operation timed out after 100 ms"),
       O::kTransient,
       false,
       {},
       "timeout: Operation timed out"},
      {"refused",
       Failure(TransportError::kConnect, "Connection refused"),
       O::kTransient,
       false,
       {},
       "connect: Connection refused"},
      {"reset",
       Failure(TransportError::kOther, "Connection reset by peer"),
       O::kTransient,
       false,
       {},
       "transport: Connection reset"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const SendResult result = ClassifyTelegramResponse(c.response);
    EXPECT_EQ(SendOutcomeName(result.outcome), SendOutcomeName(c.outcome));
    EXPECT_EQ(result.sender_blocked, c.sender_blocked);
    // Only a 429 says the provider turned the message away for our pace.
    EXPECT_EQ(result.throttled, c.response.answered() && c.response.status == 429);
    EXPECT_EQ(result.retry_after, c.retry_after);
    EXPECT_NE(result.error.find(c.error_contains), std::string::npos) << result.error;
    EXPECT_EQ(result.provider_id, c.provider_id);
    if (c.outcome == O::kSent) {
      EXPECT_TRUE(result.error.empty()) << result.error;
    }
  }
}

TEST(ClassifyTelegramResponseTest, LongDescriptionsAreCutOnACharacterBoundary) {
  std::string description;
  for (int i = 0; i < 150; ++i) description += "ñ";  // 300 bytes
  const SendResult result = ClassifyTelegramResponse(Error(400, "Bad Request: " + description));
  EXPECT_EQ(result.outcome, SendOutcome::kPermanent);
  EXPECT_LE(result.error.size(), 220u);
  EXPECT_NE(static_cast<unsigned char>(result.error.back()), 0xC3) << "split a UTF-8 sequence";
}

// An answer never came but the request was written: the provider may have taken it.
TEST(ClassifyTelegramResponseTest, ATimeoutAfterTheRequestWasWrittenIsAmbiguous) {
  HttpResponse response = Failure(TransportError::kTimeout, "Operation timed out after 30000 ms");
  EXPECT_FALSE(ClassifyTelegramResponse(response).ambiguous)
      << "a connect timeout never carried the request";
  response.request_written = true;
  const SendResult result = ClassifyTelegramResponse(response);
  EXPECT_EQ(result.outcome, SendOutcome::kTransient);
  EXPECT_TRUE(result.ambiguous);
  EXPECT_EQ(result.error, "timeout: Operation timed out after 30000 ms");
}

}  // namespace
}  // namespace pregon

// ProbeTelegramBot: `pregon doctor`'s look at a Telegram sender — the Bot API's getMe, which
// says who the bot is when its token is good and sends nothing to anyone.
//
//   GET {base_url}/bot{token}/getMe
//   200 {"ok":true,"result":{"id":N,"is_bot":true,"first_name":"...","username":"..._bot"}}
//   401 {"ok":false,"error_code":401,"description":"Unauthorized"}   (a wrong or revoked token)
//   404 {"ok":false,"error_code":404,"description":"Not Found"}      (not a token at all)
//
// The token sits in the URL: no field of the result ever holds it.
// Thread-safety: safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "channels/http/curl_fetch.h"
#include "channels/http/http_client.h"

namespace pregon {

enum class TelegramProbeOutcome {
  kOk,            // the token is a bot's: username says which
  kTokenRefused,  // 401 or 404: the token is wrong, revoked or malformed
  kUnreachable,   // no HTTP answer (not resolved, refused, timed out, TLS failed)
  kUnexpected,    // an answer that is not the Bot API's success (another status, not JSON)
};

struct TelegramProbeResult {
  TelegramProbeOutcome outcome = TelegramProbeOutcome::kUnexpected;
  std::string username;  // kOk: the bot's username, without '@'
  int http_status = 0;   // 0 when there was no HTTP answer
  // Not kOk: the API's description ("Unauthorized") or the transport's error; one line.
  std::string detail;
};

// What a getMe answer says (pure, for tests).
TelegramProbeResult ClassifyGetMe(const HttpResponse& response);

// Calls getMe at `base_url` (TelegramChannel::kDefaultBaseUrl when empty) with `token`.
// REQUIRES: IsWellFormedBotToken(token).
TelegramProbeResult ProbeTelegramBot(std::string_view base_url, std::string_view token,
                                     const FetchOptions& options);

}  // namespace pregon

#include "channels/telegram/telegram_probe.h"

#include <nlohmann/json.hpp>

#include "channels/telegram/telegram_channel.h"
#include "channels/telegram/telegram_message.h"
#include "core/text.h"

namespace pregon {
namespace {

constexpr size_t kMaxProbeDetailBytes = 200;

// The description of a Bot API error answer, or "" when the body is not one.
std::string DescriptionOf(const nlohmann::json& doc) {
  if (!doc.is_object()) return "";
  const auto it = doc.find("description");
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

TelegramProbeResult ClassifyGetMe(const HttpResponse& response) {
  TelegramProbeResult result;
  result.http_status = response.status;
  if (!response.answered()) {
    result.outcome = TelegramProbeOutcome::kUnreachable;
    result.detail = OneLine(response.error, kMaxProbeDetailBytes);
    return result;
  }
  const auto doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  result.detail = OneLine(DescriptionOf(doc), kMaxProbeDetailBytes);
  if (response.status == 401 || response.status == 404) {
    result.outcome = TelegramProbeOutcome::kTokenRefused;
    return result;
  }
  const bool ok = response.status / 100 == 2 && doc.is_object() && doc.value("ok", false) &&
                  doc.contains("result") && doc["result"].is_object();
  const auto& bot = ok ? doc["result"] : doc;
  if (ok && bot.contains("username") && bot["username"].is_string()) {
    result.outcome = TelegramProbeOutcome::kOk;
    result.username = OneLine(bot["username"].get<std::string>(), 64);
    result.detail.clear();
    return result;
  }
  result.outcome = TelegramProbeOutcome::kUnexpected;
  if (result.detail.empty())
    result.detail = doc.is_discarded() ? "not JSON" : "no result.username in the answer";
  return result;
}

TelegramProbeResult ProbeTelegramBot(std::string_view base_url, std::string_view token,
                                     const FetchOptions& options) {
  HttpRequest request;
  request.method = "GET";
  request.url = JoinUrl(base_url.empty() ? TelegramChannel::kDefaultBaseUrl : base_url,
                        "bot" + std::string(token) + "/getMe");
  FetchOptions small = options;
  small.to_file.clear();
  small.max_bytes = 64 * 1024;  // getMe's answer is a few hundred bytes
  TelegramProbeResult result = ClassifyGetMe(Fetch(request, small).response);
  result.detail = MaskBotToken(std::move(result.detail), token);
  return result;
}

}  // namespace pregon

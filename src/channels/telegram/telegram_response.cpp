#include "channels/telegram/telegram_response.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "channels/http/transport_failure.h"
#include "core/text.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxErrorTextBytes = 200;

// Telegram's own wording for "this recipient cannot be reached any more" (lower case).
constexpr std::array<std::string_view, 7> kGoneWith403 = {"bot was blocked by the user",
                                                          "user is deactivated",
                                                          "bot can't initiate conversation",
                                                          "bot was kicked",
                                                          "bot is not a member",
                                                          "chat was deleted",
                                                          "bot can't send messages to bots"};
constexpr std::array<std::string_view, 3> kGoneWith400 = {"chat not found", "user not found",
                                                          "peer_id_invalid"};

// The parts of an answer the classification needs. A body that is not the Bot API's JSON
// (a proxy's HTML error page) leaves them empty.
struct Answer {
  std::string message_id;
  std::string description;
  std::optional<int64_t> retry_after;
  std::optional<int64_t> migrate_to_chat_id;
};

std::string IntegerText(const Json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_string()) return value.get<std::string>();
  return "";
}

std::optional<int64_t> IntegerField(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

// Answers are small and, at Telegram's ~30 messages/s per bot, infrequent: a DOM parse is
// plenty (the relay channel's SAX shortcut is for 20,000 messages/s).
Answer ParseAnswer(std::string_view body) {
  Answer answer;
  const Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return answer;
  if (const auto result = doc.find("result"); result != doc.end() && result->is_object()) {
    if (const auto id = result->find("message_id"); id != result->end()) {
      answer.message_id = IntegerText(*id);
    }
  }
  if (const auto it = doc.find("description"); it != doc.end() && it->is_string()) {
    answer.description = it->get<std::string>();
  }
  if (const auto params = doc.find("parameters"); params != doc.end() && params->is_object()) {
    answer.retry_after = IntegerField(*params, "retry_after");
    answer.migrate_to_chat_id = IntegerField(*params, "migrate_to_chat_id");
  }
  return answer;
}

template <size_t N>
bool Mentions(const std::string& lower_description, const std::array<std::string_view, N>& any) {
  return std::any_of(any.begin(), any.end(), [&](std::string_view phrase) {
    return lower_description.find(phrase) != std::string::npos;
  });
}

SendResult MakeResult(SendOutcome outcome, std::string error, bool sender_blocked = false) {
  SendResult result;
  result.outcome = outcome;
  result.error = std::move(error);
  result.sender_blocked = sender_blocked;
  return result;
}

std::string HttpError(const HttpResponse& response, const Answer& answer, std::string_view what) {
  std::string error = fmt::format("HTTP {}", response.status);
  if (!what.empty()) error.append(": ").append(what);
  const std::string text =
      OneLine(answer.description.empty() ? response.body : answer.description, kMaxErrorTextBytes);
  if (!text.empty()) error.append(": ").append(text);
  return error;
}

}  // namespace

SendResult ClassifyTelegramResponse(const HttpResponse& response) {
  if (!response.answered()) return TransportFailureResult(response);
  const int status = response.status;
  const Answer answer = ParseAnswer(response.body);
  if (status >= 200 && status < 300) {
    SendResult result;
    result.outcome = SendOutcome::kSent;
    result.provider_id = answer.message_id;
    return result;
  }
  const std::string description = AsciiLower(answer.description);
  if (status == 429) {
    SendResult result = MakeResult(SendOutcome::kTransient, HttpError(response, answer, ""));
    result.throttled = true;
    if (answer.retry_after && *answer.retry_after >= 0) {
      result.retry_after = std::chrono::seconds(*answer.retry_after);
    } else if (auto seconds = response.RetryAfterSeconds()) {
      result.retry_after = *seconds;
    }
    return result;
  }
  if (status == 403 && Mentions(description, kGoneWith403)) {
    return MakeResult(SendOutcome::kUnavailable, HttpError(response, answer, ""));
  }
  if (status == 400 && Mentions(description, kGoneWith400)) {
    return MakeResult(SendOutcome::kUnavailable, HttpError(response, answer, ""));
  }
  if (status == 401 || status == 404) {
    return MakeResult(SendOutcome::kTransient, HttpError(response, answer, "bot token rejected"),
                      /*sender_blocked=*/true);
  }
  if (status >= 300 && status < 400) {
    return MakeResult(SendOutcome::kTransient,
                      HttpError(response, answer, "no Bot API here (check the base URL)"),
                      /*sender_blocked=*/true);
  }
  if (status >= 400 && status < 500 && status != 408) {
    std::string error = HttpError(response, answer, "");
    if (answer.migrate_to_chat_id) {
      error += fmt::format(" (the chat moved to {})", *answer.migrate_to_chat_id);
    }
    return MakeResult(SendOutcome::kPermanent, std::move(error));
  }
  return MakeResult(SendOutcome::kTransient, HttpError(response, answer, ""));  // 408, 5xx, other
}

}  // namespace pregon

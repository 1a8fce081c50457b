#include "channels/telegram/telegram_message.h"

#include <charconv>
#include <cstdint>

#include "channels/http/http_client.h"
#include "channels/json_writer.h"

namespace pregon {
namespace {

// The chat id as a number when it is one; Telegram's ids are signed 64-bit integers
// (channels and supergroups are negative: -100…).
bool ParseChatId(std::string_view to, int64_t& id) {
  if (to.empty() || (to.size() > 1 && to[0] == '0')) return false;
  const auto [end, error] = std::from_chars(to.data(), to.data() + to.size(), id);
  return error == std::errc() && end == to.data() + to.size();
}

}  // namespace

bool IsWellFormedBotToken(std::string_view token) {
  if (token.empty() || token.size() > 128) return false;
  for (const char c : token) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == ':';
    if (!ok) return false;
  }
  return true;
}

std::string TelegramSendMessageUrl(std::string_view base_url, std::string_view token) {
  std::string path = "bot";
  path.append(token).append("/sendMessage");
  return JoinUrl(base_url, path);
}

void AppendTelegramMessageJson(const OutgoingMessage& message, std::string& out) {
  out += "{\"chat_id\":";
  if (int64_t id = 0; ParseChatId(message.to, id)) {
    AppendJsonInt(out, id);
  } else {
    AppendJsonString(out, message.to);
  }
  out += ",\"text\":";
  AppendJsonString(out, message.text);
  if (!message.parse_mode.empty()) {
    out += ",\"parse_mode\":";
    AppendJsonString(out, message.parse_mode);
  }
  out.push_back('}');
}

std::string MaskBotToken(std::string text, std::string_view token) {
  if (token.empty()) return text;
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 3)) {
    text.replace(at, token.size(), "***");
  }
  return text;
}

}  // namespace pregon

#include "http/field_names.h"

#include <utility>

namespace pregon::http {

namespace {

// Longest flags first where one is a prefix of another (--text-file before --text).
constexpr std::pair<std::string_view, std::string_view> kFlags[] = {
    {"--text-file", "text"},
    {"--html-file", "html"},
    {"--text", "text"},
    {"--name", "name"},
    {"--sender", "sender"},
    {"--list", "list"},
    {"--subject", "subject"},
    {"--reply-to", "reply_to"},
    {"--attach", "attachments"},
    {"--template-id", "template_id"},
    {"--parse-mode", "parse_mode"},
    {"--batch-size", "batch_size"},
    {"--batch-pause", "batch_pause"},
    {"--rate", "rate"},
    {"--max-attempts", "max_attempts"},
    {"--scheduled-at", "scheduled_at"},
    {"--guarantee", "guarantee"},
    {"--window", "window"},
    {"--tz", "time_zone"},
    {"--kind", "kind"},
    {"--base-url", "base_url"},
    {"--api-key", "api_key"},
    {"--auth-scheme", "auth_scheme"},
    {"--account-id", "account_id"},
    {"--from-email", "from_email"},
    {"--from-name", "from_name"},
    {"--bot-token", "bot_token"},
    {"--smtp-url", "smtp_url"},
    {"--burst", "burst"},
    {"--concurrency", "concurrency"},
    {"--reason", "reason"},
    {"--contact", "contact"},
    {"--to", "to"},
    {"--username", "username"},
    {"--role", "role"},
    {"--password", "password"},
    {"--listen", "listen"},
};

// Messages that name their subject in words.
constexpr std::pair<std::string_view, std::string_view> kSubjects[] = {
    {"campaign name", "name"},
    {"sender name", "name"},
    {"a campaign needs a body", "text"},
    {"an e-mail campaign needs", "subject"},
    {"a telegram campaign needs", "text"},
    {"attachment", "attachments"},
};

bool FlagEndsAt(std::string_view text, size_t end) {
  if (end >= text.size()) return true;
  const char c = text[end];
  return !(c == '-' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9'));
}

// The known flag starting at text[pos], if any.
const std::pair<std::string_view, std::string_view>* FlagAt(std::string_view text, size_t pos) {
  for (const auto& entry : kFlags)
    if (text.substr(pos, entry.first.size()) == entry.first &&
        FlagEndsAt(text, pos + entry.first.size()))
      return &entry;
  return nullptr;
}

}  // namespace

std::string FieldOfMessage(std::string_view message) {
  for (size_t pos = message.find("--"); pos != std::string_view::npos;
       pos = message.find("--", pos + 2))
    if (const auto* flag = FlagAt(message, pos)) return std::string(flag->second);
  for (const auto& [phrase, field] : kSubjects)
    if (message.find(phrase) != std::string_view::npos) return std::string(field);
  return "";
}

std::string ApiMessage(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (size_t pos = 0; pos < message.size();) {
    if (message.substr(pos, 2) == "--") {
      if (const auto* flag = FlagAt(message, pos)) {
        out += flag->second;
        pos += flag->first.size();
        continue;
      }
    }
    out += message[pos++];
  }
  return out;
}

}  // namespace pregon::http

#include "core/suppression.h"

#include <cctype>

#include "core/email.h"

namespace pregon {

std::string_view SuppressionReasonName(SuppressionReason r) {
  switch (r) {
    case SuppressionReason::kUnavailable:
      return "unavailable";
    case SuppressionReason::kUnsubscribed:
      return "unsubscribed";
    case SuppressionReason::kBounced:
      return "bounced";
    case SuppressionReason::kComplaint:
      return "complaint";
    case SuppressionReason::kManual:
      return "manual";
  }
  return "?";
}

Result<SuppressionReason> ParseSuppressionReason(std::string_view name) {
  for (auto r :
       {SuppressionReason::kUnavailable, SuppressionReason::kUnsubscribed,
        SuppressionReason::kBounced, SuppressionReason::kComplaint, SuppressionReason::kManual}) {
    if (name == SuppressionReasonName(r)) return r;
  }
  return Status::InvalidArgument(
      "unknown suppression reason '" + std::string(name) +
      "' (expected unavailable, unsubscribed, bounced, complaint or manual)");
}

static bool IsChatId(std::string_view s) {
  if (s.size() > 1 && s.front() == '@') {
    for (char c : s.substr(1))
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
  }
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  if (s.empty() || s.size() > 20) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

Result<std::string> NormalizeChannelAddress(std::string_view address) {
  std::string_view trimmed = TrimAscii(address);
  if (IsChatId(trimmed)) return std::string(trimmed);
  std::string email = NormalizeEmail(trimmed);
  if (IsValidEmail(email)) return email;
  return Status::InvalidArgument("'" + std::string(trimmed) +
                                 "' is neither an e-mail address nor a Telegram chat id");
}

}  // namespace pregon

// The suppression list: channel addresses (an e-mail address or a Telegram chat id) that no
// campaign sends to, each with why and since when (DESIGN §1.1). A campaign that starts
// snapshots suppressed contacts as `suppressed` instead of sending to them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

enum class SuppressionReason {
  kUnavailable,   // the recipient is gone: blocked the bot, deactivated, chat not found
  kUnsubscribed,  // asked to stop (one-click unsubscribe, an operator's import)
  kBounced,       // the mail server said the mailbox does not exist (SMTP 550 user unknown)
  kComplaint,     // marked a message as spam
  kManual,        // an operator added it
};

std::string_view SuppressionReasonName(SuppressionReason r);
// InvalidArgument naming the accepted values for anything else.
Result<SuppressionReason> ParseSuppressionReason(std::string_view name);

struct Suppression {
  std::string address;  // normalised: lower-case e-mail, or a chat id as given
  SuppressionReason reason = SuppressionReason::kManual;
  std::optional<int64_t> campaign_id;  // the campaign whose send found it, if any
  Timestamp created_at{};              // when it was (last) suppressed
};

// The form an address is stored and matched in: e-mail addresses trimmed and lower-cased
// (as contacts are), chat ids trimmed. InvalidArgument when it is neither an e-mail
// address nor a chat id (an integer, optionally negative, or "@channelname").
Result<std::string> NormalizeChannelAddress(std::string_view address);

}  // namespace pregon

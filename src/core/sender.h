// A sender: a configured sending identity (a relay account, an SMTP account, a Telegram bot
// or the local sandbox). Secrets (api_key, bot_token, the password inside smtp_url) are
// write-only from the operator's point of view: nothing prints them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

enum class ChannelKind { kRelay, kSmtp, kTelegram, kSandbox };

std::string_view ChannelKindName(ChannelKind kind);
Result<ChannelKind> ParseChannelKind(std::string_view name);

// Telegram's broadcast limit: about 30 messages a second per bot overall (and one a second
// per chat, which a campaign respects by sending each chat one message). `sender add
// --kind telegram` uses it when no --rate is given.
inline constexpr double kTelegramDefaultRate = 30;

struct Sender {
  int64_t id = 0;
  std::string name;
  ChannelKind kind = ChannelKind::kSandbox;
  std::string base_url;  // relay/telegram API base; sandbox: optional outbox file path
  std::string api_key;   // relay (secret)
  std::string auth_scheme = "Bearer";  // relay: "Bearer" or "token"
  std::string account_id;              // relay
  std::string from_email;              // relay/smtp
  std::string from_name;               // relay/smtp
  std::string bot_token;               // telegram (secret)
  std::string smtp_url;                // smtp, e.g. smtps://user:pass@host:465 (secret inside)
  double rate = 0;                     // messages per second; 0 = unlimited
  int burst = 0;         // token-bucket burst; 0 = 5 ms worth (see SenderLimits::Rate)
  int concurrency = 16;  // requests in flight at once for this sender
  // The IANA zone the provider's report days are in (relay); "" = the campaign's send-window
  // zone, else UTC. See ReportTimeZone.
  std::string time_zone;
  // Until when the provider asked pregon to stop (a quota or a throttle; the store's
  // PauseSender); the epoch when it never did. Read only: CreateSender ignores it.
  Timestamp paused_until{};

  // Checks that the fields the kind needs are present and well-formed.
  Status Validate() const;
};

// The zone a campaign's report days are asked for in: the sender's own, else the campaign's
// send-window zone (`campaign_zone`, "" when it has none), else UTC.
std::string ReportTimeZone(const Sender& sender, std::string_view campaign_zone);

// Fills in what an operator may leave out: a telegram sender given no rate gets
// kTelegramDefaultRate (Telegram bans bots that broadcast faster).
void ApplySenderDefaults(Sender& sender, bool rate_given);

}  // namespace pregon

// The Telegram channel's request shape: one Bot API sendMessage call per message.
//
//   POST {base_url}/bot{token}/sendMessage
//   {"chat_id": -1001234 | "@channel", "text": ..., "parse_mode": "HTML"}
//
// The bot token is a secret that sits in the URL path, so it must never be printed: use
// MaskBotToken on anything that may contain it (errors, URLs in log lines).
// Pure functions, no I/O; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "channels/channel.h"

namespace pregon {

// True for a token made only of the characters Telegram issues ([A-Za-z0-9_:-]) and no
// longer than 128 bytes, so it stays one path segment and needs no escaping.
bool IsWellFormedBotToken(std::string_view token);

// JoinUrl(base_url, "bot<token>/sendMessage"). REQUIRES: IsWellFormedBotToken(token).
std::string TelegramSendMessageUrl(std::string_view base_url, std::string_view token);

// Appends the JSON body for `message` to `out`: chat_id is a JSON number when message.to is
// a 64-bit integer (user, group and channel ids) and a string otherwise ("@channelname");
// text is message.text; parse_mode only when message.parse_mode is set.
void AppendTelegramMessageJson(const OutgoingMessage& message, std::string& out);

// `text` with every occurrence of `token` replaced by "***" (no-op for an empty token).
std::string MaskBotToken(std::string text, std::string_view token);

}  // namespace pregon

// TelegramChannel: sends messages through the Telegram Bot API (DESIGN §1.2).
//
// One POST {base_url}/bot{token}/sendMessage per message (telegram_message.h), up to the
// sender's concurrency in flight at once (HttpClient). message.to is the chat id, the body
// is message.text (message.html is not used: Telegram's HTML parse mode accepts only a few
// tags, so an e-mail body would be refused), parsed per message.parse_mode. Each request
// also carries pregon's X-Pregon-Campaign-Id / X-Pregon-Delivery-Id headers (left out when
// 0), which Telegram ignores and the sandbox records. Each answer is classified by
// ClassifyTelegramResponse (telegram_response.h). A message with an empty text is
// permanent at once, without a request (the Bot API refuses it anyway).
//
// The bot token is in every request's URL: it never appears in a result's error text, and
// the channel never logs a URL.
// Thread-safety: one thread at a time (see Channel).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "channels/channel.h"
#include "channels/http/http_client.h"
#include "core/sender.h"

namespace pregon {

class TelegramChannel final : public Channel {
 public:
  // Where the Bot API lives when the sender has no base_url.
  static constexpr const char* kDefaultBaseUrl = "https://api.telegram.org";

  // REQUIRES: sender.Validate().ok(), sender.kind == ChannelKind::kTelegram and
  // IsWellFormedBotToken(sender.bot_token) (MakeChannel checks both).
  // Takes ownership of `http`, which sets the concurrency and the timeouts.
  TelegramChannel(const Sender& sender, std::unique_ptr<HttpClient> http);

  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) override;
  bool streams() const override { return true; }
  size_t room() const override { return http_->room(); }
  void Submit(uint64_t tag, const OutgoingMessage& message) override;
  void Collect(std::chrono::milliseconds wait, const OnResult& on_result) override;
  size_t pending() const override { return http_->pending() + refused_.size(); }

 private:
  void BuildRequest(const OutgoingMessage& message, HttpRequest& request) const;

  const std::string url_;  // contains the token: never print it
  const std::string token_;
  std::unique_ptr<HttpClient> http_;
  HttpRequest request_;  // reused for every request: its buffers are not reallocated
  // Messages refused before any request (no text), by tag: their results wait for Collect.
  std::vector<uint64_t> refused_;
};

}  // namespace pregon

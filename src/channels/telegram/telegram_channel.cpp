#include "channels/telegram/telegram_channel.h"

#include <fmt/format.h>

#include "channels/telegram/telegram_message.h"
#include "channels/telegram/telegram_response.h"

namespace pregon {
namespace {

std::string BaseUrl(const Sender& sender) {
  return sender.base_url.empty() ? TelegramChannel::kDefaultBaseUrl : sender.base_url;
}

}  // namespace

TelegramChannel::TelegramChannel(const Sender& sender, std::unique_ptr<HttpClient> http)
    : url_(TelegramSendMessageUrl(BaseUrl(sender), sender.bot_token)),
      token_(sender.bot_token),
      http_(std::move(http)) {}

void TelegramChannel::BuildRequest(const OutgoingMessage& message, HttpRequest& request) const {
  request.method = "POST";
  request.url = url_;
  auto& headers = request.headers;
  headers.resize(1);
  headers[0] = "Content-Type: application/json";
  if (message.campaign_id != 0) {
    headers.push_back(fmt::format("X-Pregon-Campaign-Id: {}", message.campaign_id));
  }
  if (message.delivery_id != 0) {
    headers.push_back(fmt::format("X-Pregon-Delivery-Id: {}", message.delivery_id));
  }
  request.body.clear();
  AppendTelegramMessageJson(message, request.body);
}

std::vector<SendResult> TelegramChannel::SendBatch(std::span<const OutgoingMessage> messages) {
  return SendStreamed(messages);
}

void TelegramChannel::Submit(uint64_t tag, const OutgoingMessage& message) {
  if (message.text.empty()) {
    refused_.push_back(tag);
    return;
  }
  BuildRequest(message, request_);
  http_->Submit(tag, request_);
}

void TelegramChannel::Collect(std::chrono::milliseconds wait, const OnResult& on_result) {
  for (const uint64_t tag : refused_) {
    SendResult result;
    result.outcome = SendOutcome::kPermanent;
    result.error = "the message has no text (Telegram sends message.text only)";
    on_result(tag, result);
  }
  const bool answered = !refused_.empty();
  refused_.clear();
  http_->Poll(answered ? std::chrono::milliseconds(0) : wait,
              [this, &on_result](uint64_t tag, HttpResponse& response) {
                SendResult result = ClassifyTelegramResponse(response);
                // Defence in depth: curl's messages name the host, not the path, but a proxy
                // or the provider could echo the URL back.
                result.error = MaskBotToken(std::move(result.error), token_);
                on_result(tag, result);
              });
}

}  // namespace pregon

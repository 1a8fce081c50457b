#include "channels/telegram/telegram_channel.h"

#include <fmt/format.h>

#include <limits>

#include "channels/telegram/telegram_message.h"
#include "channels/telegram/telegram_response.h"

namespace pregon {
namespace {

constexpr size_t kNoRequest = std::numeric_limits<size_t>::max();

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
  request_of_.assign(messages.size(), kNoRequest);
  size_t n = 0;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].text.empty()) continue;
    if (requests_.size() == n) requests_.emplace_back();
    BuildRequest(messages[i], requests_[n]);
    request_of_[i] = n++;
  }
  if (n > 0) http_->Execute(std::span<const HttpRequest>(requests_.data(), n), responses_);

  std::vector<SendResult> results(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    SendResult& result = results[i];
    if (request_of_[i] == kNoRequest) {
      result.outcome = SendOutcome::kPermanent;
      result.error = "the message has no text (Telegram sends message.text only)";
      continue;
    }
    result = ClassifyTelegramResponse(responses_[request_of_[i]]);
    // Defence in depth: curl's messages name the host, not the path, but a proxy or the
    // provider could echo the URL back.
    result.error = MaskBotToken(std::move(result.error), token_);
  }
  return results;
}

}  // namespace pregon

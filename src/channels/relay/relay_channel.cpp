#include "channels/relay/relay_channel.h"

#include <fmt/format.h>

#include "channels/relay/relay_message.h"
#include "channels/relay/relay_response.h"

namespace pregon {
namespace {

// Assigns a "Name: value" header line in place, reusing the string's buffer.
template <typename Value>
void SetHeader(std::string& line, std::string_view name, const Value& value) {
  line.clear();
  fmt::format_to(std::back_inserter(line), "{}: {}", name, value);
}

}  // namespace

RelayChannel::RelayChannel(const Sender& sender, std::unique_ptr<HttpClient> http)
    : url_(RelayMessagesUrl(sender.base_url, sender.account_id)),
      base_url_(sender.base_url),
      account_id_(sender.account_id),
      authorization_(fmt::format("Authorization: {} {}", sender.auth_scheme, sender.api_key)),
      api_key_(sender.api_key),
      from_email_(sender.from_email),
      from_name_(sender.from_name),
      http_(std::move(http)) {}

void RelayChannel::BuildRequest(const OutgoingMessage& message, HttpRequest& request) {
  request.method = "POST";
  if (message.template_id.empty()) {
    request.url = url_;
  } else {
    request.url = RelayTemplateMessageUrl(base_url_, account_id_, message.template_id);
  }
  auto& headers = request.headers;
  size_t n = 0;
  const auto next = [&headers, &n]() -> std::string& {
    if (n == headers.size()) headers.emplace_back();
    return headers[n++];
  };
  next() = authorization_;
  next() = "Content-Type: application/json";
  next() = "Accept: application/json";
  if (message.campaign_id != 0) SetHeader(next(), "X-Pregon-Campaign-Id", message.campaign_id);
  if (message.delivery_id != 0) SetHeader(next(), "X-Pregon-Delivery-Id", message.delivery_id);
  if (!message.idempotency_key.empty()) {
    SetHeader(next(), "Idempotency-Key", message.idempotency_key);
  }
  headers.resize(n);
  request.body.clear();
  AppendRelayMessageJson(from_email_, from_name_, message, Base64For(message), request.body);
}

const std::vector<std::string>& RelayChannel::Base64For(const OutgoingMessage& message) {
  if (message.attachments && message.attachments != encoded_for_) {
    encoded_ = EncodeAttachments(*message.attachments);
    encoded_for_ = message.attachments;
  }
  return encoded_;
}

void RelayChannel::ScrubSecret(std::string& text) const {
  if (api_key_.empty()) return;
  for (size_t at = text.find(api_key_); at != std::string::npos; at = text.find(api_key_, at + 3)) {
    text.replace(at, api_key_.size(), "***");
  }
}

std::vector<SendResult> RelayChannel::SendBatch(std::span<const OutgoingMessage> messages) {
  return SendStreamed(messages);
}

void RelayChannel::Submit(uint64_t tag, const OutgoingMessage& message) {
  BuildRequest(message, request_);
  http_->Submit(tag, request_);
}

void RelayChannel::Collect(std::chrono::milliseconds wait, const OnResult& on_result) {
  http_->Poll(wait, [this, &on_result](uint64_t tag, HttpResponse& response) {
    SendResult result = ClassifyRelayResponse(response);
    ScrubSecret(result.error);
    on_result(tag, result);
  });
}

}  // namespace pregon

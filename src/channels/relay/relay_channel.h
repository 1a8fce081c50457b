// RelayChannel: sends e-mail through a Doppler-Relay-style HTTP API (DESIGN §1.2).
//
// One POST per message to {base_url}/accounts/{account_id}/messages (or, for a message
// with a template_id, .../templates/{template_id}/message), up to the sender's
// concurrency in flight at once (HttpClient). Each request carries the sender's
// "Authorization: <scheme> <key>" and pregon's own headers, which a provider ignores and
// the sandbox records:
//   X-Pregon-Campaign-Id, X-Pregon-Delivery-Id   (left out when 0: a test send)
//   Idempotency-Key                              (when the message has one)
// Each answer is classified by ClassifyRelayResponse (relay_response.h).
//
// The API key never appears in a result's error text or in a log line.
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

class RelayChannel final : public Channel {
 public:
  // REQUIRES: sender.Validate().ok() and sender.kind == ChannelKind::kRelay.
  // Takes ownership of `http`, which sets the concurrency and the timeouts.
  RelayChannel(const Sender& sender, std::unique_ptr<HttpClient> http);

  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) override;
  bool streams() const override { return true; }
  size_t room() const override { return http_->room(); }
  void Submit(uint64_t tag, const OutgoingMessage& message) override;
  void Collect(std::chrono::milliseconds wait, const OnResult& on_result) override;
  size_t pending() const override { return http_->pending(); }

 private:
  void BuildRequest(const OutgoingMessage& message, HttpRequest& request);
  // Masks the API key should a provider ever echo it into an error body.
  void ScrubSecret(std::string& text) const;

  // The base64 of the attachments of the campaign last sent, reused while its messages
  // share the same attachment list.
  const std::vector<std::string>& Base64For(const OutgoingMessage& message);

  const std::string url_;
  const std::string base_url_;
  const std::string account_id_;
  const std::string authorization_;  // the whole "Authorization: ..." header line
  const std::string api_key_;
  const std::string from_email_;
  const std::string from_name_;
  std::unique_ptr<HttpClient> http_;
  HttpRequest request_;  // reused for every request: its buffers are not reallocated
  std::shared_ptr<const std::vector<Attachment>> encoded_for_;
  std::vector<std::string> encoded_;
};

}  // namespace pregon

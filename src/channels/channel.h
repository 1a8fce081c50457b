// Channel: sends rendered messages to one provider and classifies each result.
//
// A Channel is created per sender (see channel_factory.h) and used by one worker thread at
// a time (the engine's ChannelPool hands it from one to the next); it may keep connections
// open between calls. It never throws and never blocks longer than its
// timeouts. Every provider outcome is turned into one of four codes at this edge (DESIGN
// §1.2) so the engine's retry policy looks only at the code and the flags beside it:
//   kSent        the provider accepted the message
//   kTransient   not sent now: try again later (timeouts, connection errors, 5xx, 429)
//   kPermanent   this message will never go (invalid address, 400)
//   kUnavailable the recipient is gone (blocked the bot, deactivated): suppress it
// A kTransient result is `ambiguous` when the request may have reached the provider (see
// SendResult): the retry policy then decides with the campaign's delivery guarantee.
//
// Two forms of sending:
//   - SendBatch sends a batch and returns when every message has its result;
//   - Submit and Collect stream: a message goes out as soon as it is submitted, and each
//     result comes back as it arrives, so the engine keeps a sender's window of messages in
//     flight full instead of waiting for the slowest answer of a batch. Channels that speak
//     HTTP stream (streams() is true); the others get the streaming form from an adapter
//     here that sends what was submitted as one batch when results are collected.
//
// Thread-safety: a Channel instance is used by one thread at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/attachment.h"
#include "core/suppression.h"

namespace pregon {

struct OutgoingMessage {
  int64_t campaign_id = 0;
  int64_t delivery_id = 0;  // 0 for a test send (not a campaign delivery)
  std::string to;           // e-mail address or Telegram chat id
  std::string to_name;
  std::string subject;
  std::string text;
  std::string html;
  std::string reply_to;
  // Stable per delivery: providers that dedupe on it make at_least_once resends harmless.
  std::string idempotency_key;
  // Telegram only: how the Bot API parses `text` ("" = plain text, "HTML", "MarkdownV2" or
  // "Markdown"), sent as sendMessage's parse_mode. Other channels ignore it.
  std::string parse_mode;
  // Relay only: render the provider-side template with this id instead of sending
  // subject/html/text, with `template_model_json` (a JSON object: the contact's fields,
  // name and email) as its per-recipient `model`. Other channels ignore it.
  std::string template_id;
  std::string template_model_json;
  // Files sent with the message (relay: base64 in the body; SMTP: MIME parts). Shared by
  // every message of a campaign; null = none. Telegram refuses campaigns with attachments.
  std::shared_ptr<const std::vector<Attachment>> attachments;
};

enum class SendOutcome { kSent, kTransient, kPermanent, kUnavailable };

std::string_view SendOutcomeName(SendOutcome outcome);

struct SendResult {
  SendOutcome outcome = SendOutcome::kTransient;
  std::string provider_id;  // the provider's message id, when sent and known
  std::string error;        // short reason when not sent: "HTTP 503: upstream busy"
  // The provider asked the whole sender to wait this long (HTTP 429 Retry-After, Telegram
  // parameters.retry_after). Applies to the sender, not only to this message.
  std::optional<std::chrono::milliseconds> retry_after;
  // The sender itself cannot send (quota exhausted: relay 402; bad credentials: 401/403):
  // the engine pauses the sender's campaigns instead of burning through the audience.
  bool sender_blocked = false;
  // The recipient's address should be suppressed for later campaigns with this reason (an
  // SMTP 550 "user unknown" is permanent *and* a bounce). kUnavailable outcomes are
  // suppressed as unavailable without it.
  std::optional<SuppressionReason> suppress;
  // The provider turned this message away for the sender's pace (HTTP 429): it was not
  // taken, so the try does not count against the delivery's max_attempts, and the sender
  // is paused (for retry_after, or a default backoff when the provider gave none).
  bool throttled = false;
  // No answer came, but the request may have reached the provider and been accepted: a
  // timeout or a reset after the request was written, an SMTP timeout after the message's
  // end. Only set on kTransient. Under at_most_once the delivery ends unknown and is never
  // resent; under at_least_once it is resent with the same idempotency key. Failures known
  // not to have reached the provider (connect, DNS, TLS handshake, a 5xx or 429 answer, an
  // SMTP 4xx) leave it false and are retried under both guarantees.
  bool ambiguous = false;
};

class Channel {
 public:
  virtual ~Channel() = default;

  // Sends every message, with up to the sender's concurrency in flight at once, and
  // returns exactly one result per message, in the same order.
  virtual std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) = 0;

  // True when Submit sends at once and Collect hands results over one by one; false for
  // the adapter, which sends everything submitted as one batch inside Collect.
  virtual bool streams() const { return false; }
  // How many more messages Submit takes now.
  virtual size_t room() const { return SIZE_MAX; }
  // Starts sending `message` (copied as needed: the caller may reuse it at once); its result
  // comes out of Collect under `tag`. REQUIRES: room() > 0.
  virtual void Submit(uint64_t tag, const OutgoingMessage& message);
  // Waits up to `wait` until at least one submitted message has its result, then calls
  // `on_result` once for every result there is (the result may be moved from). Every
  // submitted message gets exactly one result. Returns at once when none is pending.
  using OnResult = std::function<void(uint64_t tag, SendResult& result)>;
  virtual void Collect(std::chrono::milliseconds wait, const OnResult& on_result);
  // Messages submitted whose result Collect has not handed over yet.
  virtual size_t pending() const { return queued_.size(); }

 protected:
  // SendBatch for a channel that streams: submits while there is room, collects until every
  // message has its result.
  std::vector<SendResult> SendStreamed(std::span<const OutgoingMessage> messages);

 private:
  // The adapter's queue: what was submitted and not yet sent.
  std::vector<OutgoingMessage> queued_;
  std::vector<uint64_t> queued_tags_;
};

}  // namespace pregon

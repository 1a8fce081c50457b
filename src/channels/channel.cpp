#include "channels/channel.h"

namespace pregon {

std::string_view SendOutcomeName(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kSent:
      return "sent";
    case SendOutcome::kTransient:
      return "transient";
    case SendOutcome::kPermanent:
      return "permanent";
    case SendOutcome::kUnavailable:
      return "unavailable";
  }
  return "?";
}

void Channel::Submit(uint64_t tag, const OutgoingMessage& message) {
  queued_.push_back(message);
  queued_tags_.push_back(tag);
}

void Channel::Collect(std::chrono::milliseconds /*wait*/, const OnResult& on_result) {
  if (queued_.empty()) return;
  std::vector<SendResult> results = SendBatch(queued_);
  for (size_t i = 0; i < queued_.size(); ++i) {
    // A result the channel did not give may still have been sent: ambiguous.
    SendResult missing{SendOutcome::kTransient, "", "channel gave no result", {}, false};
    missing.ambiguous = true;
    on_result(queued_tags_[i], i < results.size() ? results[i] : missing);
  }
  queued_.clear();
  queued_tags_.clear();
}

std::vector<SendResult> Channel::SendStreamed(std::span<const OutgoingMessage> messages) {
  std::vector<SendResult> results(messages.size());
  size_t next = 0;
  size_t answered = 0;
  const OnResult take = [&results, &answered](uint64_t tag, SendResult& result) {
    results[tag] = std::move(result);
    ++answered;
  };
  while (answered < messages.size()) {
    for (; next < messages.size() && room() > 0; ++next) Submit(next, messages[next]);
    Collect(std::chrono::seconds(1), take);
  }
  return results;
}

}  // namespace pregon

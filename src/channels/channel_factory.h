// MakeChannel: builds the Channel for a sender (DESIGN §1.2).
//
// A worker creates one channel per sender and keeps it for as long as it sends for that
// sender, so connections stay warm between batches. Channels are not shared between
// threads; create one per worker thread.
//
// Thread-safety: MakeChannel may be called from any thread.
#pragma once

#include <chrono>
#include <memory>

#include "channels/channel.h"
#include "core/clock.h"
#include "core/sender.h"
#include "core/status.h"

namespace pregon {

struct ChannelSettings {
  // How long to wait for a TCP (and TLS) connection to a provider.
  std::chrono::milliseconds connect_timeout{5000};
  // How long one request may take in all, connect included; then it is transient.
  std::chrono::milliseconds request_timeout{30000};
  // Stamps the sandbox channel's outbox lines; must outlive the channel.
  // nullptr = the system clock.
  const Clock* clock = nullptr;
};

// Returns the channel for `sender`:
//   relay    RelayChannel over libcurl, sender.concurrency requests in flight
//   sandbox  SandboxChannel appending to sender.base_url, or SandboxChannel::kDefaultPath
// Fails with InvalidArgument when the sender is incomplete (Sender::Validate), with
// FailedPrecondition for kinds not supported yet (smtp, telegram), and with Internal
// when the transport or the outbox file cannot be set up.
Result<std::unique_ptr<Channel>> MakeChannel(const Sender& sender, const ChannelSettings& settings);

}  // namespace pregon

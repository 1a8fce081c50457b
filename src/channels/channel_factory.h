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
#include "core/tracking_token.h"

namespace pregon {

struct ChannelSettings {
  // How long to wait for a TCP (and TLS) connection to a provider.
  std::chrono::milliseconds connect_timeout{5000};
  // How long one request may take in all, connect included; then it is transient.
  std::chrono::milliseconds request_timeout{30000};
  // Stamps the sandbox channel's outbox lines and the SMTP channel's Date headers; must
  // outlive the channel. nullptr = the system clock.
  const Clock* clock = nullptr;
  // SMTP: the public base URL of pregon's one-click unsubscribe endpoint (RFC 8058), e.g.
  // "https://mail.example.com". Each campaign message then carries <{base}/u/{token}> in
  // List-Unsubscribe, the token signed by `tracking`, and a List-Unsubscribe-Post header.
  // "" (default) = only the mailto: form, and no List-Unsubscribe-Post.
  std::string unsubscribe_base_url;
  // Signs the tokens of links pregon answers (PREGON_SECRET_KEY); required with a base URL.
  std::shared_ptr<const TrackingSigner> tracking;
  // A PEM file of the certificate authorities to trust for providers' TLS (HTTPS, SMTPS,
  // STARTTLS) instead of the system's — for a provider with an internal CA. "" = system.
  std::string ca_file;
};

// Returns the channel for `sender`:
//   relay     RelayChannel over libcurl, sender.concurrency requests in flight
//   telegram  TelegramChannel over libcurl, sender.concurrency requests in flight, to
//             sender.base_url or TelegramChannel::kDefaultBaseUrl
//   smtp      SmtpChannel: one kept-alive SMTP connection, messages sent one after another
//   sandbox   SandboxChannel appending to sender.base_url, or SandboxChannel::kDefaultPath
// Fails with InvalidArgument when the sender is incomplete (Sender::Validate) or its bot
// token / SMTP URL is malformed (the message never repeats the secret), and with Internal
// when the transport or the outbox file cannot be set up.
Result<std::unique_ptr<Channel>> MakeChannel(const Sender& sender, const ChannelSettings& settings);

// Checks a sender as MakeChannel would — Sender::Validate plus what only its channel knows
// (the bot token's form, the SMTP URL and its ?starttls=) — without opening anything, so a
// bad sender is refused when it is added rather than when a campaign first sends.
// InvalidArgument naming the problem (never the secret) otherwise.
Status ValidateSenderForChannel(const Sender& sender);

}  // namespace pregon

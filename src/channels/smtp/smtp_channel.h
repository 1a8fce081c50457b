// SmtpChannel: sends e-mail over SMTP with libcurl (DESIGN §1.2).
//
// One libcurl easy handle lives as long as the channel; its connection cache keeps the SMTP
// connection (and its TLS session and AUTH) open, so consecutive messages and batches
// reuse it: MAIL FROM, RCPT TO, DATA per message, QUIT when the channel is destroyed. After
// a failed transaction libcurl closes the connection and the next message opens a new one.
// Messages are sent one after another (correctness first; sender.concurrency is not used):
// a batch of N takes N round trips of the SMTP dialogue.
//
// Per message: the envelope is MAIL FROM:<sender.from_email>, RCPT TO:<message.to>; the
// content is BuildMimeMessage (mime_message.h) with Date from the clock, a fresh
// Message-ID <campaign.delivery.millis.random@from-domain>, which is also the result's
// provider_id. The reply is classified by ClassifySmtpReply (smtp_reply.h).
//
// Transport: smtp:// upgrades with STARTTLS when the server offers it (CURLUSESSL_TRY) and
// otherwise stays plain — use smtps:// (TLS from the first byte) wherever credentials or
// content must never cross the network in clear. Certificates are verified.
//
// When a message fails in a way that every later message of the batch would share (the
// server cannot be reached or timed out, or the sender is blocked), the rest of the batch is
// not attempted and gets the same transient result, prefixed "not attempted: ": a
// black-holed server costs one connect timeout per batch, not one per message.
//
// The password (and the user name) never appear in a result's error text or a log line.
// Thread-safety: one thread at a time (see Channel).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "channels/channel.h"
#include "channels/smtp/mime_message.h"
#include "channels/smtp/smtp_url.h"
#include "core/clock.h"
#include "core/sender.h"
#include "core/status.h"

namespace pregon {

struct SmtpChannelOptions {
  std::chrono::milliseconds connect_timeout{5000};   // TCP + TLS handshake
  std::chrono::milliseconds request_timeout{30000};  // one message, connect included
  std::string unsubscribe_base_url;                  // see MimeMessageParams; "" = mailto only
  std::shared_ptr<const TrackingSigner> signer;      // see MimeMessageParams
  std::string ca_file;  // PEM certificate authorities to trust for TLS; "" = the system's
};

class SmtpChannel final : public Channel {
 public:
  // Creates the channel for `sender`. `clock` dates the messages and must outlive the
  // channel. Does not connect yet (the first message does). Fails with InvalidArgument for a
  // bad sender.smtp_url (see ParseSmtpUrl) or options, and with Internal when libcurl
  // cannot be set up.
  // REQUIRES: sender.Validate().ok() and sender.kind == ChannelKind::kSmtp.
  static Result<std::unique_ptr<SmtpChannel>> Create(const Sender& sender,
                                                     const SmtpChannelOptions& options,
                                                     const Clock& clock);
  ~SmtpChannel() override;  // sends QUIT on an open connection
  SmtpChannel(const SmtpChannel&) = delete;
  SmtpChannel& operator=(const SmtpChannel&) = delete;

  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) override;

 private:
  struct Curl;  // the easy handle and what its callbacks read and write

  SmtpChannel(const Sender& sender, SmtpEndpoint endpoint, const SmtpChannelOptions& options,
              const Clock& clock);
  Status Init();
  // Sends one message. `affects_all` is set when the failure is not about this message
  // (unreachable server, timeout, blocked sender), so the batch's rest is not attempted.
  SendResult Send(const OutgoingMessage& message, bool& affects_all);
  std::string NextMessageId(const OutgoingMessage& message);

  const SmtpEndpoint endpoint_;
  const SmtpChannelOptions options_;
  const Clock& clock_;
  MimeMessageParams params_;  // from, display name, unsubscribe base; per message: date, id
  std::shared_ptr<const TrackingSigner> signer_;  // params_.signer points at it
  std::mt19937_64 random_;                        // the Message-IDs' random part
  std::unique_ptr<Curl> curl_;
};

}  // namespace pregon

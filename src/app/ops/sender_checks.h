// The per-sender checks of `pregon doctor` (CheckSenders in doctor.h calls them): each
// reaches the sender's provider as far as it can without sending a message, and adds one
// line under the area "sender <name>" saying what was verified or what to do.
//
//   relay     a TCP connection to the API's host. The relay API pregon models
//             (Doppler-Relay-style, DESIGN §1.2 and the operators' notes) documents no
//             account or quota endpoint, so there is nothing to ask without sending; an
//             exhausted quota shows when a send gets 402 and pauses the sender.
//   smtp      the session up to NOOP: TLS as the URL asks and AUTH when it has credentials
//             (channels/smtp/smtp_probe.h)
//   telegram  getMe: the bot the token belongs to (channels/telegram/telegram_probe.h)
//   sandbox   its outbox directory writable (or its HTTP host reachable)
//
// No line ever holds a secret (password, bot token, API key).
// Thread-safety: the functions share no state.
#pragma once

#include <string>

#include "app/ops/doctor_report.h"
#include "channels/channel_factory.h"
#include "channels/smtp/smtp_probe.h"
#include "channels/telegram/telegram_probe.h"
#include "core/clock.h"
#include "core/sender.h"

namespace pregon {

struct ProviderCheckOptions {
  Millis timeout{3000};  // to connect, and for each answer
  std::string ca_file;   // PEM authorities to trust for providers' TLS; "" = the system's
};

// The options that check a provider the way channels made with `settings` reach it: their
// CA file and their connect timeout.
ProviderCheckOptions ProviderCheckOptionsFor(const ChannelSettings& settings);

// Checks the provider of `sender` (see the file comment), under `area`.
// REQUIRES: ValidateSenderForChannel(sender).ok().
void CheckProvider(const std::string& area, const Sender& sender,
                   const ProviderCheckOptions& options, DoctorReport& report);

// The line an SMTP session's result calls for, about `host_port` (pure, for tests).
Finding JudgeSmtpProbe(const std::string& host_port, const SmtpProbeResult& probe);

// The line a getMe's result calls for, about the API at `host_port` (pure, for tests).
Finding JudgeTelegramProbe(const std::string& host_port, const TelegramProbeResult& probe);

}  // namespace pregon

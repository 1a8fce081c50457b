#include "channels/channel_factory.h"

#include "channels/http/curl_http_client.h"
#include "channels/relay/relay_channel.h"
#include "channels/sandbox/sandbox_channel.h"
#include "channels/smtp/smtp_channel.h"
#include "channels/smtp/smtp_url.h"
#include "channels/telegram/telegram_channel.h"
#include "channels/telegram/telegram_message.h"

namespace pregon {
namespace {

CurlHttpClientOptions HttpOptionsFor(const Sender& sender, const ChannelSettings& settings) {
  CurlHttpClientOptions options;
  options.max_in_flight = sender.concurrency;
  options.connect_timeout = settings.connect_timeout;
  options.request_timeout = settings.request_timeout;
  options.ca_file = settings.ca_file;
  return options;
}

Result<std::unique_ptr<Channel>> MakeRelayChannel(const Sender& sender,
                                                  const ChannelSettings& settings) {
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpClient> http,
                          CurlHttpClient::Create(HttpOptionsFor(sender, settings)));
  return std::unique_ptr<Channel>(std::make_unique<RelayChannel>(sender, std::move(http)));
}

// Never repeats the token itself: it is a secret even when malformed.
Status CheckBotToken(const Sender& sender) {
  if (IsWellFormedBotToken(sender.bot_token)) return Status::Ok();
  return Status::InvalidArgument(
      "--bot-token is malformed (expected letters, digits, '_', '-' and ':' only)");
}

Result<std::unique_ptr<Channel>> MakeTelegramChannel(const Sender& sender,
                                                     const ChannelSettings& settings) {
  PREGON_RETURN_IF_ERROR(CheckBotToken(sender));
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpClient> http,
                          CurlHttpClient::Create(HttpOptionsFor(sender, settings)));
  return std::unique_ptr<Channel>(std::make_unique<TelegramChannel>(sender, std::move(http)));
}

const Clock& ClockOf(const ChannelSettings& settings) {
  static const SystemClock kSystemClock;
  return settings.clock != nullptr ? *settings.clock : kSystemClock;
}

Result<std::unique_ptr<Channel>> MakeSmtpChannel(const Sender& sender,
                                                 const ChannelSettings& settings) {
  SmtpChannelOptions options;
  options.connect_timeout = settings.connect_timeout;
  options.request_timeout = settings.request_timeout;
  options.unsubscribe_base_url = settings.unsubscribe_base_url;
  options.signer = settings.tracking;
  options.ca_file = settings.ca_file;
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<SmtpChannel> channel,
                          SmtpChannel::Create(sender, options, ClockOf(settings)));
  return std::unique_ptr<Channel>(std::move(channel));
}

Result<std::unique_ptr<Channel>> MakeSandboxChannel(const Sender& sender,
                                                    const ChannelSettings& settings) {
  const Clock& clock = ClockOf(settings);
  const std::string path = sender.base_url.empty() ? SandboxChannel::kDefaultPath : sender.base_url;
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<SandboxChannel> channel,
                          SandboxChannel::Open(path, clock));
  return std::unique_ptr<Channel>(std::move(channel));
}

}  // namespace

Result<std::unique_ptr<Channel>> MakeChannel(const Sender& sender,
                                             const ChannelSettings& settings) {
  PREGON_RETURN_IF_ERROR(sender.Validate().WithContext("sender '" + sender.name + "'"));
  Result<std::unique_ptr<Channel>> channel = Status::Internal("unknown channel kind");
  switch (sender.kind) {
    case ChannelKind::kRelay:
      channel = MakeRelayChannel(sender, settings);
      break;
    case ChannelKind::kSandbox:
      channel = MakeSandboxChannel(sender, settings);
      break;
    case ChannelKind::kSmtp:
      channel = MakeSmtpChannel(sender, settings);
      break;
    case ChannelKind::kTelegram:
      channel = MakeTelegramChannel(sender, settings);
      break;
  }
  if (!channel.ok()) return channel.status().WithContext("sender '" + sender.name + "'");
  return channel;
}

Status ValidateSenderForChannel(const Sender& sender) {
  Status st = sender.Validate();
  if (st.ok() && sender.kind == ChannelKind::kTelegram) st = CheckBotToken(sender);
  if (st.ok() && sender.kind == ChannelKind::kSmtp) st = ParseSmtpUrl(sender.smtp_url).status();
  return st.ok() ? st : st.WithContext("sender '" + sender.name + "'");
}

}  // namespace pregon

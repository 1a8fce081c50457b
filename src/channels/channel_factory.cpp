#include "channels/channel_factory.h"

#include "channels/http/curl_http_client.h"
#include "channels/relay/relay_channel.h"
#include "channels/sandbox/sandbox_channel.h"

namespace pregon {
namespace {

Result<std::unique_ptr<Channel>> MakeRelayChannel(const Sender& sender,
                                                  const ChannelSettings& settings) {
  CurlHttpClientOptions options;
  options.max_in_flight = sender.concurrency;
  options.connect_timeout = settings.connect_timeout;
  options.request_timeout = settings.request_timeout;
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<CurlHttpClient> http, CurlHttpClient::Create(options));
  return std::unique_ptr<Channel>(std::make_unique<RelayChannel>(sender, std::move(http)));
}

Result<std::unique_ptr<Channel>> MakeSandboxChannel(const Sender& sender,
                                                    const ChannelSettings& settings) {
  static const SystemClock kSystemClock;
  const Clock& clock = settings.clock != nullptr ? *settings.clock : kSystemClock;
  const std::string path = sender.base_url.empty() ? SandboxChannel::kDefaultPath : sender.base_url;
  PREGON_ASSIGN_OR_RETURN(std::unique_ptr<SandboxChannel> channel,
                          SandboxChannel::Open(path, clock));
  return std::unique_ptr<Channel>(std::move(channel));
}

}  // namespace

Result<std::unique_ptr<Channel>> MakeChannel(const Sender& sender,
                                             const ChannelSettings& settings) {
  PREGON_RETURN_IF_ERROR(sender.Validate().WithContext("sender '" + sender.name + "'"));
  switch (sender.kind) {
    case ChannelKind::kRelay:
      return MakeRelayChannel(sender, settings);
    case ChannelKind::kSandbox:
      return MakeSandboxChannel(sender, settings);
    case ChannelKind::kSmtp:
    case ChannelKind::kTelegram:
      break;
  }
  return Status::FailedPrecondition("the " + std::string(ChannelKindName(sender.kind)) +
                                    " channel is not supported yet");
}

}  // namespace pregon

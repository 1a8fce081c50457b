#include "app/ops/sender_checks.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "channels/telegram/telegram_channel.h"
#include "net/tcp_probe.h"

namespace pregon {
namespace {

constexpr char kCheckTheRoute[] = " (check the address, the firewall and DNS)";

// "host:port" of `url`; nullopt, with an error line added, when it names none. The line does
// not repeat the URL: an SMTP URL holds the password.
std::optional<std::string> HostPort(const std::string& area, const std::string& url,
                                    DoctorReport& report) {
  std::string host;
  int port = 0;
  if (!HostPortOf(url, &host, &port).ok()) {
    report.Add(area, CheckLevel::kError, "its provider URL names no host and port pregon can use");
    return std::nullopt;
  }
  return fmt::format("{}:{}", host, port);
}

// Whether `url`'s host accepts a TCP connection (opened and closed at once).
void CheckReachable(const std::string& area, const std::string& url, Millis timeout,
                    DoctorReport& report) {
  std::string host;
  int port = 0;
  if (Status st = HostPortOf(url, &host, &port); !st.ok()) {
    report.Add(area, CheckLevel::kError, st.message());
  } else if (st = ProbeTcp(host, port, timeout); !st.ok()) {
    report.Add(area, CheckLevel::kError, st.message() + kCheckTheRoute);
  } else {
    report.Add(area, CheckLevel::kOk, fmt::format("{}:{} accepts connections", host, port));
  }
}

void CheckOutbox(const std::string& area, const std::string& path, DoctorReport& report) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (access(dir.c_str(), W_OK) != 0) {
    report.Add(area, CheckLevel::kError, "cannot write its outbox directory " + dir.string());
    return;
  }
  report.Add(area, CheckLevel::kOk, "writes its outbox to " + path);
}

void CheckSmtp(const std::string& area, const Sender& s, const ProviderCheckOptions& options,
               DoctorReport& report) {
  const auto host_port = HostPort(area, s.smtp_url, report);
  if (!host_port) return;
  SmtpProbeOptions probe_options;
  probe_options.connect_timeout = options.timeout;
  probe_options.timeout = options.timeout * 4;  // greeting, EHLO, STARTTLS, AUTH, NOOP
  probe_options.ca_file = options.ca_file;
  auto probe = ProbeSmtp(s.smtp_url, probe_options);
  if (!probe.ok()) {
    report.Add(area, CheckLevel::kError, probe.status().message());
    return;
  }
  report.Add(area, JudgeSmtpProbe(*host_port, *probe));
}

void CheckTelegram(const std::string& area, const Sender& s, const ProviderCheckOptions& options,
                   DoctorReport& report) {
  const std::string base = s.base_url.empty() ? TelegramChannel::kDefaultBaseUrl : s.base_url;
  const auto host_port = HostPort(area, base, report);
  if (!host_port) return;
  FetchOptions fetch;
  fetch.connect_timeout = options.timeout;
  fetch.timeout = options.timeout * 2;
  fetch.ca_file = options.ca_file;
  report.Add(area, JudgeTelegramProbe(*host_port, ProbeTelegramBot(base, s.bot_token, fetch)));
}

// What the session's TLS amounted to, for the ok line.
std::string TlsSaid(const SmtpProbeResult& p) {
  if (p.tls) return p.tls_policy == SmtpTls::kImplicit ? "TLS (smtps)" : "TLS (STARTTLS)";
  return p.tls_policy == SmtpTls::kNone ? "no TLS (starttls=never)"
                                        : "no TLS (the server offers no STARTTLS)";
}

}  // namespace

Finding JudgeSmtpProbe(const std::string& host_port, const SmtpProbeResult& p) {
  const std::string at = host_port + ": ";
  switch (p.outcome) {
    case SmtpProbeOutcome::kOk:
      break;
    case SmtpProbeOutcome::kLoginRefused:
      return {CheckLevel::kError, at + "the server refused the login (" + p.detail +
                                      "): check the user and password in the sender's SMTP URL"};
    case SmtpProbeOutcome::kNoStartTls:
      return {CheckLevel::kError,
              at + "the server does not offer STARTTLS, which the URL requires: use smtps:// if it "
                   "speaks TLS on another port (465), or ?starttls=optional only on a trusted "
                   "network"};
    case SmtpProbeOutcome::kTlsFailed:
      return {CheckLevel::kError,
              at + "TLS failed: " + p.detail +
                  " (a private certificate authority? trust it with PREGON_CA_FILE; a certificate "
                  "for another name? use that name in the URL)"};
    case SmtpProbeOutcome::kUnreachable:
      return {CheckLevel::kError, "cannot connect to " + at + p.detail + kCheckTheRoute};
    case SmtpProbeOutcome::kTimeout:
      return {CheckLevel::kError, at + "the server stopped answering (" + p.detail + ")"};
    case SmtpProbeOutcome::kRefused:
      return {CheckLevel::kError, at + "the server refused the session (" + p.detail +
                                      "): is this host allowed to send through it?"};
    case SmtpProbeOutcome::kOther:
      return {CheckLevel::kError, at + "the SMTP session failed: " + p.detail};
  }
  const std::string tls = TlsSaid(p);
  if (p.has_credentials && !p.authenticated)
    return {CheckLevel::kWarning,
            at + tls +
                " accepted, but the server offers no AUTH, so the URL's user and password "
                "are not used (the submission port is usually 587)"};
  const bool clear_by_accident = !p.tls && p.tls_policy != SmtpTls::kNone;
  if (p.authenticated)
    return {
        p.tls || !clear_by_accident ? CheckLevel::kOk : CheckLevel::kWarning,
        at + tls + " and AUTH accepted" +
            (clear_by_accident ? ": the password and the mail cross the network in clear" : "")};
  return {clear_by_accident ? CheckLevel::kWarning : CheckLevel::kOk,
          at + tls + " accepted; no login configured" +
              (clear_by_accident ? ": the mail crosses the network in clear" : "")};
}

Finding JudgeTelegramProbe(const std::string& host_port, const TelegramProbeResult& p) {
  switch (p.outcome) {
    case TelegramProbeOutcome::kOk:
      return {CheckLevel::kOk, "bot @" + p.username + " (getMe accepted the token)"};
    case TelegramProbeOutcome::kTokenRefused:
      return {CheckLevel::kError,
              fmt::format("the bot token is refused (HTTP {}{}{}): take the bot's current token "
                          "from @BotFather",
                          p.http_status, p.detail.empty() ? "" : ": ", p.detail)};
    case TelegramProbeOutcome::kUnreachable:
      return {CheckLevel::kError,
              "getMe got no answer from " + host_port + ": " + p.detail +
                  " (check the address, the firewall, DNS and, for a private certificate "
                  "authority, PREGON_CA_FILE)"};
    case TelegramProbeOutcome::kUnexpected:
      break;
  }
  return {CheckLevel::kError,
          fmt::format("getMe answered HTTP {}: {} (is the base URL the Bot API's?)", p.http_status,
                      p.detail)};
}

ProviderCheckOptions ProviderCheckOptionsFor(const ChannelSettings& settings) {
  return ProviderCheckOptions{.timeout = settings.connect_timeout, .ca_file = settings.ca_file};
}

void CheckProvider(const std::string& area, const Sender& s, const ProviderCheckOptions& options,
                   DoctorReport& report) {
  switch (s.kind) {
    case ChannelKind::kRelay:
      // No account or quota endpoint to ask (see the header): reachability only.
      CheckReachable(area, s.base_url, options.timeout, report);
      break;
    case ChannelKind::kTelegram:
      CheckTelegram(area, s, options, report);
      break;
    case ChannelKind::kSmtp:
      CheckSmtp(area, s, options, report);
      break;
    case ChannelKind::kSandbox:
      if (s.base_url.rfind("http", 0) == 0)
        CheckReachable(area, s.base_url, options.timeout, report);
      else
        CheckOutbox(area, s.base_url.empty() ? "outbox.jsonl" : s.base_url, report);
      break;
  }
}

}  // namespace pregon

#include "core/sender.h"

#include "core/email.h"
#include "core/text.h"
#include "core/time_format.h"
#include "core/url.h"

namespace pregon {

std::string_view ChannelKindName(ChannelKind kind) {
  switch (kind) {
    case ChannelKind::kRelay:
      return "relay";
    case ChannelKind::kSmtp:
      return "smtp";
    case ChannelKind::kTelegram:
      return "telegram";
    case ChannelKind::kSandbox:
      return "sandbox";
  }
  return "?";
}

Result<ChannelKind> ParseChannelKind(std::string_view name) {
  if (name == "relay") return ChannelKind::kRelay;
  if (name == "smtp") return ChannelKind::kSmtp;
  if (name == "telegram") return ChannelKind::kTelegram;
  if (name == "sandbox") return ChannelKind::kSandbox;
  return Status::InvalidArgument("unknown sender kind '" + std::string(name) +
                                 "' (expected relay, smtp, telegram or sandbox)")
      .About("kind");
}

void ApplySenderDefaults(Sender& sender, bool rate_given) {
  if (sender.kind == ChannelKind::kTelegram && !rate_given) sender.rate = kTelegramDefaultRate;
}

static Status Require(const std::string& value, std::string_view field, std::string_view kind) {
  if (!value.empty()) return Status::Ok();
  return Status::InvalidArgument("a " + std::string(kind) + " sender needs " + Field(field))
      .About(field);
}

// Every value that reaches a provider request line, header or URL (a relay API key goes out
// as "Authorization: Bearer <key>", a bot token inside the URL) or a log line: a CR or LF
// there would end the header and let the value write headers of its own.
static Status NoControlBytes(const Sender& s) {
  const std::pair<const std::string*, std::string_view> fields[] = {{&s.name, "name"},
                                                                    {&s.base_url, "base_url"},
                                                                    {&s.api_key, "api_key"},
                                                                    {&s.auth_scheme, "auth_scheme"},
                                                                    {&s.account_id, "account_id"},
                                                                    {&s.from_email, "from_email"},
                                                                    {&s.from_name, "from_name"},
                                                                    {&s.bot_token, "bot_token"},
                                                                    {&s.smtp_url, "smtp_url"},
                                                                    {&s.time_zone, "time_zone"}};
  for (const auto& [value, field] : fields)
    if (HasControlByte(*value))
      return Status::InvalidField(field, "must not contain control characters (CR, LF, NUL, tab)");
  return Status::Ok();
}

Status Sender::Validate() const {
  PREGON_RETURN_IF_ERROR(NoControlBytes(*this));
  if (name.empty()) return Status::InvalidArgument("sender name is empty").About("name");
  if (name.size() > 100)
    return Status::InvalidArgument("sender name is longer than 100 characters").About("name");
  if (rate < 0) return Status::InvalidField("rate", "must be >= 0");
  if (burst < 0) return Status::InvalidField("burst", "must be >= 0");
  if (concurrency < 1 || concurrency > 4096)
    return Status::InvalidField("concurrency", "must be between 1 and 4096");
  if (!time_zone.empty() && !ValidateTimeZone(time_zone).ok())
    return Status::InvalidField("time_zone", "'" + time_zone +
                                                 "' is not a time zone (use an IANA name such as "
                                                 "America/Santiago)");
  if (!from_email.empty() && !IsValidEmail(from_email))
    return Status::InvalidField("from_email", "'" + from_email + "' is not a valid e-mail address");
  switch (kind) {
    case ChannelKind::kRelay:
      PREGON_RETURN_IF_ERROR(Require(base_url, "base_url", "relay"));
      PREGON_RETURN_IF_ERROR(ValidateHttpUrl(base_url).InField("base_url"));
      PREGON_RETURN_IF_ERROR(Require(api_key, "api_key", "relay"));
      PREGON_RETURN_IF_ERROR(Require(account_id, "account_id", "relay"));
      PREGON_RETURN_IF_ERROR(Require(from_email, "from_email", "relay"));
      if (auth_scheme != "Bearer" && auth_scheme != "token")
        return Status::InvalidField("auth_scheme", "must be Bearer or token");
      break;
    case ChannelKind::kTelegram:
      PREGON_RETURN_IF_ERROR(Require(bot_token, "bot_token", "telegram"));
      if (!base_url.empty()) PREGON_RETURN_IF_ERROR(ValidateHttpUrl(base_url).InField("base_url"));
      break;
    case ChannelKind::kSmtp:
      PREGON_RETURN_IF_ERROR(Require(smtp_url, "smtp_url", "smtp"));
      PREGON_RETURN_IF_ERROR(Require(from_email, "from_email", "smtp"));
      if (smtp_url.rfind("smtp://", 0) != 0 && smtp_url.rfind("smtps://", 0) != 0)
        return Status::InvalidField("smtp_url", "must start with smtp:// or smtps://");
      break;
    case ChannelKind::kSandbox:
      break;
  }
  return Status::Ok();
}

std::string ReportTimeZone(const Sender& sender, std::string_view campaign_zone) {
  if (!sender.time_zone.empty()) return sender.time_zone;
  if (!campaign_zone.empty()) return std::string(campaign_zone);
  return "UTC";
}

}  // namespace pregon

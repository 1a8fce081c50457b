// The bounce and complaint webhooks (DESIGN §1.4b, docs/TRACKING.md): each provider's request
// verified its own documented way, then read into MailFeedback rows.
//
//   generic   POST /hooks/bounce: {email, type: hard|soft|complaint, reason?, campaign_id?,
//             delivery_id?} or an array of them; X-Pregon-Timestamp (Unix seconds) and
//             X-Pregon-Signature: sha256=<hex HMAC-SHA-256(secret, timestamp + "." + body)>
//   ses       Amazon SES through SNS: the SNS message signature (versions 1 and 2), by the
//             certificate at SigningCertURL — only https://sns.<region>.amazonaws.com(.cn)/…pem
//   sendgrid  the signed Event Webhook: ECDSA P-256 over timestamp + body; events bounce
//             (type bounce: hard, blocked: soft) and spamreport
//   postmark  HTTP Basic credentials; RecordType Bounce (by Type) and SpamComplaint
//   mailgun   signature.signature = hex HMAC-SHA-256(key, timestamp + token); events failed
//             (severity permanent: hard, temporary: soft) and complained
// A signed timestamp older or newer than kMaxClockSkew is refused (a replay); an event seen
// before is recorded once (MailFeedback::event_key). Provider events name pregon's delivery
// when the message carried it: X-Pregon-Delivery-Id and X-Pregon-Campaign-Id headers (SES),
// pregon_delivery_id and pregon_campaign_id custom arguments / metadata / variables.
//
// Thread-safety: the functions are safe from any thread; SnsCertificates too.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/mail_feedback.h"
#include "core/mutex.h"
#include "core/thread_annotations.h"

namespace pregon {

inline constexpr Millis kMaxClockSkew{300'000};

struct WebhookRequest {
  std::string_view body;
  std::function<std::string(std::string_view name)> header;  // "" when absent
  Timestamp now{};
};

struct ParsedWebhook {
  enum Problem { kNone, kUnauthenticated, kMalformed } problem = kNone;
  std::string message;               // what is wrong, when problem != kNone
  std::vector<MailFeedback> events;  // received_at left for the caller
  std::string note;                  // something for the operator's log (SNS confirmations)
};

ParsedWebhook ParseGenericWebhook(const WebhookRequest& r, std::string_view secret);
ParsedWebhook ParseSendGridWebhook(const WebhookRequest& r, std::string_view public_key_base64);
ParsedWebhook ParsePostmarkWebhook(const WebhookRequest& r, std::string_view user_password);
ParsedWebhook ParseMailgunWebhook(const WebhookRequest& r, std::string_view signing_key);

// The certificates SNS signs with, by URL: read from `cache_dir` (<sha256 of the URL>.pem),
// else fetched once over HTTPS and kept there. URLs of other hosts are refused unfetched.
class SnsCertificates {
 public:
  using Fetcher = std::function<Result<std::string>(const std::string& url)>;
  SnsCertificates(std::string cache_dir, Fetcher fetch);
  static bool IsSnsCertificateUrl(std::string_view url);
  Result<std::string> Pem(const std::string& url);

 private:
  const std::string cache_dir_;
  const Fetcher fetch_;
  Mutex mu_;
  std::map<std::string, std::string> pems_ GUARDED_BY(mu_);
};

ParsedWebhook ParseSesWebhook(const WebhookRequest& r, SnsCertificates& certificates);

}  // namespace pregon

#include "app/feedback/webhooks.h"

#include <sodium.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "app/feedback/signatures.h"
#include "core/text.h"

namespace pregon {
namespace {

using nlohmann::json;

ParsedWebhook Refused(ParsedWebhook::Problem problem, std::string message) {
  ParsedWebhook p;
  p.problem = problem;
  p.message = std::move(message);
  return p;
}
ParsedWebhook Unauthenticated(std::string message) {
  return Refused(ParsedWebhook::kUnauthenticated, std::move(message));
}
ParsedWebhook Malformed(std::string message) {
  return Refused(ParsedWebhook::kMalformed, std::move(message));
}

std::string Text(const json& j, const char* key) {
  if (!j.is_object()) return "";
  const auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

std::optional<int64_t> Id(const json& j, const char* key) {
  const std::string text = Text(j, key);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id < 1)
    return std::nullopt;
  return id;
}

// A signed Unix time in seconds within kMaxClockSkew of now; otherwise why not.
std::optional<std::string> StaleTimestamp(std::string_view text, Timestamp now) {
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return "the signed timestamp is missing or not a number";
  const Millis skew = now - FromUnixMillis(seconds * 1000);
  if (skew > kMaxClockSkew || -skew > kMaxClockSkew)
    return "the signed timestamp is more than 5 minutes away from now (a replay, or a clock "
           "that is off)";
  return std::nullopt;
}

MailFeedback Event(std::string source, std::string key, FeedbackType type, std::string address,
                   const json& ids, std::string reason) {
  MailFeedback f;
  f.source = std::move(source);
  f.event_key = std::move(key);
  f.type = type;
  f.address = std::move(address);
  f.campaign_id = Id(ids, "pregon_campaign_id");
  f.delivery_id = Id(ids, "pregon_delivery_id");
  f.reason = OneLine(reason, 500);
  return f;
}

json Parse(std::string_view body) { return json::parse(body, nullptr, /*allow_exceptions=*/false); }

}  // namespace

ParsedWebhook ParseGenericWebhook(const WebhookRequest& r, std::string_view secret) {
  const std::string timestamp = r.header("X-Pregon-Timestamp");
  std::string signature = r.header("X-Pregon-Signature");
  if (signature.rfind("sha256=", 0) == 0) signature.erase(0, 7);
  if (!HmacSha256HexMatches(secret, timestamp + "." + std::string(r.body), signature))
    return Unauthenticated(
        "X-Pregon-Signature is not sha256=<hex HMAC-SHA-256 of X-Pregon-Timestamp + \".\" + "
        "the body> with the shared secret");
  if (auto stale = StaleTimestamp(timestamp, r.now)) return Unauthenticated(*stale);
  json body = Parse(r.body);
  if (body.is_object()) body = json::array({body});
  if (!body.is_array() || body.empty() || body.size() > 1000)
    return Malformed("the body must be a JSON object, or an array of 1 to 1000 of them");
  ParsedWebhook out;
  for (size_t i = 0; i < body.size(); ++i) {
    const json& e = body[i];
    const std::string where = body.size() > 1 ? "event " + std::to_string(i) + ": " : "";
    const std::string email = Text(e, "email");
    if (email.empty()) return Malformed(where + "email is missing");
    auto type = ParseFeedbackType(Text(e, "type"));
    if (!type.ok()) return Malformed(where + std::string(type.status().message()));
    MailFeedback f = Event("generic", signature + ":" + std::to_string(i), *type, email, json{},
                           Text(e, "reason"));
    f.campaign_id = Id(e, "campaign_id");
    f.delivery_id = Id(e, "delivery_id");
    out.events.push_back(std::move(f));
  }
  return out;
}

ParsedWebhook ParseSendGridWebhook(const WebhookRequest& r, std::string_view public_key) {
  const std::string timestamp = r.header("X-Twilio-Email-Event-Webhook-Timestamp");
  const std::string signature = r.header("X-Twilio-Email-Event-Webhook-Signature");
  if (!EcdsaSha256Verifies(public_key, timestamp + std::string(r.body), signature))
    return Unauthenticated("the Event Webhook signature does not verify with the configured key");
  if (auto stale = StaleTimestamp(timestamp, r.now)) return Unauthenticated(*stale);
  const json body = Parse(r.body);
  if (!body.is_array()) return Malformed("the body must be a JSON array of events");
  ParsedWebhook out;
  for (const json& e : body) {
    const std::string event = Text(e, "event");
    FeedbackType type;
    if (event == "bounce") {
      type = Text(e, "type") == "blocked" ? FeedbackType::kSoft : FeedbackType::kHard;
    } else if (event == "spamreport") {
      type = FeedbackType::kComplaint;
    } else {
      continue;  // deliveries, opens, clicks...: not feedback
    }
    out.events.push_back(
        Event("sendgrid", Text(e, "sg_event_id"), type, Text(e, "email"), e, Text(e, "reason")));
  }
  return out;
}

ParsedWebhook ParsePostmarkWebhook(const WebhookRequest& r, std::string_view user_password) {
  const std::string given = r.header("Authorization");
  const std::string expected = "Basic " + [&] {
    std::string b64(sodium_base64_encoded_len(user_password.size(), sodium_base64_VARIANT_ORIGINAL),
                    '\0');
    sodium_bin2base64(b64.data(), b64.size(),
                      reinterpret_cast<const unsigned char*>(user_password.data()),
                      user_password.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.resize(b64.size() - 1);  // the terminating NUL
    return b64;
  }();
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0)
    return Unauthenticated("the webhook's HTTP Basic credentials are not the configured ones");
  const json e = Parse(r.body);
  if (!e.is_object()) return Malformed("the body must be a JSON object");
  const std::string record = Text(e, "RecordType"), kind = Text(e, "Type");
  ParsedWebhook out;
  std::optional<FeedbackType> type;
  if (record == "SpamComplaint" || kind == "SpamComplaint") {
    type = FeedbackType::kComplaint;
  } else if (record == "Bounce") {
    static const std::set<std::string> kHard = {"HardBounce", "BadEmailAddress",
                                                "ManuallyDeactivated"};
    static const std::set<std::string> kSoft = {"SoftBounce", "Transient", "DnsError", "Blocked",
                                                "DMARCPolicy"};
    if (kHard.count(kind)) type = FeedbackType::kHard;
    if (kSoft.count(kind)) type = FeedbackType::kSoft;
  }
  if (!type) return out;  // auto-replies, subscription changes...: not feedback
  json ids = e.contains("Metadata") ? e["Metadata"] : json::object();
  out.events.push_back(Event("postmark", record + "-" + Text(e, "ID"), *type, Text(e, "Email"), ids,
                             Text(e, "Description")));
  return out;
}

ParsedWebhook ParseMailgunWebhook(const WebhookRequest& r, std::string_view signing_key) {
  const json body = Parse(r.body);
  if (!body.is_object() || !body.contains("signature") || !body.contains("event-data"))
    return Malformed("the body must be a JSON object with signature and event-data");
  const json& sig = body["signature"];
  const std::string timestamp = Text(sig, "timestamp"), token = Text(sig, "token");
  if (!HmacSha256HexMatches(signing_key, timestamp + token, Text(sig, "signature")))
    return Unauthenticated("signature.signature is not the HMAC of timestamp and token");
  if (auto stale = StaleTimestamp(timestamp, r.now)) return Unauthenticated(*stale);
  const json& e = body["event-data"];
  const std::string event = Text(e, "event");
  ParsedWebhook out;
  FeedbackType type;
  if (event == "failed") {
    type = Text(e, "severity") == "temporary" ? FeedbackType::kSoft : FeedbackType::kHard;
  } else if (event == "complained") {
    type = FeedbackType::kComplaint;
  } else {
    return out;
  }
  const json ids = e.contains("user-variables") ? e["user-variables"] : json::object();
  std::string reason;
  if (e.contains("delivery-status")) {
    reason = Text(e["delivery-status"], "description");
    if (reason.empty()) reason = Text(e["delivery-status"], "message");
  }
  std::string key = Text(e, "id");
  if (key.empty()) key = token;
  out.events.push_back(Event("mailgun", key, type, Text(e, "recipient"), ids, reason));
  return out;
}

SnsCertificates::SnsCertificates(std::string cache_dir, Fetcher fetch)
    : cache_dir_(std::move(cache_dir)), fetch_(std::move(fetch)) {}

bool SnsCertificates::IsSnsCertificateUrl(std::string_view url) {
  static const std::regex kUrl(
      R"(https://sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/[A-Za-z0-9._/-]+\.pem)");
  return std::regex_match(url.begin(), url.end(), kUrl);
}

Result<std::string> SnsCertificates::Pem(const std::string& url) {
  if (!IsSnsCertificateUrl(url))
    return Status::InvalidArgument("SigningCertURL is not an https URL of an SNS host");
  MutexLock lock(mu_);
  if (const auto it = pems_.find(url); it != pems_.end()) return it->second;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(url.data()), url.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  const std::filesystem::path path =
      std::filesystem::path(cache_dir_) / (std::string(hex) + ".pem");
  std::string pem;
  if (std::ifstream in(path); in) {
    std::ostringstream s;
    s << in.rdbuf();
    pem = s.str();
  } else {
    PREGON_ASSIGN_OR_RETURN(pem, fetch_(url));
    std::error_code ec;
    std::filesystem::create_directories(cache_dir_, ec);
    std::ofstream(path) << pem;  // a cache: a failed write only costs a fetch next time
  }
  pems_[url] = pem;
  return pem;
}

ParsedWebhook ParseSesWebhook(const WebhookRequest& r, SnsCertificates& certificates) {
  const json m = Parse(r.body);
  if (!m.is_object()) return Malformed("the body must be an SNS message (a JSON object)");
  const std::string type = Text(m, "Type"), version = Text(m, "SignatureVersion");
  if (version != "1" && version != "2") return Unauthenticated("SignatureVersion must be 1 or 2");
  // The string SNS signs: these fields, in this order, each as "Name\nvalue\n".
  std::vector<const char*> fields;
  if (type == "Notification")
    fields = {"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"};
  else if (type == "SubscriptionConfirmation" || type == "UnsubscribeConfirmation")
    fields = {"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"};
  else
    return Malformed("Type must be Notification or SubscriptionConfirmation");
  std::string canonical;
  for (const char* f : fields)
    if (m.contains(f)) canonical += std::string(f) + "\n" + Text(m, f) + "\n";
  auto pem = certificates.Pem(Text(m, "SigningCertURL"));
  if (!pem.ok()) return Unauthenticated(std::string(pem.status().message()));
  if (!RsaSignatureVerifies(*pem, canonical, Text(m, "Signature"), version == "2"))
    return Unauthenticated("the SNS signature does not verify");
  ParsedWebhook out;
  if (type != "Notification") {
    out.note = "SNS " + type + " for " + Text(m, "TopicArn") +
               ": to confirm it, open its SubscribeURL: " + Text(m, "SubscribeURL");
    return out;
  }
  const json n = Parse(Text(m, "Message"));
  std::string kind = Text(n, "notificationType");
  if (kind.empty()) kind = Text(n, "eventType");
  // The message's own headers, when the identity includes them, name pregon's delivery.
  json ids = json::object();
  if (n.contains("mail") && n["mail"].contains("headers") && n["mail"]["headers"].is_array())
    for (const json& h : n["mail"]["headers"]) {
      const std::string name = AsciiLower(Text(h, "name"));
      if (name == "x-pregon-delivery-id") ids["pregon_delivery_id"] = Text(h, "value");
      if (name == "x-pregon-campaign-id") ids["pregon_campaign_id"] = Text(h, "value");
    }
  const std::string message_id = Text(m, "MessageId");
  if (kind == "Bounce" && n.contains("bounce")) {
    const json& b = n["bounce"];
    const FeedbackType t =
        Text(b, "bounceType") == "Permanent" ? FeedbackType::kHard : FeedbackType::kSoft;
    int i = 0;
    for (const json& rcpt : b.value("bouncedRecipients", json::array()))
      out.events.push_back(Event("ses", message_id + ":" + std::to_string(i++), t,
                                 Text(rcpt, "emailAddress"), ids, Text(rcpt, "diagnosticCode")));
  } else if (kind == "Complaint" && n.contains("complaint")) {
    const json& c = n["complaint"];
    int i = 0;
    for (const json& rcpt : c.value("complainedRecipients", json::array()))
      out.events.push_back(Event("ses", message_id + ":" + std::to_string(i++),
                                 FeedbackType::kComplaint, Text(rcpt, "emailAddress"), ids,
                                 Text(c, "complaintFeedbackType")));
  }
  return out;
}

}  // namespace pregon

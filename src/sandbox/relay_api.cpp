#include "sandbox/relay_api.h"

#include <fmt/format.h>

#include <cctype>
#include <string>
#include <vector>

#include "sandbox/api_reply.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

Json Problem(int status, std::string_view title, std::string_view detail) {
  return Json{{"title", title}, {"status", status}, {"detail", detail}};
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// "Bearer <key>" or "token <key>": the two schemes the relay API takes. Any key is fine.
bool HasValidAuthorization(const httplib::Request& request) {
  const std::string value = request.get_header_value("Authorization");
  const size_t space = value.find(' ');
  if (space == std::string::npos) return false;
  const std::string_view scheme(value.data(), space);
  const std::string_view key = std::string_view(value).substr(space + 1);
  return (EqualsIgnoreCase(scheme, "Bearer") || EqualsIgnoreCase(scheme, "token")) &&
         !key.empty() && key.find(' ') == std::string_view::npos;
}

bool IsNonEmptyString(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

bool IsOptionalString(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() || it->is_string();
}

// Decoded size of standard padded base64, or -1 when `text` is not base64.
int64_t Base64Size(const std::string& text) {
  if (text.size() % 4 != 0) return -1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool pad = c == '=' && i + 2 >= text.size();
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && !pad) return -1;
  }
  size_t padding = 0;
  while (padding < text.size() && padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
  return static_cast<int64_t>(text.size() / 4 * 3 - padding);
}

// attachments: [{"filename", "content_type", "base64_content"}], all non-empty strings.
std::string ValidateAttachments(const Json& message) {
  const auto it = message.find("attachments");
  if (it == message.end() || it->is_null()) return "";
  if (!it->is_array()) return "attachments must be an array";
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& a = (*it)[i];
    for (const char* key : {"filename", "content_type", "base64_content"}) {
      if (!a.is_object() || !IsNonEmptyString(a, key))
        return fmt::format("attachments[{}].{} is required", i, key);
    }
    if (Base64Size(a["base64_content"].get<std::string>()) < 0)
      return fmt::format("attachments[{}].base64_content is not base64", i);
  }
  return "";
}

// What the record shows of the attachments: names, types and decoded sizes.
Json AttachmentSummary(const Json& message) {
  Json out = Json::array();
  for (const Json& a : message["attachments"])
    out.push_back({{"filename", a["filename"]},
                   {"content_type", a["content_type"]},
                   {"size", Base64Size(a["base64_content"].get<std::string>())}});
  return out;
}

// Checks the message's shape and collects its recipients' addresses; returns what is wrong,
// or "" when the message is acceptable.
std::string ValidateMessage(const Json& message, std::vector<std::string>& emails) {
  if (!IsNonEmptyString(message, "from_email")) return "from_email is required";
  for (const char* key : {"from_name", "subject", "html", "text"}) {
    if (!IsOptionalString(message, key)) return fmt::format("{} must be a string", key);
  }
  if (const auto it = message.find("reply_to"); it != message.end() && !it->is_null()) {
    if (!it->is_string() && !(it->is_object() && IsNonEmptyString(*it, "email"))) {
      return "reply_to must be an address or {\"email\": ...}";
    }
  }
  if (std::string problem = ValidateAttachments(message); !problem.empty()) return problem;
  const auto recipients = message.find("recipients");
  if (recipients == message.end() || !recipients->is_array() || recipients->empty()) {
    return "recipients must be a non-empty array";
  }
  for (size_t i = 0; i < recipients->size(); ++i) {
    const Json& r = (*recipients)[i];
    if (!r.is_object() || !IsNonEmptyString(r, "email") ||
        r["email"].get_ref<const std::string&>().find('@') == std::string::npos) {
      return fmt::format("recipients[{}].email is not an e-mail address", i);
    }
    if (const auto type = r.find("type"); type != r.end()) {
      if (!type->is_string() || (*type != "to" && *type != "cc" && *type != "bcc")) {
        return fmt::format("recipients[{}].type must be to, cc or bcc", i);
      }
    }
    emails.push_back(r["email"].get<std::string>());
  }
  return "";
}

// Answers a fault decided by the plan; false when the request goes on normally.
bool AnswerRelayFault(SandboxContext& context, httplib::Response& response) {
  switch (context.faults().Next()) {
    case Fault::kThrottle:
      context.CountThrottled();
      response.set_header("Retry-After", "1");
      ReplyJson(response, 429,
                Problem(429, "Too Many Requests", "Rate limit exceeded; retry after 1 second."));
      return true;
    case Fault::kFail:
      context.CountFailed();
      ReplyJson(
          response, 503,
          Problem(503, "Service Unavailable", "The sandbox failed this request (--fail-rate)."));
      return true;
    case Fault::kNone:
      return false;
  }
  return false;
}

// `template_send`: the message came to .../templates/{tid}/message and must carry a model.
void HandleSend(SandboxContext& context, const httplib::Request& request,
                httplib::Response& response, bool template_send) {
  const Timestamp received = context.Now();
  context.Delay();
  if (AnswerRelayFault(context, response)) return;
  const auto reject = [&](int status, std::string_view title, std::string_view detail) {
    context.CountRejected();
    ReplyJson(response, status, Problem(status, title, detail));
  };
  if (!HasValidAuthorization(request)) {
    return reject(401, "Unauthorized",
                  "Missing or malformed Authorization header: expected 'Bearer <api key>' or "
                  "'token <api key>'.");
  }
  const Json message = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!message.is_object()) return reject(400, "Invalid JSON", "The body is not a JSON object.");
  std::vector<std::string> emails;
  if (std::string problem = ValidateMessage(message, emails); !problem.empty()) {
    return reject(400, "Validation error", problem);
  }
  if (template_send && !(message.contains("model") && message["model"].is_object())) {
    return reject(400, "Validation error", "model must be an object of template variables");
  }

  const std::string key = request.get_header_value("Idempotency-Key");
  const uint64_t seed = context.options().seed;
  const uint64_t n = key.empty() ? context.NextSequence() : StableHash(key);
  const uint64_t high = Mix64(seed ^ n);
  const std::string id = FormatUuid(high, Mix64(high ^ n));
  if (key.empty() || context.FirstUse(key)) {
    MessageRecord record;
    record.ts = received;
    record.channel = "relay";
    record.campaign_id = IntegerHeader(request, "X-Pregon-Campaign-Id");
    record.delivery_id = IntegerHeader(request, "X-Pregon-Delivery-Id");
    const auto subject_field = message.find("subject");
    const std::string subject = subject_field != message.end() && subject_field->is_string()
                                    ? subject_field->get<std::string>()
                                    : std::string();
    record.subject = subject;
    record.provider_id = id;
    const std::string template_id = template_send ? request.matches[2].str() : "";
    record.template_id = template_id;
    if (template_send) record.model = &message["model"];
    const Json attachments = message.contains("attachments") && message["attachments"].is_array()
                                 ? AttachmentSummary(message)
                                 : Json();
    if (!attachments.is_null()) record.attachments = &attachments;
    const auto html_field = message.find("html");
    if (context.options().record_bodies && html_field != message.end() && html_field->is_string())
      record.html = html_field->get_ref<const std::string&>();
    std::string lines;
    for (const std::string& email : emails) {
      record.to = email;
      AppendRecordLine(record, lines);
    }
    if (Status s = context.Record(lines); !s.ok()) {
      if (!key.empty()) context.ForgetKey(key);
      context.CountFailed();
      return ReplyJson(response, 500, Problem(500, "Internal Server Error", s.message()));
    }
  }
  context.CountAccepted();
  const std::string href = fmt::format("/accounts/{}/messages/{}", request.matches[1].str(), id);
  ReplyJson(response, 201,
            Json{{"createdResourceId", id},
                 {"destinationEmails", emails},
                 {"_links", Json::array({Json{{"href", href},
                                              {"description", "Get the message"},
                                              {"rel", "/docs/rels/get-message"}}})}});
}

}  // namespace

void RegisterRelayApi(httplib::Server& server, SandboxContext& context) {
  server.Post(R"(/accounts/([^/]+)/messages)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                HandleSend(context, request, response, /*template_send=*/false);
              });
  server.Post(R"(/accounts/([^/]+)/templates/([^/]+)/message)",
              [&context](const httplib::Request& request, httplib::Response& response) {
                HandleSend(context, request, response, /*template_send=*/true);
              });
}

}  // namespace pregon

#include "channels/relay/relay_message.h"

#include "channels/http/http_client.h"
#include "channels/json_writer.h"
#include "channels/smtp/mime_encoding.h"

namespace pregon {
namespace {

void AppendField(std::string& out, std::string_view key, std::string_view value) {
  out.push_back(',');
  AppendJsonKey(out, key);
  AppendJsonString(out, value);
}

}  // namespace

std::string RelayMessagesUrl(std::string_view base_url, std::string_view account_id) {
  return JoinUrl(base_url, "accounts/" + EncodePathSegment(account_id) + "/messages");
}

std::string RelayTemplateMessageUrl(std::string_view base_url, std::string_view account_id,
                                    std::string_view template_id) {
  return JoinUrl(base_url, "accounts/" + EncodePathSegment(account_id) + "/templates/" +
                               EncodePathSegment(template_id) + "/message");
}

std::vector<std::string> EncodeAttachments(const std::vector<Attachment>& attachments) {
  std::vector<std::string> out;
  out.reserve(attachments.size());
  for (const auto& a : attachments) out.push_back(Base64Encode(a.content));
  return out;
}

void AppendRelayMessageJson(std::string_view from_email, std::string_view from_name,
                            const OutgoingMessage& message,
                            const std::vector<std::string>& base64_contents, std::string& out) {
  out += "{\"from_email\":";
  AppendJsonString(out, from_email);
  if (!from_name.empty()) AppendField(out, "from_name", from_name);
  out += ",\"recipients\":[{\"type\":\"to\",\"email\":";
  AppendJsonString(out, message.to);
  if (!message.to_name.empty()) AppendField(out, "name", message.to_name);
  out += "}]";
  if (!message.template_id.empty()) {
    out += ",\"model\":";
    out += message.template_model_json;  // already JSON (MessageRenderer)
  } else {
    AppendField(out, "subject", message.subject);
    if (!message.html.empty()) AppendField(out, "html", message.html);
    if (!message.text.empty()) AppendField(out, "text", message.text);
  }
  if (!message.reply_to.empty()) {
    // The relay API takes reply_to as an address object, like the recipients.
    out += ",\"reply_to\":{\"email\":";
    AppendJsonString(out, message.reply_to);
    out.push_back('}');
  }
  if (message.attachments && !message.attachments->empty()) {
    out += ",\"attachments\":[";
    for (size_t i = 0; i < message.attachments->size(); ++i) {
      const Attachment& a = (*message.attachments)[i];
      out += i == 0 ? "{" : ",{";
      AppendJsonKey(out, "filename");
      AppendJsonString(out, a.filename);
      AppendField(out, "content_type", a.content_type);
      AppendField(out, "base64_content", i < base64_contents.size() ? base64_contents[i] : "");
      out.push_back('}');
    }
    out.push_back(']');
  }
  out.push_back('}');
}

}  // namespace pregon

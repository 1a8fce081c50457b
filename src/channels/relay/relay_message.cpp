#include "channels/relay/relay_message.h"

#include "channels/http/http_client.h"
#include "channels/json_writer.h"

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

void AppendRelayMessageJson(std::string_view from_email, std::string_view from_name,
                            const OutgoingMessage& message, std::string& out) {
  out += "{\"from_email\":";
  AppendJsonString(out, from_email);
  if (!from_name.empty()) AppendField(out, "from_name", from_name);
  out += ",\"recipients\":[{\"type\":\"to\",\"email\":";
  AppendJsonString(out, message.to);
  if (!message.to_name.empty()) AppendField(out, "name", message.to_name);
  out += "}]";
  AppendField(out, "subject", message.subject);
  if (!message.html.empty()) AppendField(out, "html", message.html);
  if (!message.text.empty()) AppendField(out, "text", message.text);
  if (!message.reply_to.empty()) {
    // The relay API takes reply_to as an address object, like the recipients.
    out += ",\"reply_to\":{\"email\":";
    AppendJsonString(out, message.reply_to);
    out.push_back('}');
  }
  out.push_back('}');
}

}  // namespace pregon

// The relay channel's request shape: a Doppler-Relay-style "send message" call.
//
//   POST {base_url}/accounts/{account_id}/messages
//   {"from_name": ..., "from_email": ..., "recipients": [{"type": "to", "email", "name"}],
//    "subject": ..., "html": ..., "text": ..., "reply_to": {"email": ...},
//    "attachments": [{"filename", "content_type", "base64_content"}]}
//
// With a provider-side template (message.template_id):
//
//   POST {base_url}/accounts/{account_id}/templates/{template_id}/message
//   {"from_name", "from_email", "recipients", "reply_to", "attachments",
//    "model": {the recipient's fields}}    (no subject, html or text: the template has them)
//
// Pure functions, no I/O; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "channels/channel.h"

namespace pregon {

// The send endpoint for an account: JoinUrl(base_url, "accounts/<id>/messages"), the id
// percent-encoded so it stays one path segment.
std::string RelayMessagesUrl(std::string_view base_url, std::string_view account_id);

// The template endpoint: JoinUrl(base_url, "accounts/<id>/templates/<tid>/message"), both
// ids percent-encoded.
std::string RelayTemplateMessageUrl(std::string_view base_url, std::string_view account_id,
                                    std::string_view template_id);

// The attachments' contents in base64, in order: encoded once per campaign, not per message.
std::vector<std::string> EncodeAttachments(const std::vector<Attachment>& attachments);

// Appends the JSON body for `message` to `out`. Empty optional parts (from_name, the
// recipient's name, html, text, reply_to) are left out rather than sent empty.
// `base64_contents` holds EncodeAttachments(*message.attachments) (ignored when the
// message has none). REQUIRES: message.template_model_json is a JSON object when
// message.template_id is set.
void AppendRelayMessageJson(std::string_view from_email, std::string_view from_name,
                            const OutgoingMessage& message,
                            const std::vector<std::string>& base64_contents, std::string& out);

}  // namespace pregon

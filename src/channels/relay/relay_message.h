// The relay channel's request shape: a Doppler-Relay-style "send message" call.
//
//   POST {base_url}/accounts/{account_id}/messages
//   {"from_name": ..., "from_email": ..., "recipients": [{"type": "to", "email", "name"}],
//    "subject": ..., "html": ..., "text": ..., "reply_to": {"email": ...}}
//
// Pure functions, no I/O; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "channels/channel.h"

namespace pregon {

// The send endpoint for an account: JoinUrl(base_url, "accounts/<id>/messages"), the id
// percent-encoded so it stays one path segment.
std::string RelayMessagesUrl(std::string_view base_url, std::string_view account_id);

// Appends the JSON body for `message` to `out`. Empty optional parts (from_name, the
// recipient's name, html, text, reply_to) are left out rather than sent empty.
void AppendRelayMessageJson(std::string_view from_email, std::string_view from_name,
                            const OutgoingMessage& message, std::string& out);

}  // namespace pregon

// Classifies the Telegram Bot API's answer to one sendMessage call (DESIGN §1.2).
//
// The Bot API answers {"ok":true,"result":{"message_id":N,...}} or
// {"ok":false,"error_code":E,"description":"...","parameters":{"retry_after":S}} with the
// HTTP status equal to error_code. Outcomes:
//
//   2xx                       sent; provider_id = result.message_id (as text) when present
//   429                       transient; retry_after = parameters.retry_after seconds (else
//                             the Retry-After header). Telegram's flood control is per bot,
//                             so the engine pauses the whole sender (see SendResult).
//   403 the chat is gone      unavailable: "bot was blocked by the user", "user is
//                             deactivated", "bot can't initiate conversation with a user",
//                             "bot was kicked from ...", "bot is not a member of ...",
//                             "chat was deleted", "bot can't send messages to bots"
//   400 no such chat          unavailable: "chat not found", "user not found",
//                             "PEER_ID_INVALID"
//   401, 404                  transient + sender_blocked: the bot token is wrong or revoked
//                             (Telegram answers 401 "Unauthorized" or 404 "Not Found");
//                             no recipient is at fault, so the sender is paused
//   3xx                       transient + sender_blocked: the base URL is wrong
//   408, 5xx, anything else   transient
//   other 4xx (400, 403, ...) permanent, with the description ("can't parse entities",
//                             "message is too long", a group migrated to a supergroup...)
//   no HTTP answer            transient (timeout, refused, reset); ambiguous when the
//                             request was written first (see http/transport_failure.h)
// Descriptions are matched case-insensitively. Any 403 not listed above is permanent, not
// unavailable: suppressing a recipient for good needs a reason we recognise.
//
// Error texts are "HTTP <status>: <description>" (≤ ~200 bytes of provider text); they
// never contain the request URL, so never the bot token. Pure function; safe from any
// thread.
#pragma once

#include "channels/channel.h"
#include "channels/http/http_client.h"

namespace pregon {

SendResult ClassifyTelegramResponse(const HttpResponse& response);

}  // namespace pregon

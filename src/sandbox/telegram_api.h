// The sandbox's Telegram Bot API: sendMessage only.
//
//   POST (or GET) /bot{token}/sendMessage   JSON body, form body or query string with
//     chat_id (integer or string), text, parse_mode (HTML | Markdown | MarkdownV2)
//   200 {"ok":true,"result":{"message_id":N,"date":...,"chat":{"id":...},"text":...}}
//   400 {"ok":false,"error_code":400,"description":"Bad Request: ..."}
//   403 ... "Forbidden: bot was blocked by the user"   for chats in --blocked-ids
//   429 ... "parameters":{"retry_after":1}             (throttle_every), 503 (fail_rate)
//
// Accepted messages are recorded with channel "telegram" and "to" = the chat id.
// Thread-safety: handlers run concurrently; all shared state is in SandboxContext.
#pragma once

#include <httplib.h>

#include "sandbox/sandbox_context.h"

namespace pregon {

// Adds the Telegram routes to `server`. `context` must outlive the server.
void RegisterTelegramApi(httplib::Server& server, SandboxContext& context);

}  // namespace pregon

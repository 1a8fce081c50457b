// The sandbox's Telegram Bot API: sendMessage, and getMe for `pregon doctor`.
//
//   POST (or GET) /bot{token}/sendMessage   JSON body, form body or query string with
//     chat_id (integer or string), text, parse_mode (HTML | Markdown | MarkdownV2)
//   200 {"ok":true,"result":{"message_id":N,"date":...,"chat":{"id":...},"text":...}}
//   400 {"ok":false,"error_code":400,"description":"Bad Request: ..."}
//   403 ... "Forbidden: bot was blocked by the user"   for chats in --blocked-ids
//   429 ... "parameters":{"retry_after":1}             (throttle_every), 503 (fail_rate)
//
// Accepted messages are recorded with channel "telegram" and "to" = the chat id.
//
//   GET (or POST) /bot{token}/getMe
//   200 {"ok":true,"result":{"id":N,"is_bot":true,"first_name":"Sandbox bot N",
//        "username":"sandbox_N_bot",...}}   for a token "N:secret" (N digits)
//   401 {"ok":false,"error_code":401,"description":"Unauthorized"}  when the secret starts
//        with "revoked" (what Telegram answers a revoked token; the sandbox keeps no bots)
//   404 {"ok":false,"error_code":404,"description":"Not Found"}     for a token not of that
//        form (Telegram's answer to something that is not a token)
// getMe is not a send: no fault is injected, nothing is recorded or counted. sendMessage
// takes any token, revoked ones included.
// Thread-safety: handlers run concurrently; all shared state is in SandboxContext.
#pragma once

#include <httplib.h>

#include "sandbox/sandbox_context.h"

namespace pregon {

// Adds the Telegram routes to `server`. `context` must outlive the server.
void RegisterTelegramApi(httplib::Server& server, SandboxContext& context);

}  // namespace pregon

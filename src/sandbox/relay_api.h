// The sandbox's relay API: a Doppler-Relay-style send endpoint.
//
//   POST /accounts/{account_id}/messages
//     Authorization: Bearer <key> | token <key>     (any key; 401 when missing/malformed)
//     {"from_email", "from_name", "recipients": [{"type", "email", "name"}], "subject",
//      "html", "text", "reply_to"}
//   201 {"createdResourceId": "<uuid>", "destinationEmails": [...], "_links": [...]}
//   400 {"title", "status", "detail"} for a body that is not JSON or misses fields
//   429 + Retry-After: 1 (throttle_every), 503 (fail_rate): nothing recorded
//
// Each recipient of an accepted message is recorded as one line. A repeated
// Idempotency-Key gets the first answer's id back and is not recorded again, as a
// provider that dedupes would do; that is what makes at_least_once resends harmless.
//
// Thread-safety: handlers run concurrently; all shared state is in SandboxContext.
#pragma once

#include <httplib.h>

#include "sandbox/sandbox_context.h"

namespace pregon {

// Adds the relay routes to `server`. `context` must outlive the server.
void RegisterRelayApi(httplib::Server& server, SandboxContext& context);

}  // namespace pregon

// Classifies a relay provider's answer to one send request (DESIGN §1.2, §3).
//
//   2xx                 sent; provider_id = the body's "createdResourceId" when present
//   429                 transient; retry_after = Retry-After (seconds) when present
//   402                 transient + sender_blocked: the account's quota is exhausted
//   401, 403            transient + sender_blocked: the credentials are rejected; pausing
//                       the sender keeps the audience from being burnt as failures
//   404, 405, 3xx       transient + sender_blocked: the endpoint itself is wrong (base URL
//                       or account id); no recipient is at fault
//   408, 5xx, other     transient
//   other 4xx           permanent (400, 422, ...: this message is refused), with the
//                       provider's title/detail
//   no HTTP answer      transient (timeout, refused, reset); ambiguous when the request
//                       was written first (see http/transport_failure.h)
//
// Error texts are short (≤ ~200 bytes of provider text) and never contain request headers,
// so never the API key. Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "channels/channel.h"
#include "channels/http/http_client.h"

namespace pregon {

SendResult ClassifyRelayResponse(const HttpResponse& response);

// The value of the top-level string field "createdResourceId" of a JSON body, or "" when
// the body is not JSON or has no such field. Stops reading at the field.
std::string ExtractCreatedResourceId(std::string_view body);

// A one-line summary of a provider's error body, at most `max_bytes` bytes (cut on a
// UTF-8 boundary): "title: detail" for a JSON problem document, else the body's text with
// whitespace runs collapsed.
std::string ProviderErrorText(std::string_view body, size_t max_bytes = 200);

}  // namespace pregon

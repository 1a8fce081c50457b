// What a request that got no HTTP answer means for its message, the same for every HTTP
// channel (relay, Telegram): transient, and ambiguous when the request was written before
// the transfer failed (the provider may have taken it; see SendResult::ambiguous).
//
//   timeout before anything was sent (connect timeout)   transient ("timeout: ...")
//   timeout or reset after the request was written        transient + ambiguous
//   could not resolve or connect                          transient ("connect: ...")
//   anything else (TLS handshake, malformed answer)       transient ("transport: ..."),
//                                                         ambiguous when written
//
// Thread-safety: pure function.
#pragma once

#include "channels/channel.h"
#include "channels/http/http_client.h"

namespace pregon {

// REQUIRES: !response.answered().
SendResult TransportFailureResult(const HttpResponse& response);

}  // namespace pregon

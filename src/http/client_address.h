// Who a request comes from, as far as pregon can know it: the socket's peer — unless that
// peer is a proxy the operator trusts (PREGON_TRUSTED_PROXIES), which says in
// X-Forwarded-For whom it got the request from. Entries a client wrote itself come first in
// that header, each proxy appending the address it saw; so the header is read from the right,
// past every trusted proxy, and the first address that is not one is the client. Nothing a
// client writes can name another client: with no trusted proxy (the default) the header is
// ignored altogether.
//
// Pure function; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "net/ip_ranges.h"

namespace pregon::http {

// `peer` as the socket reports it ("" for a Unix socket); `forwarded_for` the request's
// X-Forwarded-For headers joined with ','. Returns an address, or "unix" for a Unix-socket
// peer that is not trusted (or trusted with nothing forwarded).
std::string ResolveClientAddress(std::string_view peer, std::string_view forwarded_for,
                                 const IpRanges& trusted);

}  // namespace pregon::http

#include "http/client_address.h"

#include <array>

#include "core/text.h"

namespace pregon::http {

std::string ResolveClientAddress(std::string_view peer, std::string_view forwarded_for,
                                 const IpRanges& trusted) {
  std::string client = peer.empty() ? "unix" : std::string(peer);
  if (!trusted.Contains(peer)) return client;
  // From the right: each hop was written by the proxy to its right, which we trust so far.
  while (!forwarded_for.empty()) {
    const size_t comma = forwarded_for.rfind(',');
    const std::string_view hop = TrimSpaceTab(
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    std::array<uint8_t, 16> bytes{};
    // A trusted proxy wrote something that is no address: keep the last hop we could read.
    if (!ParseIpAddress(hop, &bytes)) break;
    client = std::string(hop);
    if (!trusted.Contains(hop)) break;
  }
  return client;
}

}  // namespace pregon::http

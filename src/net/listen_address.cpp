#include "net/listen_address.h"

#include <sys/un.h>

#include <charconv>

namespace pregon {

std::string ListenAddress::ToString() const {
  if (is_unix()) return "unix:" + unix_path;
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("--listen '" + std::string(text) + "' " + std::string(why) +
                                   " (expected HOST:PORT or unix:/path.sock)");
  };
  ListenAddress out;
  if (text.substr(0, 5) == "unix:") {
    out.unix_path = std::string(text.substr(5));
    if (out.unix_path.empty()) return bad("names no socket path");
    if (out.unix_path.size() >= sizeof(sockaddr_un{}.sun_path))
      return bad("has a socket path too long for the system");
    return out;
  }
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("is not HOST:PORT");
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int p = -1;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (ec != std::errc() || end != port.data() + port.size() || p < 0 || p > 65535)
    return bad("has no port from 0 to 65535");
  if (host.empty()) return bad("has no host");
  out.host = std::string(host);
  out.port = p;
  return out;
}

}  // namespace pregon

// Where a server listens: "HOST:PORT" (TCP; port 0 = any free port) or "unix:/path.sock"
// (a Unix domain socket, e.g. behind nginx on the same machine).
//
// Pure values; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

struct ListenAddress {
  std::string host;       // TCP: a host name or address ("127.0.0.1", "::1", "0.0.0.0")
  int port = 0;           // TCP: 0..65535
  std::string unix_path;  // non-empty: a Unix domain socket at this path
  bool is_unix() const { return !unix_path.empty(); }
  std::string ToString() const;  // as ParseListenAddress reads it
};

// InvalidArgument naming --listen and the expected forms for anything else: no port, a
// port out of range, "unix:" with no path or a path longer than sockaddr_un allows.
// "[::1]:8080" is accepted for IPv6 (the brackets are dropped).
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace pregon

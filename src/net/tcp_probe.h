// ProbeTcp: whether a TCP connection to host:port opens within `timeout` — `pregon doctor`'s
// "is the provider reachable" check, which must neither send anything nor hang.
//
// Thread-safety: safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

// OK when a connection opened (it is closed at once); Transient saying why not otherwise
// (name not resolved, refused, timed out).
Status ProbeTcp(const std::string& host, int port, Millis timeout);

// host and port of an http(s)://, smtp(s):// URL (the scheme's port when none is given);
// InvalidArgument when it has no host.
Status HostPortOf(std::string_view url, std::string* host, int* port);

}  // namespace pregon

// Small checks on URLs given by operators (no I/O).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

// OK when `url` is http:// or https:// followed by a non-empty host; otherwise an
// InvalidArgument saying what is wrong.
Status ValidateHttpUrl(std::string_view url);

// A base URL pregon's own public links start with (PREGON_PUBLIC_URL): http(s), a host, an
// optional path, no query, fragment or credentials, and https unless the host is a loopback
// address (127.x, ::1, localhost — for tests and an instance behind a local proxy). Returned
// without a trailing slash; InvalidArgument naming `setting` otherwise.
Result<std::string> ParsePublicBaseUrl(std::string_view url, std::string_view setting);

// The host of an http(s) URL, without port or brackets ("" when there is none).
std::string UrlHost(std::string_view url);

// `url` with any credential replaced by "***" — the password of the userinfo
// (scheme://user:pw@host) and the value of every query parameter whose name says it holds one
// (password, key, api_key, token, access_token, secret, signature, auth...) — for messages,
// logs and API answers. The host and path stay, so an operator still sees where it points.
std::string RedactUrl(std::string_view url);

// `s` with %XX escapes decoded — and '+' as a space when `plus_is_space` (a query string);
// a malformed escape is kept as written.
std::string PercentDecode(std::string_view s, bool plus_is_space);

// `s` with every byte but RFC 3986's unreserved ones (A–Z a–z 0–9 - . _ ~) as %XX: safe as a
// query value or a path segment.
std::string PercentEncode(std::string_view s);

}  // namespace pregon

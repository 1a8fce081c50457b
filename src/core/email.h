// E-mail address checks (no I/O, no DNS).
//
// Deliberately pragmatic rather than full RFC 5322: a bulk sender must reject what relays
// reject (spaces, missing domain, consecutive dots) and accept what real lists contain
// (plus-addressing, sub-domains, IDN domains as UTF-8).
#pragma once

#include <string>
#include <string_view>

namespace pregon {

// True when `address` has the shape local@domain.tld with allowed characters.
bool IsValidEmail(std::string_view address);

// Trims surrounding white space and lower-cases ASCII letters; addresses are compared
// case-insensitively (DESIGN fixtures: JOSE@EXAMPLE.COM == jose@example.com).
std::string NormalizeEmail(std::string_view address);

// Trims ASCII white space (space, tab, CR, LF) at both ends.
std::string_view TrimAscii(std::string_view s);

}  // namespace pregon

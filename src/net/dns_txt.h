// LookupTxt: the TXT records of a DNS name — what `pregon doctor` reads to judge the SPF,
// DMARC and DKIM records of the domains pregon sends mail from (app/ops/mail_dns.h).
//
// Through glibc's stub resolver (libresolv: res_nquery, then ns_initparse/ns_parserr over the
// answer): getaddrinfo answers addresses only, and one query type needs no DNS library. The
// servers are the system's (/etc/resolv.conf) unless DnsOptions::server names one
// (PREGON_DNS_SERVER: for split-horizon DNS, where the public view of a domain is not what
// the local resolver says, and for tests). The name is asked as given: no search domains.
// The server follows CNAMEs (DKIM keys are often delegated to the provider that way).
//
// Thread-safety: safe from any thread; each lookup has its own resolver state.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

struct DnsOptions {
  // "" = the system's servers; else an IPv4 address with an optional port, "10.0.0.53" or
  // "127.0.0.1:5353" (see ValidateDnsServer).
  std::string server;
  // How long to wait for each answer (whole seconds, at least 1: the resolver counts in
  // seconds). Each server is asked twice before the lookup fails.
  Millis timeout{3000};
};

// OK for "" and for "A.B.C.D" or "A.B.C.D:PORT" (port 1-65535); InvalidArgument saying what
// is expected otherwise. IPv6 servers are not taken: glibc's resolver state holds an
// application's own servers as IPv4 addresses only.
Status ValidateDnsServer(std::string_view server);

// The TXT records at `name`, each the concatenation of its character-strings (a record
// longer than 255 bytes is split into several; RFC 7208 §3.3), in the order of the answer.
// Empty when the name does not exist or has no TXT record. Transient when no server answered
// within the timeout or the server failed (SERVFAIL) or refused the query; InvalidArgument
// for a bad name or options.server.
Result<std::vector<std::string>> LookupTxt(std::string_view name, const DnsOptions& options);

// The TXT records of the answer section of the DNS message `answer` (its wire form, as
// res_nquery returns it), records of other types (a CNAME before them) skipped.
// InvalidArgument when the message does not parse. LookupTxt's second half, for tests.
Result<std::vector<std::string>> TxtRecordsOf(const unsigned char* answer, int length);

}  // namespace pregon

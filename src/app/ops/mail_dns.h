// What `pregon doctor` makes of the DNS records of a domain pregon sends mail from: SPF
// (RFC 7208), DMARC (RFC 7489) and DKIM keys (RFC 6376) at the selectors the operator names.
// Receivers — Gmail and Yahoo require all three of bulk senders since 2024 — junk or refuse
// mail whose domain lacks them, so a missing record is worth knowing before a campaign.
//
// The Judge* functions are pure (the TXT records found in, a verdict out). CheckMailDomain
// does the lookups (net/dns_txt.h) and adds one line per record kind to the report, under
// the area "domain <name>".
//
// Thread-safety: the functions share no state.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ops/doctor_report.h"
#include "net/dns_txt.h"

namespace pregon {

// The TXT records at `domain`. One record starting "v=spf1" is ok — a warning when it ends
// "+all", which lets anyone send as the domain, and an error when its own terms already
// make more than 10 DNS lookups (a permanent error at receivers; includes are not followed);
// none is a warning; several are an error (receivers then fail every message's SPF check,
// RFC 7208 §4.5).
Finding JudgeSpf(std::string_view domain, const std::vector<std::string>& txt);

// The TXT records at _dmarc.`domain`. One "v=DMARC1" record with p=quarantine or reject is
// ok; p=none is ok but says that it only monitors; none is a warning; several, or one with
// no valid p=, make receivers ignore DMARC (a warning).
Finding JudgeDmarc(std::string_view domain, const std::vector<std::string>& txt);

// Per selector tried, the TXT records found at <selector>._domainkey.`domain`. A key
// (a p= with a value) at any selector is ok; only revoked keys (p= empty), or nothing at
// the selectors tried, is a warning (pregon cannot know every provider's selector).
Finding JudgeDkim(std::string_view domain,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& keys);

// The DKIM selectors of PREGON_DKIM_SELECTORS: a comma list of names of letters, digits,
// '-', '_' and '.', spaces around them ignored; "" = do not look for DKIM keys.
// InvalidArgument naming the bad selector otherwise.
Result<std::vector<std::string>> ParseDkimSelectors(std::string_view list);

// The domain of an e-mail address, lower-cased ("" when it has no '@').
std::string MailDomainOf(std::string_view email);

struct MailDnsOptions {
  DnsOptions dns;
  std::vector<std::string> dkim_selectors;  // none = DKIM not looked for
};

// Looks up and judges the SPF, DMARC and DKIM records of `domain`. When the DNS does not
// answer, one warning says so instead (the rest would fail the same way).
void CheckMailDomain(const std::string& domain, const MailDnsOptions& options,
                     DoctorReport& report);

}  // namespace pregon

#include "app/ops/mail_dns.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/email.h"
#include "core/text.h"

namespace pregon {
namespace {

// Records are shown in messages up to this long (a DKIM key is hundreds of bytes).
constexpr size_t kShownRecordBytes = 120;

// RFC 7208 §4.6.4: more DNS-querying terms than this make the record a permanent error.
constexpr int kSpfLookupLimit = 10;

std::string Shown(std::string_view record) {
  return "\"" + LogSafe(record, kShownRecordBytes) + "\"";
}

// Whether `record` starts with the version tag `version` (case-insensitively) followed by a
// space or its end, as SPF requires (RFC 7208 §4.5).
bool HasSpfVersion(std::string_view record) {
  constexpr std::string_view kVersion = "v=spf1";
  return record.size() >= kVersion.size() && AsciiLower(record.substr(0, 6)) == kVersion &&
         (record.size() == kVersion.size() || record[kVersion.size()] == ' ');
}

// The SPF terms that cost a DNS lookup at the record's top level (includes are not
// followed: the count is a lower bound of what receivers will count).
int SpfLookups(std::string_view record) {
  int lookups = 0;
  size_t at = 0;
  while (at < record.size()) {
    const size_t end = std::min(record.find(' ', at), record.size());
    std::string term = AsciiLower(record.substr(at, end - at));
    at = end + 1;
    if (!term.empty() && std::string_view("+-~?").find(term[0]) != std::string_view::npos)
      term.erase(0, 1);
    const std::string name = term.substr(0, term.find_first_of(":/="));
    if (name == "include" || name == "a" || name == "mx" || name == "ptr" || name == "exists" ||
        (name == "redirect" && term.find('=') != std::string::npos))
      ++lookups;
  }
  return lookups;
}

// Whether the record ends in "+all" / "all": every host on the internet may send.
bool SpfAllowsAll(std::string_view record) {
  const std::string lower = AsciiLower(record);
  for (std::string_view tail : {" all", " +all"})
    if (lower.size() >= tail.size() &&
        lower.compare(lower.size() - tail.size(), tail.size(), tail) == 0)
      return true;
  return false;
}

// The tag=value pairs of a DMARC or DKIM record ("v=DMARC1; p=none"), names lower-cased,
// values trimmed; a part without '=' is skipped.
std::vector<std::pair<std::string, std::string>> Tags(std::string_view record) {
  std::vector<std::pair<std::string, std::string>> tags;
  size_t at = 0;
  while (at <= record.size()) {
    const size_t end = std::min(record.find(';', at), record.size());
    const std::string_view part = record.substr(at, end - at);
    at = end + 1;
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    tags.emplace_back(AsciiLower(TrimAscii(part.substr(0, eq))),
                      std::string(TrimAscii(part.substr(eq + 1))));
  }
  return tags;
}

std::optional<std::string> TagValue(const std::vector<std::pair<std::string, std::string>>& tags,
                                    std::string_view name) {
  for (const auto& [tag, value] : tags)
    if (tag == name) return value;
  return std::nullopt;
}

// A DMARC record: its first tag is v=DMARC1, exactly (RFC 7489 §6.3).
bool IsDmarcRecord(std::string_view record) {
  const auto tags = Tags(record);
  return !tags.empty() && tags[0].first == "v" && tags[0].second == "DMARC1";
}

// The p= of a DKIM key record, or nullopt when the record is not one (no p=, or a v= that
// is not DKIM1 in first place). "" is a revoked key.
std::optional<std::string> DkimKey(std::string_view record) {
  const auto tags = Tags(record);
  if (const auto v = TagValue(tags, "v"); v && (tags[0].first != "v" || *v != "DKIM1"))
    return std::nullopt;
  return TagValue(tags, "p");
}

// "a, b, c", each name followed by `suffix`.
std::string Joined(const std::vector<std::string>& names, std::string_view suffix = "") {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n + std::string(suffix);
  return out;
}

}  // namespace

Finding JudgeSpf(std::string_view domain, const std::vector<std::string>& txt) {
  std::vector<std::string> spf;
  std::copy_if(txt.begin(), txt.end(), std::back_inserter(spf), HasSpfVersion);
  const std::string d(domain);
  if (spf.empty())
    return {CheckLevel::kWarning,
            "no SPF record (TXT \"v=spf1 ...\") at " + d +
                ": receivers cannot tell which servers may send as it; publish one naming your "
                "provider's (its setup guide gives the include:)"};
  if (spf.size() > 1)
    return {CheckLevel::kError,
            fmt::format("{} SPF records at {}: receivers then fail the SPF check of every "
                        "message (RFC 7208 §4.5); merge them into one ({} and {})",
                        spf.size(), d, Shown(spf[0]), Shown(spf[1]))};
  if (const int lookups = SpfLookups(spf[0]); lookups > kSpfLookupLimit)
    return {CheckLevel::kError,
            fmt::format("SPF record of {} makes {} DNS lookups, over the limit of {}: receivers "
                        "treat it as an error; flatten some include:s ({})",
                        d, lookups, kSpfLookupLimit, Shown(spf[0]))};
  if (SpfAllowsAll(spf[0]))
    return {CheckLevel::kWarning, "SPF record of " + d +
                                      " ends in \"+all\": any server may send as " + d +
                                      "; end it in \"~all\" or \"-all\" (" + Shown(spf[0]) + ")"};
  return {CheckLevel::kOk, "SPF " + Shown(spf[0])};
}

Finding JudgeDmarc(std::string_view domain, const std::vector<std::string>& txt) {
  std::vector<std::string> dmarc;
  std::copy_if(txt.begin(), txt.end(), std::back_inserter(dmarc), IsDmarcRecord);
  const std::string at = "_dmarc." + std::string(domain);
  if (dmarc.empty())
    return {CheckLevel::kWarning,
            "no DMARC record (TXT \"v=DMARC1; ...\") at " + at +
                ": Gmail and Yahoo require one of bulk senders; publish at least \"v=DMARC1; "
                "p=none; rua=mailto:dmarc-reports@" +
                std::string(domain) + "\""};
  if (dmarc.size() > 1)
    return {CheckLevel::kWarning,
            fmt::format("{} DMARC records at {}: receivers then ignore DMARC (RFC 7489 §6.6.3); "
                        "keep one",
                        dmarc.size(), at)};
  const auto tags = Tags(dmarc[0]);
  const std::string policy = AsciiLower(TagValue(tags, "p").value_or(""));
  const std::string reports =
      TagValue(tags, "rua") ? "" : " (no rua=: no aggregate reports reach you)";
  if (policy == "none")
    return {CheckLevel::kOk,
            "DMARC p=none: receivers only report and act on nothing that fails; "
            "move to p=quarantine or p=reject once the reports are clean" +
                reports};
  if (policy == "quarantine" || policy == "reject")
    return {CheckLevel::kOk, "DMARC p=" + policy + reports};
  return {CheckLevel::kWarning, "the DMARC record at " + at +
                                    " has no valid p= (none, quarantine or reject): receivers may "
                                    "ignore it (" +
                                    Shown(dmarc[0]) + ")"};
}

Finding JudgeDkim(std::string_view domain,
                  const std::vector<std::pair<std::string, std::vector<std::string>>>& keys) {
  std::vector<std::string> found, revoked, tried;
  for (const auto& [selector, records] : keys) {
    tried.push_back(selector);
    bool key = false, empty = false;
    for (const std::string& r : records) {
      const auto p = DkimKey(r);
      key = key || (p && !p->empty());
      empty = empty || (p && p->empty());
    }
    if (key)
      found.push_back(selector);
    else if (empty)
      revoked.push_back(selector);
  }
  const std::string at = "._domainkey." + std::string(domain);
  if (!found.empty())
    return {CheckLevel::kOk,
            (found.size() == 1 ? "DKIM key at " : "DKIM keys at ") + Joined(found, at)};
  if (!revoked.empty())
    return {CheckLevel::kWarning, "only revoked DKIM keys (p= empty) at " + Joined(revoked, at) +
                                      ": publish the key your provider signs with"};
  return {CheckLevel::kWarning,
          "no DKIM key at the selectors tried (" + Joined(tried) + ")" + at +
              ": if your provider signs with another selector, add it to PREGON_DKIM_SELECTORS; "
              "if it does not sign as " +
              std::string(domain) + ", set DKIM up with it"};
}

Result<std::vector<std::string>> ParseDkimSelectors(std::string_view list) {
  std::vector<std::string> selectors;
  if (TrimAscii(list).empty()) return selectors;
  size_t at = 0;
  while (at <= list.size()) {
    const size_t end = std::min(list.find(',', at), list.size());
    const std::string_view s = TrimAscii(list.substr(at, end - at));
    at = end + 1;
    const bool ok = !s.empty() && s.size() <= 63 && s.front() != '.' && s.back() != '.' &&
                    s.find("..") == std::string_view::npos &&
                    std::all_of(s.begin(), s.end(), [](char c) {
                      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                    });
    if (!ok)
      return Status::InvalidArgument(
          "PREGON_DKIM_SELECTORS must be a comma list of DKIM selectors (letters, digits, '-', "
          "'_', '.'), not one with '" +
          LogSafe(s, 40) + "'");
    selectors.emplace_back(s);
  }
  return selectors;
}

std::string MailDomainOf(std::string_view email) {
  const size_t at = email.rfind('@');
  return at == std::string_view::npos ? "" : AsciiLower(TrimAscii(email.substr(at + 1)));
}

namespace {

std::string LookupFailed(const std::string& name, const Status& st, const DnsOptions& dns) {
  return "cannot look up " + name + ": " + st.message() +
         (dns.server.empty() ? " (the system's resolver, /etc/resolv.conf)"
                             : " (PREGON_DNS_SERVER " + dns.server + ")");
}

void CheckDkim(const std::string& area, const std::string& domain, const MailDnsOptions& options,
               DoctorReport& report) {
  std::vector<std::pair<std::string, std::vector<std::string>>> keys;
  for (const std::string& selector : options.dkim_selectors) {
    const std::string name = selector + "._domainkey." + domain;
    auto records = LookupTxt(name, options.dns);
    if (!records.ok()) {
      report.Add(area, CheckLevel::kWarning, LookupFailed(name, records.status(), options.dns));
      return;
    }
    keys.emplace_back(selector, std::move(records).value());
  }
  report.Add(area, JudgeDkim(domain, keys));
}

}  // namespace

void CheckMailDomain(const std::string& domain, const MailDnsOptions& options,
                     DoctorReport& report) {
  const std::string area = "domain " + domain;
  if (std::any_of(domain.begin(), domain.end(), [](char c) { return c & 0x80; })) {
    report.Add(area, CheckLevel::kOk,
               "an internationalised domain: its SPF, DMARC and DKIM records are not checked "
               "here; look them up under its xn-- name");
    return;
  }
  auto spf = LookupTxt(domain, options.dns);
  if (!spf.ok()) {  // the other lookups would fail the same way: one line says it
    report.Add(
        area, CheckLevel::kWarning,
        LookupFailed(domain, spf.status(), options.dns) + ": SPF, DMARC and DKIM not checked");
    return;
  }
  report.Add(area, JudgeSpf(domain, *spf));
  const std::string dmarc_name = "_dmarc." + domain;
  if (auto dmarc = LookupTxt(dmarc_name, options.dns); dmarc.ok())
    report.Add(area, JudgeDmarc(domain, *dmarc));
  else
    report.Add(area, CheckLevel::kWarning, LookupFailed(dmarc_name, dmarc.status(), options.dns));
  if (options.dkim_selectors.empty())
    report.Add(area, CheckLevel::kOk, "DKIM not checked (PREGON_DKIM_SELECTORS is empty)");
  else
    CheckDkim(area, domain, options, report);
}

}  // namespace pregon

#include "app/ops/doctor.h"

#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "channels/channel_factory.h"
#include "exec/process.h"

namespace pregon {

bool CheckDatabase(Store& store, Clock& clock, DoctorReport& report) {
  auto version = store.SchemaVersion();
  if (!version.ok()) {
    report.Add("database", CheckLevel::kError,
               "cannot read the schema version: " + std::string(version.status().message()));
    return false;
  }
  const int latest = store.LatestSchemaVersion();
  if (*version < latest) {
    report.Add("database", CheckLevel::kError,
               fmt::format("schema version {} is behind this pregon's {}: run `pregon migrate`",
                           *version, latest));
    return false;
  }
  if (*version > latest) {
    report.Add("database", CheckLevel::kError,
               fmt::format("schema version {} is newer than this pregon's {}: a newer pregon "
                           "migrated it; upgrade this node",
                           *version, latest));
    return false;
  }
  // A write that changes nothing that matters: expired sessions and old keys go.
  const Timestamp now = clock.Now();
  auto purged = store.PurgeExpired(now, now - Millis(7LL * 24 * 3'600'000));
  if (!purged.ok()) {
    report.Add("database", CheckLevel::kError,
               "reachable but refuses writes: " + std::string(purged.status().message()));
    return false;
  }
  report.Add("database", CheckLevel::kOk,
             fmt::format("reachable, schema version {} (current), takes writes", latest));
  return true;
}

void CheckSenders(SenderStore& store, const SenderCheckOptions& options, DoctorReport& report) {
  auto senders = store.ListSenders();
  if (!senders.ok()) {
    report.Add("senders", CheckLevel::kError, std::string(senders.status().message()));
    return;
  }
  if (senders->empty())
    report.Add("senders", CheckLevel::kWarning, "no sender yet: add one with `pregon sender add`");
  std::vector<std::string> mail_domains;  // in the order senders name them, each once
  for (const Sender& s : *senders) {
    const std::string area = "sender " + s.name;
    if (Status st = ValidateSenderForChannel(s); !st.ok()) {
      report.Add(area, CheckLevel::kError, std::string(st.message()));
      continue;
    }
    CheckProvider(area, s, options.provider, report);
    const bool sends_mail = s.kind == ChannelKind::kRelay || s.kind == ChannelKind::kSmtp;
    const std::string domain = MailDomainOf(s.from_email);
    if (sends_mail && !domain.empty() &&
        std::find(mail_domains.begin(), mail_domains.end(), domain) == mail_domains.end())
      mail_domains.push_back(domain);
  }
  if (!options.check_mail_dns) return;
  for (const std::string& domain : mail_domains) CheckMailDomain(domain, options.mail_dns, report);
}

void CheckDisk(const std::string& dir, DoctorReport& report) {
  std::filesystem::path p = std::filesystem::absolute(dir);
  while (!p.empty() && !std::filesystem::exists(p) && p != p.root_path()) p = p.parent_path();
  struct statvfs v {};
  if (statvfs(p.c_str(), &v) != 0) {
    report.Add("disk", CheckLevel::kWarning, "cannot read the free space of " + p.string());
    return;
  }
  const double free_gib =
      static_cast<double>(v.f_bavail) * static_cast<double>(v.f_frsize) / (1024.0 * 1024 * 1024);
  const std::string found =
      fmt::format("{:.1f} GiB free at {} (reports are kept there)", free_gib, p.string());
  if (free_gib < 0.1)
    report.Add("disk", CheckLevel::kError, found + ": free some space");
  else if (free_gib < 1)
    report.Add("disk", CheckLevel::kWarning, found + ": less than 1 GiB");
  else
    report.Add("disk", CheckLevel::kOk, found);
}

void CheckClock(Clock& clock, DoctorReport& report) {
  const char* tool = "/usr/bin/timedatectl";
  if (access(tool, X_OK) != 0) {
    report.Add("clock", CheckLevel::kOk, "no timedatectl here: synchronisation not checked");
    return;
  }
  ProcessSpec spec;
  spec.argv = {tool, "show", "-p", "NTPSynchronized", "--value"};
  spec.timeout = Millis(5000);
  auto r = RunProcess(spec, clock, Millis(100), [] { return true; });
  std::string out = r.ok() ? r->output : "";
  out.erase(out.find_last_not_of(" \n") + 1);
  if (!r.ok() || !r->ok() || (out != "yes" && out != "no")) {
    report.Add("clock", CheckLevel::kOk,
               "the system does not say whether the clock is synchronised (no systemd?)");
  } else if (out == "no") {
    report.Add("clock", CheckLevel::kWarning,
               "the system clock is not synchronised (NTP): leases and schedules across nodes "
               "assume clocks agree; enable systemd-timesyncd or chrony");
  } else {
    report.Add("clock", CheckLevel::kOk, "synchronised (NTP)");
  }
}

}  // namespace pregon

#include "app/ops/doctor.h"

#include <fmt/format.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "channels/channel_factory.h"
#include "core/enum_names.h"
#include "exec/process.h"
#include "net/tcp_probe.h"

namespace pregon {

std::string_view CheckLevelName(CheckLevel l) {
  static constexpr EnumNames<CheckLevel, 3> kLevels = {
      {{CheckLevel::kOk, "ok"}, {CheckLevel::kWarning, "warning"}, {CheckLevel::kError, "error"}}};
  return NameIn(kLevels, l);
}

void DoctorReport::Add(std::string area, CheckLevel level, std::string message) {
  checks_.push_back({std::move(area), level, std::move(message)});
}

CheckLevel DoctorReport::worst() const {
  CheckLevel w = CheckLevel::kOk;
  for (const auto& c : checks_) w = std::max(w, c.level);
  return w;
}

int DoctorReport::count(CheckLevel level) const {
  return static_cast<int>(
      std::count_if(checks_.begin(), checks_.end(), [&](auto& c) { return c.level == level; }));
}

void CheckDatabase(Store& store, Clock& clock, DoctorReport& report) {
  auto version = store.SchemaVersion();
  if (!version.ok()) {
    report.Add("database", CheckLevel::kError,
               "cannot read the schema version: " + std::string(version.status().message()));
    return;
  }
  const int latest = store.LatestSchemaVersion();
  if (*version < latest) {
    report.Add("database", CheckLevel::kError,
               fmt::format("schema version {} is behind this pregon's {}: run `pregon migrate`",
                           *version, latest));
    return;
  }
  if (*version > latest) {
    report.Add("database", CheckLevel::kError,
               fmt::format("schema version {} is newer than this pregon's {}: a newer pregon "
                           "migrated it; upgrade this node",
                           *version, latest));
    return;
  }
  // A write that changes nothing that matters: expired sessions and old keys go.
  const Timestamp now = clock.Now();
  auto purged = store.PurgeExpired(now, now - Millis(7LL * 24 * 3'600'000));
  if (!purged.ok()) {
    report.Add("database", CheckLevel::kError,
               "reachable but refuses writes: " + std::string(purged.status().message()));
    return;
  }
  report.Add("database", CheckLevel::kOk,
             fmt::format("reachable, schema version {} (current), takes writes", latest));
}

namespace {

void CheckReachable(const std::string& area, const std::string& url, Millis timeout,
                    DoctorReport& report) {
  std::string host;
  int port = 0;
  if (Status st = HostPortOf(url, &host, &port); !st.ok()) {
    report.Add(area, CheckLevel::kError, std::string(st.message()));
    return;
  }
  if (Status st = ProbeTcp(host, port, timeout); !st.ok()) {
    report.Add(area, CheckLevel::kError,
               std::string(st.message()) + " (check the address, the firewall and DNS)");
    return;
  }
  report.Add(area, CheckLevel::kOk, fmt::format("{}:{} accepts connections", host, port));
}

void CheckOutbox(const std::string& area, const std::string& path, DoctorReport& report) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (access(dir.c_str(), W_OK) != 0) {
    report.Add(area, CheckLevel::kError, "cannot write its outbox directory " + dir.string());
    return;
  }
  report.Add(area, CheckLevel::kOk, "writes its outbox to " + path);
}

}  // namespace

void CheckSenders(SenderStore& store, Millis timeout, DoctorReport& report) {
  auto senders = store.ListSenders();
  if (!senders.ok()) {
    report.Add("senders", CheckLevel::kError, std::string(senders.status().message()));
    return;
  }
  if (senders->empty())
    report.Add("senders", CheckLevel::kWarning, "no sender yet: add one with `pregon sender add`");
  for (const Sender& s : *senders) {
    const std::string area = "sender " + s.name;
    if (Status st = ValidateSenderForChannel(s); !st.ok()) {
      report.Add(area, CheckLevel::kError, std::string(st.message()));
      continue;
    }
    switch (s.kind) {
      case ChannelKind::kRelay:
        CheckReachable(area, s.base_url, timeout, report);
        break;
      case ChannelKind::kTelegram:
        CheckReachable(area, s.base_url.empty() ? "https://api.telegram.org" : s.base_url, timeout,
                       report);
        break;
      case ChannelKind::kSmtp:
        CheckReachable(area, s.smtp_url, timeout, report);
        break;
      case ChannelKind::kSandbox:
        if (s.base_url.rfind("http", 0) == 0)
          CheckReachable(area, s.base_url, timeout, report);
        else
          CheckOutbox(area, s.base_url.empty() ? "outbox.jsonl" : s.base_url, report);
        break;
    }
  }
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

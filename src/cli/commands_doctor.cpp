// pregon doctor [--json] [--timeout 3s]: what is wrong with this installation, before a send
// fails — the configuration (unknown or invalid settings, the secret key, the public URL),
// the database and its settings, each sender's provider (SMTP TLS and login, the Telegram
// bot, nothing sent), the SPF/DMARC/DKIM records of the domains mail is sent from, the disk
// and the clock (app/ops/doctor.h). One line per check, ok / warning / error with what to do;
// exit 1 when any is an error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "app/ops/doctor.h"
#include "cli/context.h"

extern char** environ;

namespace pregon::cli {
namespace {

// Settings given that pregon does not know: a typo silently falls back to the default.
void CheckUnknownSettings(DoctorReport& report) {
  std::set<std::string> known;
  for (const Setting& s : AllSettings()) known.insert(s.env);
  std::set<std::string> unknown;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const std::string name(entry.substr(0, entry.find('=')));
    if (name.rfind("PREGON_", 0) == 0 && !known.count(name))
      unknown.insert(name + " (environment)");
  }
  if (std::ifstream in(".env"); in) {
    std::ostringstream text;
    text << in.rdbuf();
    if (auto entries = Config::ParseDotenv(text.str()); entries.ok())
      for (const auto& [name, value] : *entries)
        if (!known.count(name) && name != "PATH") unknown.insert(name + " (.env)");
  }
  for (const std::string& u : unknown)
    report.Add("config", CheckLevel::kWarning,
               u + " is not a setting pregon knows (a typo?): it is ignored; see pregon --help");
}

// How the mail domains' DNS records are looked up: PREGON_DNS_SERVER, PREGON_DKIM_SELECTORS.
Result<MailDnsOptions> MailDnsOptionsFrom(const Config& config, Millis timeout) {
  MailDnsOptions options;
  options.dns.server = config.Get("PREGON_DNS_SERVER");
  options.dns.timeout = timeout;
  PREGON_RETURN_IF_ERROR(ValidateDnsServer(options.dns.server));
  PREGON_ASSIGN_OR_RETURN(options.dkim_selectors,
                          ParseDkimSelectors(config.Get("PREGON_DKIM_SELECTORS")));
  return options;
}

// The PostgreSQL connections pregon's processes open, as Context::store() sizes their pools
// (PREGON_PG_POOL_SIZE, or worker threads + 2, plus the HTTP server's in `serve`), each plus
// the connection that LISTENs (docs/SCALING.md).
Result<PoolNeeds> PoolNeedsFrom(const Config& config) {
  PREGON_ASSIGN_OR_RETURN(const int pool, IntSetting("PREGON_PG_POOL_SIZE",
                                                     config.Get("PREGON_PG_POOL_SIZE"), 0, 1000));
  if (pool > 0) return PoolNeeds{pool + 1, pool + 1, fmt::format("PREGON_PG_POOL_SIZE={}", pool)};
  PREGON_ASSIGN_OR_RETURN(
      const int threads,
      IntSetting("PREGON_WORKER_CONCURRENCY", config.Get("PREGON_WORKER_CONCURRENCY"), 0, 256));
  return PoolNeeds{threads + 2 + 1, threads + 2 + kServeHttpPgConnections + 1,
                   fmt::format("PREGON_PG_POOL_SIZE=0: {} worker threads + 2, {} more in `serve`",
                               threads, kServeHttpPgConnections)};
}

void CheckConfig(Config& config, DoctorReport& report) {
  CheckUnknownSettings(report);
  if (auto dns = MailDnsOptionsFrom(config, Millis(1000)); !dns.ok())
    report.Add("config", CheckLevel::kError, dns.status().message());
  auto engine = EngineOptionsFrom(config);
  if (!engine.ok()) {
    report.Add("config", CheckLevel::kError, std::string(engine.status().message()));
    return;
  }
  if (auto http = HttpOptionsFrom(config, *engine); !http.ok())
    report.Add("config", CheckLevel::kError, std::string(http.status().message()));
  for (const char* keep : {"PREGON_KEEP_EVENTS", "PREGON_KEEP_TRACKING"})
    if (auto age = RetentionSetting(keep, config.Get(keep)); !age.ok())
      report.Add("config", CheckLevel::kError, std::string(age.status().message()));
  if (config.Get("PREGON_SECRET_KEY").empty())
    report.Add("config", CheckLevel::kWarning,
               "PREGON_SECRET_KEY is not set: no tracking or one-click unsubscribe links, no "
               "secret job parameters (openssl rand -hex 32; the same on every node)");
  if (engine->tracking.public_url.empty())
    report.Add("config", CheckLevel::kWarning,
               "PREGON_PUBLIC_URL is not set: e-mails carry no open pixel, tracked links or "
               "one-click unsubscribe URL (Gmail and Yahoo require one-click for bulk mail)");
  if (report.count(CheckLevel::kError) == 0)
    report.Add("config", CheckLevel::kOk,
               fmt::format("settings valid (database {})",
                           config.SourceOf("DATABASE_URL") == "default"
                               ? "sqlite://pregon.db, the default"
                               : "from " + config.SourceOf("DATABASE_URL")));
}

// What the sender checks use; mail DNS is not checked when its settings are invalid
// (CheckConfig has said so).
SenderCheckOptions SenderOptionsFrom(const Config& config, Millis timeout) {
  SenderCheckOptions options;
  options.provider.timeout = timeout;
  options.provider.ca_file = config.Get("PREGON_CA_FILE");
  auto dns = MailDnsOptionsFrom(config, timeout);
  options.check_mail_dns = dns.ok();
  if (dns.ok()) options.mail_dns = std::move(dns).value();
  return options;
}

void Print(const DoctorReport& report) {
  for (const DoctorCheck& c : report.checks())
    std::cout << fmt::format("{:<8} {:<20} {}\n", CheckLevelName(c.level), c.area, c.message);
  const int errors = report.count(CheckLevel::kError);
  const int warnings = report.count(CheckLevel::kWarning);
  std::cout << fmt::format("{} error{}, {} warning{}\n", errors, errors == 1 ? "" : "s", warnings,
                           warnings == 1 ? "" : "s");
}

nlohmann::json Json(const DoctorReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const DoctorCheck& c : report.checks())
    checks.push_back(
        {{"area", c.area}, {"level", CheckLevelName(c.level)}, {"message", c.message}});
  return {{"checks", checks},
          {"worst", CheckLevelName(report.worst())},
          {"errors", report.count(CheckLevel::kError)},
          {"warnings", report.count(CheckLevel::kWarning)}};
}

}  // namespace

void AddDoctorCommand(CLI::App& app, Context& ctx) {
  auto timeout = std::make_shared<std::string>("3s");
  auto* cmd = app.add_subcommand(
      "doctor", "check the configuration, database, senders, disk and clock: ok/warning/error");
  cmd->add_flag("--json", ctx.json, "print {\"checks\": [...], \"worst\", ...}");
  cmd->add_option("--timeout", *timeout,
                  "how long to wait for each provider's and DNS server's answer (default 3s)");
  cmd->callback([&ctx, timeout] {
    ctx.action = [&ctx, timeout]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Millis wait, FlagDuration("--timeout", *timeout));
      DoctorReport report;
      CheckConfig(ctx.config(), report);
      if (auto store = ctx.store(); !store.ok()) {
        report.Add("database", CheckLevel::kError, std::string(store.status().message()));
      } else {
        // The pool settings were read when the store opened: only a bug makes them unreadable.
        if (CheckDatabase(**store, ctx.clock(), report))
          if (auto needs = PoolNeedsFrom(ctx.config()); needs.ok())
            CheckDatabaseSettings(**store, *needs, report);
        CheckSenders(**store, SenderOptionsFrom(ctx.config(), wait), report);
      }
      CheckDisk(ctx.config().Get("PREGON_DATA_DIR"), report);
      CheckClock(ctx.clock(), report);
      ctx.Print(Json(report), [&] { Print(report); });
      if (const int errors = report.count(CheckLevel::kError); errors > 0)
        return Status::FailedPrecondition(
            fmt::format("doctor found {} error{}", errors, errors == 1 ? "" : "s"));
      return Status::Ok();
    };
  });
}

}  // namespace pregon::cli

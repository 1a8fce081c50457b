// Context: what every command shares — resolved settings, the clock, the store (opened on
// first use), and how to print results.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "app/ops/retention_job.h"
#include "app/slots/secret_box.h"
#include "channels/channel_factory.h"
#include "cli/config.h"
#include "core/clock.h"
#include "engine/engine.h"
#include "http/http_options.h"
#include "store/store.h"

namespace CLI {
class App;
}

namespace pregon::cli {

// Connections the HTTP server of `serve` may hold on a PostgreSQL pool besides the workers'
// (Context::extra_pg_connections; doctor counts them too).
inline constexpr int kServeHttpPgConnections = 4;

class Context {
 public:
  explicit Context(Config config) : config_(std::move(config)) {}

  Config& config() { return config_; }
  Clock& clock() { return clock_; }

  // Opens the store named by DATABASE_URL; unless `for_migrate`, also checks that the schema
  // is current (telling the operator to run `pregon migrate` otherwise).
  Result<Store*> store(bool for_migrate = false);
  // The analytics database (ANALYTICS_DATABASE_URL), opened and migrated on first use: the
  // second place provider reports may be loaded into. FailedPrecondition when none is set.
  Result<ReportTableStore*> analytics_store();

  // PostgreSQL connections opened beyond the workers' (the HTTP server's, in `serve`).
  int extra_pg_connections = 0;

  bool json = false;  // --json given
  // Prints `j` as one line when --json, else calls `human`.
  void Print(const nlohmann::json& j, const std::function<void()>& human) const;

  // The command to run after parsing (set by the subcommand's callback).
  std::function<Status()> action;

 private:
  Config config_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> analytics_;
};

// Parses a duration flag, naming the flag in the error.
Result<Millis> FlagDuration(const std::string& flag, const std::string& value);

// The provider settings (timeouts, unsubscribe base URL) for channels a command opens.
Result<ChannelSettings> ChannelSettingsFrom(const Config& config);
// PREGON_PUBLIC_URL, checked (core/url.h ParsePublicBaseUrl); "" when not set.
Result<std::string> PublicUrlFrom(const Config& config);
// What e-mails carry for tracking (PREGON_PUBLIC_URL, PREGON_TRACKING), with the signer and
// unsubscribe base of `channel`.
Result<TrackingSettings> TrackingSettingsFrom(const Config& config, const ChannelSettings& channel);

// PREGON_SLOT_PENDING_FACTOR: a number from 0 to 10.
Result<double> PendingFactorFrom(const Config& config);

// PREGON_SECRET_KEY's box (job parameters' secrets), or nullopt when it is not set.
Result<std::optional<SecretBox>> SecretBoxFrom(const Config& config);

// A whole-number setting from min to max, naming it in the error.
Result<int> IntSetting(const std::string& name, const std::string& value, int min, int max);

// The engine settings of `worker` and `serve` (concurrency, lease TTL, timeouts...).
Result<EngineOptions> EngineOptionsFrom(Config& config);
// The HTTP settings of `serve` (listen address, limits, tracking, webhooks...).
Result<http::HttpOptions> HttpOptionsFrom(Config& config, const EngineOptions& engine);
// Logs what the engine did (and prints it as JSON with --json).
void PrintEngineSummary(const Context& ctx, const EngineStats& stats, double seconds);

// A byte count: "1048576", "512KiB", "16MiB", "1GiB" (also K, M, G), naming the setting.
Result<size_t> ByteSizeSetting(const std::string& name, const std::string& value);

// The provider-report work `serve` and `worker` run beside the engine, ready to AddJob.
struct ReportJobs;
Result<std::shared_ptr<ReportJobs>> MakeReportJobs(Context& ctx, Store& store, Engine& engine);
// The hour-slot work `serve` and `worker` run beside the engine: the hourly trigger (added to
// the engine) and the job threads, started now and stopped (their jobs killed, their units
// given back) when the result is destroyed — after the engine's run.
struct SlotJobs;
Result<std::shared_ptr<SlotJobs>> MakeSlotJobs(Context& ctx, Store& store, Engine& engine,
                                               const EngineOptions& options);

// The automatic prune (PREGON_KEEP_EVENTS, PREGON_KEEP_TRACKING) `serve` and `worker` run
// beside the engine, added to it; null when both are off. It must outlive the engine's run.
Result<std::unique_ptr<RetentionJob>> MakeRetentionJob(Context& ctx, Store& store, Engine& engine);

// Registration of each command group (one file each).
void AddAdminCommands(CLI::App& app, Context& ctx);                 // migrate, process-scheduled
void AddAudienceCommands(CLI::App& app, Context& ctx);              // sender, contacts
void AddCampaignCommands(CLI::App& app, Context& ctx);              // campaign ...
void AddCampaignMessageCommands(CLI::App& campaign, Context& ctx);  // campaign preview|test
void AddDoctorCommand(CLI::App& app, Context& ctx);                 // pregon doctor
void AddKeepCommands(CLI::App& app, Context& ctx);                  // pregon backup|restore|prune
// campaign engagement|recipients (pregon's own tracking)
void AddCampaignEngagementCommands(CLI::App& campaign, Context& ctx);

// Writes a paged CSV export (Next() until done()) to `out`.
template <typename Export>
Status WriteExport(Export& e, std::ostream& out) {
  while (!e.done()) {
    PREGON_ASSIGN_OR_RETURN(std::string piece, e.Next());
    out << piece;
    if (!out) return Status::Internal("writing the export failed");
  }
  out.flush();
  if (!out) return Status::Internal("writing the export failed");
  return Status::Ok();
}
void AddSuppressionCommands(CLI::App& app, Context& ctx);   // suppression ...
void AddReportCommands(CLI::App& app, Context& ctx);        // report ..., process-reports-pending
void AddSlotCommands(CLI::App& app, Context& ctx);          // slot, limiter, job, reservation, run
void AddEngineCommands(CLI::App& app, Context& ctx);        // worker, sandbox
void AddServeCommand(CLI::App& app, Context& ctx);          // serve
void AddUserAndTokenCommands(CLI::App& app, Context& ctx);  // user, token

}  // namespace pregon::cli

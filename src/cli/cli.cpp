#include "cli/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.h"
#include "cli/flag_names.h"
#include "cli/json_log_formatter.h"
#include "core/text.h"
#include "core/version.h"

namespace pregon::cli {

namespace {

int ExitCodeFor(const Status& s) {
  if (s.ok()) return 0;
  return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

Status SetUpLogging(const std::string& level, const std::string& format) {
  if (format != "text" && format != "json")
    return Status::InvalidArgument("PREGON_LOG_FORMAT must be text or json, not '" +
                                   LogSafe(format, 20) + "'");
  // Logs go to stderr: stdout is reserved for command output (--json).
  if (format == "json") {
    auto logger = spdlog::stderr_logger_mt("pregon");
    logger->set_formatter(std::make_unique<JsonLogFormatter>());
    spdlog::set_default_logger(logger);
  } else {
    auto logger = spdlog::stderr_color_mt("pregon");
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<RequestIdFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v%*");
    logger->set_formatter(std::move(formatter));
    spdlog::set_default_logger(logger);
  }
  spdlog::set_level(spdlog::level::from_str(level));
  return Status::Ok();
}

}  // namespace

int Run(int argc, char** argv) {
  auto config = Config::Load(".env", GetEnv);
  if (!config.ok()) {
    std::cerr << "pregon: error: " << config.status().message() << "\n";
    return 2;
  }
  Context ctx(std::move(config).value());

  CLI::App app{"pregon — durable campaign dispatch: bulk e-mail and Telegram broadcasts", "pregon"};
  app.require_subcommand(1);
  app.fallthrough();  // --db and --log-level also work after the command name
  app.footer(SettingsHelp());
  std::string db, log_level;
  app.add_option("--db", db, "database URL (DATABASE_URL)");
  app.add_option("--log-level", log_level, "log level (PREGON_LOG_LEVEL)");
  app.set_version_flag("--version", "pregon " + std::string(kPregonVersion));
  AddAdminCommands(app, ctx);
  AddAudienceCommands(app, ctx);
  AddCampaignCommands(app, ctx);
  AddSuppressionCommands(app, ctx);
  AddReportCommands(app, ctx);
  AddSlotCommands(app, ctx);
  AddEngineCommands(app, ctx);
  AddDoctorCommand(app, ctx);
  AddKeepCommands(app, ctx);
  AddServeCommand(app, ctx);
  AddUserAndTokenCommands(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::cerr << "pregon: error: " << e.what() << " (see pregon --help)\n";
    return 2;
  }
  if (!db.empty()) ctx.config().SetFlag("DATABASE_URL", db);
  if (!log_level.empty()) ctx.config().SetFlag("PREGON_LOG_LEVEL", log_level);
  if (Status st =
          SetUpLogging(ctx.config().Get("PREGON_LOG_LEVEL"), ctx.config().Get("PREGON_LOG_FORMAT"));
      !st.ok()) {
    std::cerr << "pregon: error: " << st.message() << "\n";
    return 2;
  }
  if (!ctx.action) return 0;
  Status st = ctx.action();
  if (!st.ok()) std::cerr << "pregon: error: " << CliMessage(st) << "\n";
  return ExitCodeFor(st);
}

}  // namespace pregon::cli

// pregon backup FILE | restore FILE [--force] | prune [--events-older-than 90d]
//        [--tracking-older-than 180d]: keeping an installation's data.
//   backup   SQLite: a consistent copy taken while serve and workers keep sending (online
//            backup API), mode 0600; PostgreSQL: says which pg_dump command to run.
//   restore  SQLite: checks the file (integrity, a pregon schema this binary knows), then
//            replaces the database with it; the target must not be in use (--force when it
//            exists). A restored older schema is migrated by the next `pregon migrate`.
//   prune    deletes campaign events and hourly tracking counts and bounce rows older than
//            the given ages, in small batches (per-delivery engagement stays).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/context.h"
#include "store/sqlite/sqlite_backup.h"
#include "store/store_factory.h"

namespace pregon::cli {
namespace {

void AddBackup(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("backup", "a consistent copy of the database, taken live");
  cmd->add_option("file", *file, "the new file to write (must not exist)")->required();
  cmd->callback([&ctx, file] {
    ctx.action = [&ctx, file]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->BackupTo(*file));
      std::cerr << fmt::format("backup written to {} ({} bytes, schema version {})\n", *file,
                               std::filesystem::file_size(*file), store->LatestSchemaVersion());
      return Status::Ok();
    };
  });
}

void AddRestore(CLI::App& app, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("restore", "replace the SQLite database with a backup");
  cmd->add_option("file", *file, "a file `pregon backup` wrote")->required();
  cmd->add_flag("--force", *force, "replace an existing database (stop serve and workers first)");
  cmd->callback([&ctx, file, force] {
    ctx.action = [&ctx, file, force]() -> Status {
      const std::string url = ctx.config().Get("DATABASE_URL");
      auto target = SqlitePathFromUrl(url);
      if (!target.ok())
        return Status::FailedPrecondition(
            "restore works on SQLite; on PostgreSQL use pg_restore --clean "
            "--dbname=\"$DATABASE_URL\" FILE");
      const int latest = store::LatestSqliteSchemaVersion();
      PREGON_ASSIGN_OR_RETURN(const int version, store::CheckSqliteBackup(*file));
      if (std::filesystem::exists(*target) && !*force)
        return Status::FailedPrecondition(
            *target +
            " exists: stop pregon serve and every worker using it, then run again "
            "with --force to replace it");
      PREGON_RETURN_IF_ERROR(store::RestoreSqliteBackup(*file, *target));
      std::cerr << fmt::format("restored {} into {} (schema version {}{})\n", *file, *target,
                               version, version < latest ? ": run `pregon migrate` next" : "");
      return Status::Ok();
    };
  });
}

void AddPrune(CLI::App& app, Context& ctx) {
  auto events = std::make_shared<std::string>("90d");
  auto tracking = std::make_shared<std::string>("180d");
  auto* cmd = app.add_subcommand(
      "prune", "delete old campaign events, hourly tracking counts and bounce rows");
  cmd->add_option("--events-older-than", *events, "campaign events older than this (default 90d)");
  cmd->add_option("--tracking-older-than", *tracking,
                  "hourly opens/clicks and bounce/complaint rows older than this (default 180d)");
  cmd->add_flag("--json", ctx.json, "print what was deleted as JSON");
  cmd->callback([&ctx, events, tracking] {
    ctx.action = [&ctx, events, tracking]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Millis events_age, FlagDuration("--events-older-than", *events));
      PREGON_ASSIGN_OR_RETURN(Millis tracking_age,
                              FlagDuration("--tracking-older-than", *tracking));
      if (events_age < kShortestRetention || tracking_age < kShortestRetention)
        return Status::InvalidArgument("prune keeps at least a day: give ages of 1d or more");
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      const Timestamp now = ctx.clock().Now();
      PREGON_ASSIGN_OR_RETURN(PruneCounts n, store->Prune(now - events_age, now - tracking_age));
      ctx.Print(
          {{"events", n.events}, {"tracking_hours", n.tracking_hours}, {"feedback", n.feedback}},
          [&] {
            std::cout << fmt::format(
                "deleted {} campaign events, {} hourly tracking counts, {} bounce and "
                "complaint rows\n",
                n.events, n.tracking_hours, n.feedback);
          });
      return Status::Ok();
    };
  });
}

}  // namespace

Result<std::unique_ptr<RetentionJob>> MakeRetentionJob(Context& ctx, Store& store, Engine& engine) {
  RetentionOptions options;
  PREGON_ASSIGN_OR_RETURN(
      options.keep_events,
      RetentionSetting("PREGON_KEEP_EVENTS", ctx.config().Get("PREGON_KEEP_EVENTS")));
  PREGON_ASSIGN_OR_RETURN(
      options.keep_tracking,
      RetentionSetting("PREGON_KEEP_TRACKING", ctx.config().Get("PREGON_KEEP_TRACKING")));
  if (!options.enabled()) return std::unique_ptr<RetentionJob>();
  auto job = std::make_unique<RetentionJob>(store, ctx.clock(), options);
  engine.AddJob(*job);
  return job;
}

void AddKeepCommands(CLI::App& app, Context& ctx) {
  AddBackup(app, ctx);
  AddRestore(app, ctx);
  AddPrune(app, ctx);
}

}  // namespace pregon::cli

// pregon migrate, pregon process-scheduled.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/context.h"
#include "engine/scheduler.h"

namespace pregon::cli {

void AddAdminCommands(CLI::App& app, Context& ctx) {
  auto* migrate = app.add_subcommand("migrate", "create or upgrade the database schema");
  migrate->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store(/*for_migrate=*/true));
      PREGON_ASSIGN_OR_RETURN(int before, store->SchemaVersion());
      PREGON_RETURN_IF_ERROR(store->Migrate());
      int after = store->LatestSchemaVersion();
      if (before == after)
        std::cerr << "database schema is current (version " << after << ")\n";
      else
        std::cerr << "database schema migrated from version " << before << " to " << after << "\n";
      return Status::Ok();
    };
  });

  auto* scheduled = app.add_subcommand(
      "process-scheduled",
      "one scheduler pass: due scheduled campaigns → queued → started; expired leases rescued; "
      "finished campaigns finalised (for cron)");
  scheduled->add_flag("--json", ctx.json, "print the pass report as JSON");
  scheduled->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      EngineOptions options;
      Scheduler scheduler(*store, *store, ctx.clock(), options);
      PREGON_ASSIGN_OR_RETURN(PassReport r, scheduler.RunPass());
      nlohmann::json j = {{"promoted", r.promoted},
                          {"started", r.started},
                          {"rescued", r.rescued},
                          {"parked", r.parked},
                          {"finalized", r.finalized}};
      ctx.Print(j, [&] {
        std::cout << "promoted " << r.promoted << ", started " << r.started << ", rescued "
                  << r.rescued << ", parked " << r.parked << ", finalised " << r.finalized << "\n";
      });
      return Status::Ok();
    };
  });
}

}  // namespace pregon::cli

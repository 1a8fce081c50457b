// pregon slot list|capacity, limiter set|list, job define|list, reservation
// create|cancel|list, trigger-slot, run status: hour slots and their runs (DESIGN §1.5).
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/slots/job_params.h"
#include "app/slots/slot_json.h"
#include "app/slots/slot_runs.h"
#include "app/slots/slot_workers.h"
#include "cli/context.h"
#include "core/text.h"
#include "core/time_format.h"
#include "engine/engine.h"

namespace pregon::cli {

namespace {

Result<std::string> SlotZone(Context& ctx) {
  std::string zone = ctx.config().Get("PREGON_SLOT_TZ");
  if (!ValidateTimeZone(zone).ok())
    return Status::InvalidArgument("PREGON_SLOT_TZ: '" + zone +
                                   "' is not a time zone (use an IANA name such as "
                                   "America/Bogota)");
  return zone;
}

// --param NAME=VALUE... and --secret NAME... (values from standard input, a line each) as the
// parameters to store, secret ones sealed.
Result<std::vector<JobParam>> ParamsFrom(Context& ctx, const std::vector<std::string>& plain,
                                         const std::vector<std::string>& secret_names) {
  std::vector<JobParam> out;
  for (const std::string& p : plain) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos)
      return Status::InvalidArgument("--param takes NAME=VALUE, not '" + LogSafe(p, 64) + "'");
    out.push_back({p.substr(0, eq), p.substr(eq + 1), false});
  }
  PREGON_ASSIGN_OR_RETURN(auto box, SecretBoxFrom(ctx.config()));
  if (!secret_names.empty() && !box)  // said before standard input is waited on
    return Status::InvalidArgument(
        "--secret needs PREGON_SECRET_KEY (64 hex digits) to seal the value with");
  for (const std::string& name : secret_names) {
    std::string value;
    if (!std::getline(std::cin, value))
      return Status::InvalidArgument("--secret " + LogSafe(name, 64) +
                                     ": no line for its value on standard input");
    if (!value.empty() && value.back() == '\r') value.pop_back();
    out.push_back({name, std::move(value), true});
  }
  return SealJobParams(std::move(out), box, "--param");
}

void AddSlotListCommands(CLI::App& app, Context& ctx) {
  auto* slot = app.add_subcommand("slot", "hour slots clients reserve: list, capacity");
  slot->require_subcommand(1);
  auto* list = slot->add_subcommand("list", "the 24 slots with their reservations");
  list->add_flag("--json", ctx.json, "print {\"slots\": [...]}");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto slots, store->ListSlots());
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& s : slots) arr.push_back(SlotJson(s));
      ctx.Print({{"slots", arr}}, [&] {
        for (const auto& s : slots)
          std::cout << HourLabel(s.hour) << "\t" << s.current_users << "/" << s.max_users
                    << (s.bookable ? "" : "\tnot bookable") << "\n";
      });
      return Status::Ok();
    };
  });

  struct Capacity {
    int hour = -1;
    int max_users = -1;
    std::string bookable;
  };
  auto f = std::make_shared<Capacity>();
  auto* capacity = slot->add_subcommand("capacity", "set how many users an hour holds");
  capacity->add_option("--hour", f->hour, "0-23, in PREGON_SLOT_TZ")->required();
  capacity->add_option("--max-users", f->max_users, "capacity, in reservation weights")->required();
  capacity->add_option("--bookable", f->bookable, "yes | no (default: unchanged)");
  capacity->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_RETURN_IF_ERROR(CheckHour("--hour", f->hour));
      if (!f->bookable.empty() && f->bookable != "yes" && f->bookable != "no")
        return Status::InvalidArgument("--bookable must be yes or no");
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto slots, store->ListSlots());
      const bool bookable = f->bookable.empty() ? slots[f->hour].bookable : f->bookable == "yes";
      PREGON_RETURN_IF_ERROR(store->SetSlot(f->hour, f->max_users, bookable));
      std::cout << HourLabel(f->hour) << " holds " << f->max_users << " users"
                << (bookable ? "" : " (not bookable)") << "\n";
      return Status::Ok();
    };
  });
}

void AddLimiterCommands(CLI::App& app, Context& ctx) {
  auto* limiter = app.add_subcommand("limiter", "global limits on heavy work: set, list");
  limiter->require_subcommand(1);
  auto pool = std::make_shared<LimiterPool>();
  auto* set = limiter->add_subcommand("set", "create or resize a limiter pool");
  set->add_option("name", pool->name, "the pool (jobs name it; default pool: exec)")->required();
  set->add_option("--capacity", pool->capacity, "holders at once, across all nodes")->required();
  set->callback([&ctx, pool] {
    ctx.action = [&ctx, pool]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->SetLimiter(*pool));
      std::cout << "limiter '" << pool->name << "': " << pool->capacity << " at once\n";
      return Status::Ok();
    };
  });
  auto* list = limiter->add_subcommand("list", "the limiter pools");
  list->add_flag("--json", ctx.json, "print {\"limiters\": [{\"name\", \"capacity\"}]}");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto pools, store->ListLimiters());
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& p : pools) arr.push_back({{"name", p.name}, {"capacity", p.capacity}});
      ctx.Print({{"limiters", arr}}, [&] {
        for (const auto& p : pools) std::cout << p.name << "\t" << p.capacity << "\n";
      });
      return Status::Ok();
    };
  });
}

void AddJobCommands(CLI::App& app, Context& ctx) {
  auto* job = app.add_subcommand("job", "commands reservations run (admin): define, list");
  job->require_subcommand(1);
  struct Flags {
    JobDefinition job;
    std::string timeout = "55m", prepare_delay = "120s", range_delay = "60s";
  };
  auto f = std::make_shared<Flags>();
  auto* define = job->add_subcommand("define", "define (or redefine) a job");
  define->add_option("name", f->job.name, "the job's name")->required();
  define
      ->add_option("--command", f->job.command,
                   "absolute path, called as COMMAND prepare|range --user U --run R ...")
      ->required();
  define->add_option("--timeout", f->timeout, "a call running longer is killed (default 55m)");
  define->add_option("--pool", f->job.pool, "the limiter pool its calls hold (default exec)");
  define->add_option("--range-size", f->job.range_size, "items per range (default 100)");
  define->add_option("--prepare-retries", f->job.prepare_retries, "default 5");
  define->add_option("--prepare-retry-delay", f->prepare_delay, "default 120s");
  define->add_option("--range-retries", f->job.range_retries, "default 2");
  define->add_option("--range-retry-delay", f->range_delay, "default 60s");
  define->add_flag("--json", ctx.json, "print the job");
  define->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(f->job.timeout, FlagDuration("--timeout", f->timeout));
      PREGON_ASSIGN_OR_RETURN(f->job.prepare_retry_delay,
                              FlagDuration("--prepare-retry-delay", f->prepare_delay));
      PREGON_ASSIGN_OR_RETURN(f->job.range_retry_delay,
                              FlagDuration("--range-retry-delay", f->range_delay));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(f->job.id, store->DefineJob(f->job, ctx.clock().Now()));
      ctx.Print(JobJson(f->job),
                [&] { std::cout << "job " << f->job.id << " '" << f->job.name << "' defined\n"; });
      return Status::Ok();
    };
  });
  auto* list = job->add_subcommand("list", "the jobs");
  list->add_flag("--json", ctx.json, "print {\"jobs\": [...]}");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto jobs, store->ListJobs());
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& j : jobs) arr.push_back(JobJson(j));
      ctx.Print({{"jobs", arr}}, [&] {
        for (const auto& j : jobs)
          std::cout << j.name << "\t" << j.command << "\tpool " << j.pool << "\n";
      });
      return Status::Ok();
    };
  });
}

void AddReservationCommands(CLI::App& app, Context& ctx) {
  auto* reservation =
      app.add_subcommand("reservation", "a client's hour-slot reservation: create, cancel, list");
  reservation->require_subcommand(1);
  struct Flags {
    std::string username, job;
    int hour = -1;
    int64_t estimate = 0;
    std::vector<std::string> params, secrets;
  };
  auto f = std::make_shared<Flags>();
  auto* create = reservation->add_subcommand("create", "reserve (or move) a user's slot");
  create->add_option("--username", f->username, "the client")->required();
  create->add_option("--hour", f->hour, "0-23 (default: the first bookable hour with room)");
  create->add_option("--estimate", f->estimate, "monthly orders estimate (default 0)");
  create->add_option("--job", f->job, "the job its runs call (pregon job list)")->required();
  create->add_option("--param", f->params,
                     "NAME=VALUE for the job's environment (PREGON_PARAM_NAME); replaces the "
                     "user's parameters when any --param or --secret is given");
  create->add_option("--secret", f->secrets,
                     "NAME of a secret parameter, its value read from standard input (a line "
                     "each, in order); sealed with PREGON_SECRET_KEY, never shown again");
  create->add_flag("--json", ctx.json, "print the reservation");
  create->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(User user, store->FindUser(f->username));
      PREGON_ASSIGN_OR_RETURN(JobDefinition job, store->FindJob(f->job));
      ReservationRequest request{user.id, std::nullopt, f->estimate, job.id};
      PREGON_ASSIGN_OR_RETURN(request.pending_factor, PendingFactorFrom(ctx.config()));
      if (f->hour >= 0) request.hour = f->hour;
      PREGON_ASSIGN_OR_RETURN(auto params, ParamsFrom(ctx, f->params, f->secrets));
      PREGON_ASSIGN_OR_RETURN(Reservation r, store->Reserve(request, ctx.clock().Now()));
      if (!f->params.empty() || !f->secrets.empty())
        PREGON_RETURN_IF_ERROR(store->SetJobParams(user.id, params));
      ctx.Print(ReservationJson(r), [&] {
        std::cout << "'" << r.username << "' reserved " << HourLabel(r.hour) << " (weight "
                  << r.weight << ", about " << r.estimated_pending << " items a run)\n";
      });
      return Status::Ok();
    };
  });
  auto* cancel = reservation->add_subcommand("cancel", "cancel a user's reservation");
  cancel->add_option("--username", f->username, "the client")->required();
  cancel->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(User user, store->FindUser(f->username));
      Status cancelled = store->CancelReservation(user.id);
      if (cancelled.code() == StatusCode::kNotFound)
        return Status::NotFound("'" + user.username + "' has no reservation");
      PREGON_RETURN_IF_ERROR(cancelled);
      std::cout << "reservation of '" << user.username << "' cancelled\n";
      return Status::Ok();
    };
  });
  auto* list = reservation->add_subcommand("list", "reservations, by hour");
  list->add_option("--hour", f->hour, "only this hour");
  list->add_flag("--json", ctx.json, "print {\"reservations\": [...]}");
  list->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      std::optional<int> hour;
      if (f->hour >= 0) hour = f->hour;
      PREGON_ASSIGN_OR_RETURN(auto list, store->ListReservations(hour));
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : list) arr.push_back(ReservationJson(r));
      ctx.Print({{"reservations", arr}}, [&] {
        for (const auto& r : list)
          std::cout << HourLabel(r.hour) << "\t" << r.username << "\t" << r.job_name << "\tweight "
                    << r.weight << "\n";
      });
      return Status::Ok();
    };
  });
}

void AddRunListCommands(CLI::App& run, Context& ctx) {
  auto days = std::make_shared<int>(7);
  auto* list = run.add_subcommand("list", "recent runs, newest first");
  list->add_option("--days", *days, "scheduled in the last N days (default 7)");
  list->add_flag("--json", ctx.json, "print {\"runs\": [...]}");
  list->callback([&ctx, days] {
    ctx.action = [&ctx, days]() -> Status {
      if (*days < 1 || *days > 366) return Status::InvalidArgument("--days must be 1 to 366");
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(
          auto runs,
          store->ListRuns(ctx.clock().Now() - *days * Millis(86'400'000), 200, std::nullopt));
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : runs) arr.push_back(RunJson(r));
      ctx.Print({{"runs", arr}}, [&] {
        for (const auto& r : runs)
          std::cout << r.id << "\t" << HourLabel(r.hour) << "\t" << FormatIso8601(r.scheduled_at)
                    << "\t" << RunStatusName(r.status) << "\n";
      });
      return Status::Ok();
    };
  });

  struct Flags {
    int64_t id = 0;
    std::string user;
  };
  auto f = std::make_shared<Flags>();
  auto* logs = run.add_subcommand("logs", "what a run's jobs printed (the last attempt of each)");
  logs->add_option("id", f->id, "the run")->required();
  logs->add_option("--user", f->user, "only this client's");
  logs->add_flag("--json", ctx.json, "print {\"units\": [...]}");
  logs->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->GetRun(f->id).status());
      PREGON_ASSIGN_OR_RETURN(auto units, store->ListRunUnits(f->id));
      std::erase_if(
          units, [&](const RunUnitView& u) { return !f->user.empty() && u.username != f->user; });
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& u : units) arr.push_back(RunUnitJson(u));
      ctx.Print({{"units", arr}}, [&] {
        for (const auto& u : units) {
          std::cout << "== " << u.username << " " << RunUnitKindName(u.kind);
          if (u.kind == RunUnitKind::kRange) std::cout << " " << u.start_item << "-" << u.end_item;
          std::cout << " (" << u.status << ", " << u.attempts << " attempt(s))"
                    << (u.last_error.empty() ? "" : ": " + u.last_error) << "\n"
                    << u.log << (u.log.empty() || u.log.back() == '\n' ? "" : "\n");
        }
      });
      return Status::Ok();
    };
  });

  auto* cancel = run.add_subcommand("cancel", "cancel a running run (its jobs are killed)");
  cancel->add_option("id", f->id, "the run")->required();
  cancel->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->CancelRun(f->id, ctx.clock().Now()));
      std::cout << "run " << f->id << " cancelled\n";
      return Status::Ok();
    };
  });
}

void AddRunCommands(CLI::App& app, Context& ctx) {
  auto hour = std::make_shared<int>(-1);
  auto* trigger = app.add_subcommand(
      "trigger-slot", "create the run of a slot now (default: the current hour's), once");
  trigger->add_option("--hour", *hour, "0-23, in PREGON_SLOT_TZ");
  trigger->add_flag("--json", ctx.json, "print the run's status");
  trigger->callback([&ctx, hour] {
    ctx.action = [&ctx, hour]() -> Status {
      PREGON_ASSIGN_OR_RETURN(std::string zone, SlotZone(ctx));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      std::optional<int> h;
      if (*hour >= 0) h = *hour;
      PREGON_ASSIGN_OR_RETURN(RunCreation c, TriggerSlot(*store, ctx.clock().Now(), zone, h));
      PREGON_ASSIGN_OR_RETURN(auto users, store->ListRunUsers(c.run.id));
      ctx.Print(RunStatusJson(c.run, users), [&] {
        std::cout << "run " << c.run.id << " of " << HourLabel(c.run.hour) << " ("
                  << FormatIso8601(c.run.scheduled_at) << ") "
                  << (c.created ? "created" : "already existed") << ": " << users.size()
                  << " user(s), " << RunStatusName(c.run.status) << "\n";
      });
      return Status::Ok();
    };
  });

  auto* run = app.add_subcommand("run", "slot runs: status, list, logs, cancel");
  run->require_subcommand(1);
  struct Flags {
    int64_t id = 0;
    bool latest = false;
  };
  auto f = std::make_shared<Flags>();
  auto* status = run->add_subcommand("status", "a run and its users' progress");
  status->add_option("id", f->id, "the run");
  status->add_flag("--latest", f->latest, "the most recent run");
  status->add_flag("--json", ctx.json,
                   "print {\"id\", \"hour\", \"status\", \"users\": [{\"username\", \"status\", "
                   "\"ranges_total\", \"ranges_done\", \"ranges_failed\"}]}");
  status->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      if (f->latest == (f->id > 0)) return Status::InvalidArgument("name a RUN_ID or --latest");
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      pregon::Run run;
      if (f->latest) {
        PREGON_ASSIGN_OR_RETURN(auto latest, store->LatestRun());
        if (!latest) return Status::NotFound("no slot has run yet");
        run = *latest;
      } else {
        PREGON_ASSIGN_OR_RETURN(run, store->GetRun(f->id));
      }
      PREGON_ASSIGN_OR_RETURN(auto users, store->ListRunUsers(run.id));
      ctx.Print(RunStatusJson(run, users), [&] {
        std::cout << "run " << run.id << " of " << HourLabel(run.hour) << ": "
                  << RunStatusName(run.status) << "\n";
        for (const auto& u : users)
          std::cout << "  " << u.username << "\t" << RunUserStatusName(u.status) << "\t"
                    << u.ranges_completed << "/" << u.total_ranges << " ranges"
                    << (u.ranges_failed ? ", " + std::to_string(u.ranges_failed) + " failed" : "")
                    << "\n";
      });
      return Status::Ok();
    };
  });
  AddRunListCommands(*run, ctx);
}

}  // namespace

struct SlotJobs {
  SlotJobs(Store& store, Clock& clock, std::string zone, JobRunnerOptions options, int threads,
           Millis poll)
      : trigger(store, clock, std::move(zone)),
        workers(store, clock, std::move(options), threads, poll) {}
  SlotTriggerJob trigger;
  SlotWorkers workers;
};

Result<std::shared_ptr<SlotJobs>> MakeSlotJobs(Context& ctx, Store& store, Engine& engine,
                                               const EngineOptions& options) {
  PREGON_ASSIGN_OR_RETURN(std::string zone, SlotZone(ctx));
  PREGON_ASSIGN_OR_RETURN(
      int threads, IntSetting("PREGON_JOB_THREADS", ctx.config().Get("PREGON_JOB_THREADS"), 0, 64));
  JobRunnerOptions runner{options.owner, options.lease_ttl};
  PREGON_ASSIGN_OR_RETURN(runner.secrets, SecretBoxFrom(ctx.config()));
  auto jobs = std::make_shared<SlotJobs>(store, ctx.clock(), zone, std::move(runner), threads,
                                         options.poll_interval);
  engine.AddJob(jobs->trigger);
  jobs->workers.Start();
  return jobs;
}

void AddSlotCommands(CLI::App& app, Context& ctx) {
  AddSlotListCommands(app, ctx);
  AddLimiterCommands(app, ctx);
  AddJobCommands(app, ctx);
  AddReservationCommands(app, ctx);
  AddRunCommands(app, ctx);
}

}  // namespace pregon::cli

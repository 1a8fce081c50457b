// pregon report request|list|load|download and process-reports-pending: provider reports,
// asked for, advanced step by step, and loaded into the report tables (DESIGN §1.4).
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "app/json_views.h"
#include "app/reports/campaign_report.h"
#include "app/reports/delivery_export.h"
#include "app/reports/manual_reports.h"
#include "app/reports/post_send_reports.h"
#include "app/reports/report_file.h"
#include "app/reports/report_jobs.h"
#include "app/reports/report_loader.h"
#include "app/reports/report_steps.h"
#include "cli/context.h"
#include "core/time_format.h"

namespace pregon::cli {
namespace {

// The steps one process-reports-pending call takes at most: a backlog is worked through
// over several calls rather than in one that never ends.
constexpr int kMaxStepsPerPass = 1000;

Result<ReportStepOptions> ReportStepOptionsFrom(Context& ctx) {
  const Config& c = ctx.config();
  ReportStepOptions o;
  o.data_dir = c.Get("PREGON_DATA_DIR");
  PREGON_ASSIGN_OR_RETURN(o.poll_initial, FlagDuration("PREGON_REPORTS_POLL_INITIAL",
                                                       c.Get("PREGON_REPORTS_POLL_INITIAL")));
  PREGON_ASSIGN_OR_RETURN(
      o.poll_max, FlagDuration("PREGON_REPORTS_POLL_MAX", c.Get("PREGON_REPORTS_POLL_MAX")));
  PREGON_ASSIGN_OR_RETURN(
      o.poll_total, FlagDuration("PREGON_REPORTS_POLL_TOTAL", c.Get("PREGON_REPORTS_POLL_TOTAL")));
  if (o.poll_max < o.poll_initial)
    return Status::InvalidArgument(
        "PREGON_REPORTS_POLL_MAX must be at least PREGON_REPORTS_POLL_INITIAL");
  o.owner = "cli-" + std::to_string(::getpid());
  return o;
}

ReportProviderFactory ReportProvidersFrom(const ChannelSettings& settings) {
  FetchOptions fetch;
  fetch.connect_timeout = settings.connect_timeout;
  fetch.ca_file = settings.ca_file;
  return [fetch](const Sender& sender) { return MakeReportProvider(sender, fetch); };
}

void PrintReportRequest(const ReportRequest& r) {
  std::cout << r.id << "\t" << ReportTypeName(r.type) << "\t" << r.day_from
            << (r.day_to != r.day_from ? ".." + r.day_to : "") << "\t" << ReportStateName(r.state)
            << "\t" << (r.campaign_id ? "campaign " + std::to_string(*r.campaign_id) : "manual")
            << "\t" << r.rows << " rows" << (r.last_error.empty() ? "" : "\t" + r.last_error)
            << "\n";
}

void AddReportRequest(CLI::App& group, Context& ctx) {
  struct Flags {
    ManualReportAsk ask;
    std::vector<std::string> types;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd = group.add_subcommand("request", "ask a sender's provider for reports by hand");
  cmd->add_option("--sender", f->ask.sender, "the relay sender whose account is asked")->required();
  cmd->add_option("--type", f->types,
                  "sent, deliveries, bounces, opens, clicks, spam, unsubscribed (repeatable; "
                  "default all)");
  cmd->add_option("--from", f->ask.from, "first day, YYYY-MM-DD")->required();
  cmd->add_option("--to", f->ask.to, "last day, YYYY-MM-DD (default: --from)");
  cmd->add_option("--tz", f->ask.time_zone,
                  "the days' time zone, an IANA name (default: the sender's, else UTC)");
  cmd->add_flag("--json", ctx.json, "print {\"report_requests\": [ids]}");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      if (f->ask.to.empty()) f->ask.to = f->ask.from;
      f->ask.types.clear();
      for (const auto& name : f->types) {
        PREGON_ASSIGN_OR_RETURN(ReportType t, ParseReportType(name));
        f->ask.types.push_back(t);
      }
      if (f->types.empty())
        f->ask.types.assign(std::begin(kAllReportTypes), std::end(kAllReportTypes));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto ids,
                              RequestManualReports(*store, *store, f->ask, ctx.clock().Now()));
      ctx.Print({{"report_requests", ids}}, [&] {
        std::cout << ids.size() << " report request(s) pending:";
        for (auto id : ids) std::cout << " " << id;
        std::cout << "\n(run `pregon process-reports-pending`, or let serve/worker do it)\n";
      });
      return Status::Ok();
    };
  });
}

void AddReportList(CLI::App& group, Context& ctx) {
  struct Flags {
    int64_t campaign = 0;
    std::string state;
    int limit = 100;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd = group.add_subcommand("list", "list report requests, newest first");
  cmd->add_option("--campaign", f->campaign, "only this campaign's");
  cmd->add_option("--state", f->state, "only pending, processing, ready or error");
  cmd->add_option("--limit", f->limit, "at most this many (default 100)")
      ->check(CLI::Range(1, 10'000));
  cmd->add_flag("--json", ctx.json, "print {\"report_requests\": [...]}");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      ReportRequestQuery q;
      if (f->campaign > 0) q.campaign_id = f->campaign;
      if (!f->state.empty()) {
        PREGON_ASSIGN_OR_RETURN(ReportState s, ParseReportState(f->state));
        q.state = s;
      }
      q.limit = f->limit;
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto rows, store->ListReportRequests(q));
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : rows) arr.push_back(ReportRequestJson(r));
      ctx.Print({{"report_requests", arr}}, [&] {
        for (const auto& r : rows) PrintReportRequest(r);
      });
      return Status::Ok();
    };
  });
}

void AddReportLoad(CLI::App& group, Context& ctx) {
  struct Flags {
    int64_t id = 0;
    std::string alias = "default";
    bool replace = false;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd =
      group.add_subcommand("load", "load a downloaded report into a database's report tables");
  cmd->add_option("id", f->id, "the report request")->required();
  cmd->add_option("--alias", f->alias, "default (pregon's database) or analytics");
  cmd->add_flag("--replace", f->replace, "replace the rows of an earlier load of this report");
  cmd->add_flag("--json", ctx.json, "print the load's counts");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(ReportAlias alias, ParseReportAlias(f->alias));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      ReportTableStore* target = store;
      if (alias == ReportAlias::kAnalytics) {
        auto analytics = ctx.analytics_store();
        if (!analytics.ok()) return analytics.status().WithContext("--alias analytics");
        target = *analytics;
      }
      PREGON_ASSIGN_OR_RETURN(ReportRequest request, store->GetReportRequest(f->id));
      PREGON_ASSIGN_OR_RETURN(
          ReportLoadResult r,
          LoadReportFile(request, alias, f->replace, *target, *store, ctx.clock().Now()));
      ctx.Print(ReportLoadJson(f->id, f->alias, r), [&] {
        std::cout << "report " << f->id << ": " << r.rows << " rows loaded into " << f->alias
                  << " (" << r.encoding << ")";
        if (r.replaced > 0) std::cout << ", replacing " << r.replaced;
        std::cout << "\n";
        for (const auto& p : r.problems)
          std::cout << "  line " << p.line << ": " << p.reason << "\n";
        if (r.bad_rows > static_cast<int64_t>(r.problems.size()))
          std::cout << "  ... " << r.bad_rows << " bad rows in all\n";
      });
      return Status::Ok();
    };
  });
}

void AddReportDownload(CLI::App& group, Context& ctx) {
  struct Flags {
    int64_t id = 0;
    std::string output;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd =
      group.add_subcommand("download", "write a report's downloaded CSV, as the provider sent it");
  cmd->add_option("id", f->id, "the report request")->required();
  cmd->add_option("--output,-o", f->output, "to this file (default: standard output)");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(ReportRequest request, store->GetReportRequest(f->id));
      PREGON_ASSIGN_OR_RETURN(ReportFileReader file, ReportFileReader::Open(request));
      std::ofstream to_file;
      if (!f->output.empty()) to_file.open(f->output, std::ios::binary);
      std::ostream& out = f->output.empty() ? std::cout : to_file;
      while (!file.done()) {
        PREGON_ASSIGN_OR_RETURN(std::string piece, file.Next());
        out << piece;
      }
      out.flush();
      if (!out)
        return Status::Internal("cannot write " +
                                (f->output.empty() ? "to standard output" : f->output));
      return Status::Ok();
    };
  });
}

void AddReportShow(CLI::App& group, Context& ctx) {
  auto id = std::make_shared<int64_t>(0);
  auto* cmd = group.add_subcommand("show", "a campaign's provider reports, from local tables");
  cmd->add_option("campaign", *id, "the campaign")->required();
  cmd->add_flag("--json", ctx.json,
                "print {\"campaign_id\", \"post_reports_status\", \"types\": {...}, \"requests\"}");
  cmd->callback([&ctx, id] {
    ctx.action = [&ctx, id]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(Campaign c, store->GetCampaign(*id));
      PREGON_ASSIGN_OR_RETURN(CampaignReport report, ReadCampaignReport(*store, c));
      ctx.Print(CampaignReportJson(report), [&] {
        std::cout << "campaign " << report.campaign_id << ": reports " << report.post_reports_status
                  << "\n";
        for (ReportType type : kAllReportTypes) {
          auto it = report.counts.find(type);
          std::cout << "  " << ReportTypeName(type) << "\t"
                    << (it == report.counts.end() ? "-" : std::to_string(it->second)) << "\n";
        }
        if (const auto& r = report.reconciliation) {
          std::cout << "pregon sent " << r->sent_by_pregon << "; the provider's report lacks "
                    << r->missing_at_provider << "; bounced " << r->bounced << ", complained "
                    << r->complained << ", unsubscribed " << r->unsubscribed << "\n";
          for (const auto& address : r->missing_sample)
            std::cout << "  missing: " << address << "\n";
        }
        for (const auto& t : report.breakdowns.bounce_reasons)
          std::cout << "bounce reason\t" << t.count << "\t" << t.label << "\n";
        for (const auto& t : report.breakdowns.opens_by_domain)
          std::cout << "opened at\t" << t.label << "\t" << t.count << " recipients, " << t.total
                    << " opens\n";
      });
      return Status::Ok();
    };
  });
}

// Writes the export to `out` a page at a time; the number of deliveries written.
Result<int64_t> WriteDeliveryExport(DeliveryCsvExport& export_, std::ostream& out) {
  PREGON_RETURN_IF_ERROR(WriteExport(export_, out));
  return export_.rows();
}

void AddReportDeliveries(CLI::App& group, Context& ctx) {
  struct Flags {
    int64_t id = 0;
    std::string output;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd = group.add_subcommand(
      "deliveries",
      "a campaign's deliveries as CSV, with the provider's status, opens and clicks beside "
      "pregon's own");
  cmd->add_option("campaign", f->id, "the campaign")->required();
  cmd->add_option("--output,-o", f->output, "to this file (default: standard output)");
  cmd->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(store->GetCampaign(f->id).status());
      DeliveryCsvExport export_(*store, f->id);
      if (f->output.empty()) return WriteDeliveryExport(export_, std::cout).status();
      std::ofstream out(f->output, std::ios::binary);
      if (!out) return Status::InvalidArgument("cannot write " + f->output);
      PREGON_ASSIGN_OR_RETURN(int64_t rows, WriteDeliveryExport(export_, out));
      std::cerr << rows << " deliveries written to " << f->output << "\n";
      return Status::Ok();
    };
  });
}

void AddProcessPostSendReports(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "process-post-send-reports",
      "ask for the reports of campaigns finished PREGON_POST_REPORTS_DELAY ago; for cron");
  cmd->add_flag("--json", ctx.json, "print {\"campaigns\", \"requests\"}");
  cmd->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(
          Millis delay,
          FlagDuration("PREGON_POST_REPORTS_DELAY", ctx.config().Get("PREGON_POST_REPORTS_DELAY")));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(PostSendPass pass,
                              RequestPostSendReports(*store, *store, ctx.clock().Now(), delay));
      ctx.Print(
          {{"campaigns", pass.campaigns}, {"requests", pass.requests}, {"retried", pass.retried}},
          [&] {
            std::cout << pass.requests << " report request(s) for " << pass.campaigns
                      << " campaign(s)";
            if (pass.retried > 0)
              std::cout << "; failed reports asked for again for " << pass.retried
                        << " campaign(s)";
            std::cout << "\n";
          });
      return Status::Ok();
    };
  });
}

void AddProcessReportsPending(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "process-reports-pending",
      "advance every due report request one step (ask, poll, download and load); for cron");
  cmd->add_flag("--json", ctx.json, "print {\"steps\", \"ready\", \"error\"}");
  cmd->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(ReportStepOptions options, ReportStepOptionsFrom(ctx));
      PREGON_ASSIGN_OR_RETURN(ChannelSettings settings, ChannelSettingsFrom(ctx.config()));
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      ReportSteps steps({*store, *store, *store, *store}, ReportProvidersFrom(settings),
                        ctx.clock(), options);
      int taken = 0, ready = 0, failed = 0;
      for (; taken < kMaxStepsPerPass; ++taken) {
        PREGON_ASSIGN_OR_RETURN(auto step, steps.RunOne());
        if (!step) break;
        if (step->state == ReportState::kReady) ++ready;
        if (step->state == ReportState::kError) ++failed;
        if (!ctx.json) PrintReportRequest(*step);
      }
      ctx.Print({{"steps", taken}, {"ready", ready}, {"error", failed}}, [&] {
        std::cout << taken << " step(s): " << ready << " ready, " << failed << " error\n";
      });
      return Status::Ok();
    };
  });
}

}  // namespace

struct ReportJobs {
  ReportJobs(Store& store, ReportProviderFactory providers, const Clock& clock,
             ReportStepOptions options, Millis delay)
      : steps({store, store, store, store}, std::move(providers), clock, std::move(options)),
        step_job(steps, store),
        post_send(store, store, clock, delay) {}
  ReportSteps steps;
  ReportStepsJob step_job;  // refers to steps
  PostSendReportsJob post_send;
};

Result<std::shared_ptr<ReportJobs>> MakeReportJobs(Context& ctx, Store& store, Engine& engine) {
  PREGON_ASSIGN_OR_RETURN(ReportStepOptions options, ReportStepOptionsFrom(ctx));
  PREGON_ASSIGN_OR_RETURN(ChannelSettings settings, ChannelSettingsFrom(ctx.config()));
  PREGON_ASSIGN_OR_RETURN(
      Millis delay,
      FlagDuration("PREGON_POST_REPORTS_DELAY", ctx.config().Get("PREGON_POST_REPORTS_DELAY")));
  auto jobs = std::make_shared<ReportJobs>(store, ReportProvidersFrom(settings), ctx.clock(),
                                           std::move(options), delay);
  engine.AddJob(jobs->step_job);
  engine.AddJob(jobs->post_send);
  return jobs;
}

void AddReportCommands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand(
      "report", "provider reports: show, deliveries, request, list, load, download");
  group->require_subcommand(1);
  AddReportRequest(*group, ctx);
  AddReportList(*group, ctx);
  AddReportLoad(*group, ctx);
  AddReportDownload(*group, ctx);
  AddReportShow(*group, ctx);
  AddReportDeliveries(*group, ctx);
  AddProcessPostSendReports(app, ctx);
  AddProcessReportsPending(app, ctx);
}

}  // namespace pregon::cli

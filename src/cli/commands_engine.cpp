// pregon worker, pregon sandbox (pregon serve: commands_serve.cpp).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <iostream>

#include "cli/context.h"
#include "cli/signals.h"
#include "core/mutex.h"
#include "core/prometheus_text.h"
#include "core/version.h"
#include "engine/engine.h"
#include "net/listen_address.h"
#include "net/listening_server.h"
#include "sandbox/sandbox_server.h"

namespace pregon::cli {

Result<EngineOptions> EngineOptionsFrom(Config& c) {
  EngineOptions o;
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  o.owner = std::string(host) + ":" + std::to_string(getpid());
  PREGON_ASSIGN_OR_RETURN(o.concurrency,
                          IntSetting("--concurrency", c.Get("PREGON_WORKER_CONCURRENCY"), 1, 256));
  PREGON_ASSIGN_OR_RETURN(o.lease_ttl, FlagDuration("--lease-ttl", c.Get("PREGON_LEASE_TTL")));
  if (o.lease_ttl < Millis(1000)) return Status::InvalidArgument("--lease-ttl must be at least 1s");
  PREGON_ASSIGN_OR_RETURN(o.max_rescues,
                          IntSetting("PREGON_MAX_RESCUES", c.Get("PREGON_MAX_RESCUES"), 1, 1000));
  PREGON_ASSIGN_OR_RETURN(o.poll_interval,
                          FlagDuration("PREGON_POLL_INTERVAL", c.Get("PREGON_POLL_INTERVAL")));
  PREGON_ASSIGN_OR_RETURN(o.idle_max_wait,
                          FlagDuration("PREGON_IDLE_MAX_WAIT", c.Get("PREGON_IDLE_MAX_WAIT")));
  PREGON_ASSIGN_OR_RETURN(o.channel, ChannelSettingsFrom(c));
  PREGON_ASSIGN_OR_RETURN(o.tracking, TrackingSettingsFrom(c, o.channel));
  PREGON_ASSIGN_OR_RETURN(o.retry.base_delay, FlagDuration("PREGON_RETRY_BASE_DELAY",
                                                           c.Get("PREGON_RETRY_BASE_DELAY")));
  o.poll_interval = std::max(o.poll_interval, Millis(10));
  return o;
}

// Milliseconds, to one decimal (truncated).
static double TenthsOfMs(LatencyHistogram::Micros us) {
  return std::floor(static_cast<double>(us.count()) / 100.0) / 10.0;
}

// What the engine did, for the operator's log (and with --json for scripts and benchmarks).
void PrintEngineSummary(const Context& ctx, const EngineStats& s, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(s.messages) / seconds : 0;
  spdlog::info(
      "engine stopped after {:.1f} s: {} ranges, {} messages ({:.0f}/s), {} lost leases; "
      "claim to result p50 {} ms, p99 {} ms",
      seconds, s.ranges, s.messages, rate, s.lost_leases, TenthsOfMs(s.claim_to_result_p50),
      TenthsOfMs(s.claim_to_result_p99));
  if (!ctx.json) return;
  nlohmann::json j = {
      {"ranges", s.ranges},
      {"messages", s.messages},
      {"lost_leases", s.lost_leases},
      {"seconds", seconds},
      {"messages_per_second", rate},
      {"claim_to_result_ms",
       {{"p50", TenthsOfMs(s.claim_to_result_p50)}, {"p99", TenthsOfMs(s.claim_to_result_p99)}}}};
  std::cout << j.dump() << std::endl;
}

namespace {

// A worker's own GET /metrics (and /healthz) on --metrics-listen: what its engine counted
// (engine/engine_metrics.h). No token, unlike serve's: bind it to loopback or a network only
// Prometheus reaches.
Result<std::unique_ptr<ListeningServer>> StartMetricsListener(const std::string& address,
                                                              const EngineMetrics& metrics) {
  PREGON_ASSIGN_OR_RETURN(ListenAddress listen, ParseListenAddress(address));
  auto server = std::make_unique<ListeningServer>();
  server->Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    PrometheusText p;
    WriteBuildInfo(p);
    metrics.Render(p);
    res.set_content(p.text(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server->Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  PREGON_RETURN_IF_ERROR(server->Start(listen));
  if (!listen.is_unix()) listen.port = server->port();
  spdlog::info("metrics listening on {}{}", listen.is_unix() ? "" : "http://", listen.ToString());
  return server;
}

// Runs the engine until it stops by itself or a signal asks it to.
Status RunEngine(Context& ctx, bool until_idle, const std::string& metrics_listen) {
  PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
  PREGON_ASSIGN_OR_RETURN(EngineOptions options, EngineOptionsFrom(ctx.config()));
  options.until_idle = until_idle;
  // The watcher comes first: the engine starts threads (the lease keeper) as it is built,
  // and a thread that does not block SIGTERM would let it kill the process outright.
  Mutex mu;
  Engine* running = nullptr;    // GUARDED_BY(mu)
  bool stop_requested = false;  // GUARDED_BY(mu)
  SignalWatcher signals([&](int sig) {
    spdlog::info("signal {}: finishing in-flight work and releasing ranges", sig);
    MutexLock lock(mu);
    stop_requested = true;
    if (running) running->RequestStop();
  });
  EngineMetrics metrics;  // before the listener and the engine, which use it
  std::unique_ptr<ListeningServer> metrics_server;
  if (!metrics_listen.empty()) {
    PREGON_ASSIGN_OR_RETURN(metrics_server, StartMetricsListener(metrics_listen, metrics));
  }
  Engine engine(*store, ctx.clock(), options, &metrics);
  PREGON_ASSIGN_OR_RETURN(auto report_jobs, MakeReportJobs(ctx, *store, engine));
  PREGON_ASSIGN_OR_RETURN(auto slot_jobs, MakeSlotJobs(ctx, *store, engine, options));
  PREGON_ASSIGN_OR_RETURN(auto retention, MakeRetentionJob(ctx, *store, engine));
  {
    MutexLock lock(mu);
    running = &engine;
    if (stop_requested) engine.RequestStop();
  }
  spdlog::info("engine started: {} threads, lease ttl {}s, owner {}", options.concurrency,
               options.lease_ttl.count() / 1000, options.owner);
  const Instant started = ctx.clock().Monotonic();
  Status st = engine.Run();
  const double seconds = std::chrono::duration<double>(ctx.clock().Monotonic() - started).count();
  PrintEngineSummary(ctx, engine.stats(), seconds);
  slot_jobs.reset();  // running slot jobs are killed and their units given back
  MutexLock lock(mu);
  running = nullptr;  // the engine goes before the watcher
  return st;
}

void AddWorker(CLI::App& app, Context& ctx) {
  auto until_idle = std::make_shared<bool>(false);
  auto concurrency = std::make_shared<std::string>();
  auto lease_ttl = std::make_shared<std::string>();
  auto metrics_listen = std::make_shared<std::string>();
  auto* worker =
      app.add_subcommand("worker", "run workers (and the scheduler) against the database");
  worker->add_flag("--until-idle", *until_idle,
                   "exit when no work is due (nor within PREGON_IDLE_MAX_WAIT)");
  worker->add_option("--concurrency", *concurrency,
                     "ranges worked at once (PREGON_WORKER_CONCURRENCY)");
  worker->add_option("--lease-ttl", *lease_ttl, "lease time to live, e.g. 30s (PREGON_LEASE_TTL)");
  worker->add_option("--metrics-listen", *metrics_listen,
                     "serve this worker's GET /metrics (no token) on HOST:PORT or unix:PATH");
  worker->add_flag("--json", ctx.json,
                   "on exit print {\"ranges\",\"messages\",\"seconds\",\"messages_per_second\","
                   "\"claim_to_result_ms\":{\"p50\",\"p99\"}}");
  worker->callback([&ctx, until_idle, concurrency, lease_ttl, metrics_listen] {
    if (!concurrency->empty()) ctx.config().SetFlag("PREGON_WORKER_CONCURRENCY", *concurrency);
    if (!lease_ttl->empty()) ctx.config().SetFlag("PREGON_LEASE_TTL", *lease_ttl);
    ctx.action = [&ctx, until_idle, metrics_listen] {
      return RunEngine(ctx, *until_idle, *metrics_listen);
    };
  });
}

void AddSandbox(CLI::App& app, Context& ctx) {
  struct Flags {
    std::string listen = "127.0.0.1:0";
    SandboxOptions o;
  };
  auto f = std::make_shared<Flags>();
  auto* sandbox = app.add_subcommand(
      "sandbox",
      "a local provider emulating the relay API and the Telegram Bot API, for demos and tests");
  sandbox->add_option("--listen", f->listen, "HOST:PORT (port 0 = any free one, printed on start)");
  sandbox->add_option("--record", f->o.record_path,
                      "append one JSON line per accepted message to FILE");
  sandbox->add_flag("--record-bodies", f->o.record_bodies,
                    "the record also keeps each e-mail's HTML (for tests that follow its links)");
  sandbox->add_option("--fail-rate", f->o.fail_rate, "fraction of requests answered 503 (0..1)");
  sandbox->add_option("--throttle-every", f->o.throttle_every, "every Nth request is answered 429");
  sandbox->add_option("--blocked-ids", f->o.blocked_ids_path,
                      "Telegram chat ids (one a line) that answer 403");
  sandbox->add_option("--latency-ms", f->o.latency_ms, "delay every answer by M milliseconds");
  sandbox->add_option("--seed", f->o.seed, "seed for --fail-rate choices and report marks");
  sandbox->add_option("--report-delay-ms", f->o.report_delay_ms,
                      "a report is ready this long after it is asked for");
  sandbox->add_option("--report-fail-rate", f->o.report_fail_rate,
                      "fraction of reports API calls answered 503 (0..1)");
  sandbox->add_option("--report-quirks", f->o.report_quirks,
                      "bend the report CSVs: bom, cp1252, broken-row (comma list)");
  sandbox->callback([&ctx, f] {
    ctx.action = [f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(ListenAddress address, ParseListenAddress(f->listen));
      if (address.is_unix())
        return Status::InvalidArgument("--listen: the sandbox listens on HOST:PORT only");
      f->o.host = address.host;
      f->o.port = address.port;
      SandboxServer server(f->o);
      SignalWatcher signals([&server](int) { server.Stop(); });
      PREGON_RETURN_IF_ERROR(server.Start());
      spdlog::info("sandbox provider listening on http://{}:{}/ (record: {})", f->o.host,
                   server.port(), f->o.record_path.empty() ? "none" : f->o.record_path);
      server.Wait();
      auto s = server.stats();
      spdlog::info("sandbox stopped: {} accepted, {} rejected, {} failed, {} throttled", s.accepted,
                   s.rejected, s.failed, s.throttled);
      return Status::Ok();
    };
  });
}

}  // namespace

void AddEngineCommands(CLI::App& app, Context& ctx) {
  AddWorker(app, ctx);
  AddSandbox(app, ctx);
}

}  // namespace pregon::cli

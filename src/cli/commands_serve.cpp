// pregon serve: the HTTP API (src/http) together with the scheduler and workers (src/engine),
// in one process, until SIGTERM/SIGINT.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <optional>

#include "cli/context.h"
#include "cli/signals.h"
#include "core/mutex.h"
#include "core/url.h"
#include "http/http_server.h"

namespace pregon::cli {

namespace {

Result<bool> BoolSetting(const std::string& name, const std::string& value) {
  if (value == "true" || value == "1" || value == "yes") return true;
  if (value == "false" || value == "0" || value == "no") return false;
  return Status::InvalidArgument(name + " must be true or false, not '" + value + "'");
}

// The analytics database the admin UI may load reports into; none when not configured. One
// that cannot be opened leaves only its button out: serving must not depend on it.
ReportTableStore* AnalyticsForUi(Context& ctx) {
  if (ctx.config().Get("ANALYTICS_DATABASE_URL").empty()) return nullptr;
  auto analytics = ctx.analytics_store();
  if (analytics.ok()) return *analytics;
  spdlog::error("reports cannot be loaded into the analytics database from the UI: {}",
                analytics.status().ToString());
  return nullptr;
}

Status RunServe(Context& ctx) {
  PREGON_ASSIGN_OR_RETURN(EngineOptions engine_options, EngineOptionsFrom(ctx.config()));
  PREGON_ASSIGN_OR_RETURN(http::HttpOptions http_options,
                          HttpOptionsFrom(ctx.config(), engine_options));
  ctx.extra_pg_connections = kServeHttpPgConnections;
  // Not checked here: the server answers /readyz (503) until the schema is current, and the
  // engine starts once it is, so `serve` may start before or during `pregon migrate`.
  PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store(/*for_migrate=*/true));
  EngineMetrics engine_metrics;  // outlives both: the server reports what the engine counts
  http::HttpServer server(*store, ctx.clock(), http_options, &engine_metrics, AnalyticsForUi(ctx));

  Mutex mu;
  std::condition_variable cv;
  bool stopping = false;  // GUARDED_BY(mu)
  std::atomic<Engine*> running{nullptr};
  // Before any thread starts, so that every thread inherits the blocked signals.
  SignalWatcher signals([&](int sig) {
    spdlog::info("signal {}: stopping the HTTP server and finishing in-flight work", sig);
    {
      MutexLock lock(mu);
      stopping = true;
    }
    cv.notify_all();
    if (Engine* e = running.load()) e->RequestStop();
    server.Stop();
  });
  PREGON_RETURN_IF_ERROR(server.Start());
  ListenAddress bound = http_options.listen;
  if (!bound.is_unix()) bound.port = server.port();  // the free port chosen for :0
  spdlog::info("HTTP API listening on {}",
               bound.is_unix() ? bound.ToString() : "http://" + bound.ToString() + "/");

  // The engine needs the current schema; wait for `pregon migrate` if need be.
  bool warned = false;
  for (;;) {
    Status schema = store->CheckSchema();
    if (schema.ok()) break;
    if (!warned) spdlog::warn("waiting for the database schema: {}", schema.message());
    warned = true;
    MutexLock lock(mu);
    if (ctx.clock().WaitFor(lock, cv, Millis(1000), [&] { return stopping; })) break;
  }
  Status result;
  std::optional<Engine> engine;
  bool stop_now;
  {
    MutexLock lock(mu);
    stop_now = stopping;
  }
  std::shared_ptr<ReportJobs> report_jobs;  // outlives the engine's run
  std::shared_ptr<SlotJobs> slot_jobs;
  std::unique_ptr<RetentionJob> retention;
  if (!stop_now) {
    engine.emplace(*store, ctx.clock(), engine_options, &engine_metrics);
    auto jobs = MakeReportJobs(ctx, *store, *engine);
    if (!jobs.ok()) {
      server.Stop();
      server.Wait();
      return jobs.status();
    }
    report_jobs = *jobs;
    auto slots = MakeSlotJobs(ctx, *store, *engine, engine_options);
    if (!slots.ok()) {
      server.Stop();
      server.Wait();
      return slots.status();
    }
    slot_jobs = *slots;
    auto pruning = MakeRetentionJob(ctx, *store, *engine);
    if (!pruning.ok()) {
      server.Stop();
      server.Wait();
      return pruning.status();
    }
    retention = std::move(*pruning);
    running = &*engine;
    {
      MutexLock lock(mu);
      if (stopping) engine->RequestStop();  // a signal that came while it was being built
    }
    spdlog::info("engine started: {} threads, lease ttl {}s, owner {}", engine_options.concurrency,
                 engine_options.lease_ttl.count() / 1000, engine_options.owner);
    const Instant started = ctx.clock().Monotonic();
    result = engine->Run();
    PrintEngineSummary(ctx, engine->stats(),
                       std::chrono::duration<double>(ctx.clock().Monotonic() - started).count());
    running = nullptr;
    slot_jobs.reset();  // running slot jobs are killed and their units given back
  }
  server.Stop();
  server.Wait();
  spdlog::info("HTTP server stopped");
  return result;
}

}  // namespace

Result<http::HttpOptions> HttpOptionsFrom(Config& c, const EngineOptions& engine) {
  http::HttpOptions o;
  PREGON_ASSIGN_OR_RETURN(o.listen, ParseListenAddress(c.Get("PREGON_LISTEN")));
  o.allowed_hosts = c.Get("PREGON_ALLOWED_HOSTS");
  PREGON_ASSIGN_OR_RETURN(o.max_body_bytes,
                          ByteSizeSetting("PREGON_HTTP_MAX_BODY", c.Get("PREGON_HTTP_MAX_BODY")));
  PREGON_ASSIGN_OR_RETURN(o.threads,
                          IntSetting("PREGON_HTTP_THREADS", c.Get("PREGON_HTTP_THREADS"), 2, 1024));
  PREGON_ASSIGN_OR_RETURN(o.max_connections,
                          IntSetting("PREGON_HTTP_MAX_CONNECTIONS",
                                     c.Get("PREGON_HTTP_MAX_CONNECTIONS"), 16, 1'000'000));
  PREGON_ASSIGN_OR_RETURN(
      o.max_connections_per_client,
      IntSetting("PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT",
                 c.Get("PREGON_HTTP_MAX_CONNECTIONS_PER_CLIENT"), 1, 1'000'000));
  PREGON_ASSIGN_OR_RETURN(
      o.head_timeout, FlagDuration("PREGON_HTTP_HEAD_TIMEOUT", c.Get("PREGON_HTTP_HEAD_TIMEOUT")));
  if (o.head_timeout < Millis(500) || o.head_timeout > Millis(300'000))
    return Status::InvalidArgument("PREGON_HTTP_HEAD_TIMEOUT must be from 500ms to 5m");
  PREGON_ASSIGN_OR_RETURN(o.cookie_secure,
                          BoolSetting("PREGON_COOKIE_SECURE", c.Get("PREGON_COOKIE_SECURE")));
  PREGON_ASSIGN_OR_RETURN(o.session_ttl,
                          FlagDuration("PREGON_SESSION_TTL", c.Get("PREGON_SESSION_TTL")));
  if (o.session_ttl < Millis(60'000))
    return Status::InvalidArgument("PREGON_SESSION_TTL must be at least 1m");
  PREGON_ASSIGN_OR_RETURN(o.sse_total, IntSetting("PREGON_HTTP_MAX_STREAMS",
                                                  c.Get("PREGON_HTTP_MAX_STREAMS"), 1, 100'000));
  PREGON_ASSIGN_OR_RETURN(
      o.sse_per_user,
      IntSetting("PREGON_HTTP_STREAMS_PER_USER", c.Get("PREGON_HTTP_STREAMS_PER_USER"), 1, 1000));
  PREGON_ASSIGN_OR_RETURN(o.sse_idle_end,
                          FlagDuration("PREGON_SSE_IDLE_END", c.Get("PREGON_SSE_IDLE_END")));
  if (o.sse_idle_end < Millis(1000))
    return Status::InvalidArgument("PREGON_SSE_IDLE_END must be at least 1s");
  auto trusted = IpRanges::Parse(c.Get("PREGON_TRUSTED_PROXIES"));
  if (!trusted.ok())
    return Status::InvalidArgument("PREGON_TRUSTED_PROXIES: " + trusted.status().message());
  o.trusted_proxies = *trusted;
  PREGON_ASSIGN_OR_RETURN(
      o.login.max_concurrent_checks,
      IntSetting("PREGON_LOGIN_CONCURRENCY", c.Get("PREGON_LOGIN_CONCURRENCY"), 1, 64));
  o.channel = engine.channel;
  o.tracking_on = engine.tracking.tracking_on;
  PREGON_ASSIGN_OR_RETURN(o.hits.rules.too_soon, FlagDuration("PREGON_TRACKING_TOO_SOON",
                                                              c.Get("PREGON_TRACKING_TOO_SOON")));
  auto& hooks = o.webhooks;
  hooks.generic_secret = c.Get("PREGON_WEBHOOK_SECRET");
  hooks.sendgrid_key = c.Get("PREGON_SENDGRID_WEBHOOK_KEY");
  hooks.postmark_auth = c.Get("PREGON_POSTMARK_WEBHOOK_AUTH");
  hooks.mailgun_key = c.Get("PREGON_MAILGUN_WEBHOOK_KEY");
  if (!hooks.postmark_auth.empty() && hooks.postmark_auth.find(':') == std::string::npos)
    return Status::InvalidArgument("PREGON_POSTMARK_WEBHOOK_AUTH must be user:password");
  const std::string ses = c.Get("PREGON_SES_WEBHOOK");
  if (ses != "on" && ses != "off")
    return Status::InvalidArgument("PREGON_SES_WEBHOOK must be on or off");
  hooks.ses = ses == "on";
  hooks.sns_cert_dir = c.Get("PREGON_DATA_DIR") + "/sns-certs";
  PREGON_ASSIGN_OR_RETURN(hooks.thresholds,
                          FeedbackThresholds::Parse(c.Get("PREGON_FEEDBACK_THRESHOLDS")));
  // Recipients reach the pixel, links and unsubscribe page by the public URLs' hosts.
  for (const std::string& url : {engine.tracking.public_url, engine.tracking.unsubscribe_url})
    if (const std::string host = UrlHost(url); !host.empty()) o.allowed_hosts += "," + host;
  PREGON_ASSIGN_OR_RETURN(o.job_secrets, SecretBoxFrom(c));
  PREGON_ASSIGN_OR_RETURN(o.pending_factor, PendingFactorFrom(c));
  return o;
}

void AddServeCommand(CLI::App& app, Context& ctx) {
  auto listen = std::make_shared<std::string>();
  auto* serve = app.add_subcommand(
      "serve", "run the HTTP API, the scheduler and workers until stopped (SIGTERM: graceful)");
  serve->add_option("--listen", *listen,
                    "HTTP address HOST:PORT or unix:/path.sock (PREGON_LISTEN)");
  serve->callback([&ctx, listen] {
    if (!listen->empty()) ctx.config().SetFlag("PREGON_LISTEN", *listen);
    ctx.action = [&ctx] { return RunServe(ctx); };
  });
}

}  // namespace pregon::cli

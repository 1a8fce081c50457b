// GET /metrics (permission read: a Prometheus scrape job with a bearer token): the Prometheus
// text format. What every node shares comes from the store (campaigns, ranges and deliveries
// by status, ranges claimable now and the oldest one's wait, report requests, suppressions,
// paused senders); what this process did from its counters (HTTP requests and their latency,
// tracking hits written and dropped, bounces and complaints, and its engine's messages,
// provider latency, throttles, rescues and permits: engine/engine_metrics.h). Labels are states,
// kinds and route classes only — never an id or an address.
#include "core/prometheus_text.h"
#include "http/api/routes.h"
#include "http/call.h"

namespace pregon::http {

namespace {

struct StoreFamily {
  const char* metric;  // OpsStore's name
  const char* name;    // the exposed one
  const char* label;   // its label ("" = none)
  const char* help;
  double scale = 1;  // from the store's unit to the exposed one
};

constexpr StoreFamily kStoreFamilies[] = {
    {"campaigns", "pregon_campaigns", "status", "Campaigns by status."},
    {"ranges", "pregon_ranges", "status", "Batches (ranges) by status."},
    {"ranges_claimable", "pregon_ranges_claimable", "",
     "Batches a worker could claim now: a backlog that does not shrink means too few workers."},
    {"ranges_oldest_claimable_ms", "pregon_ranges_oldest_claimable_age_seconds", "",
     "How long the oldest claimable batch of a sending campaign has waited for a worker.", 0.001},
    {"deliveries", "pregon_deliveries", "status", "Deliveries of every campaign by status."},
    {"report_requests", "pregon_report_requests", "state", "Provider report requests by state."},
    {"suppressions", "pregon_suppressions", "reason", "Suppressed addresses by reason."},
    {"senders_paused", "pregon_senders_paused", "kind",
     "Senders paused now (throttled or refused by their provider), by channel."},
};

void Metrics(Call& call) {
  auto counts = call.ctx.store.CountForMetrics(call.ctx.clock.Now());
  if (!counts.ok()) return call.Fail(counts.status());
  PrometheusText p;
  WriteBuildInfo(p);
  for (const StoreFamily& f : kStoreFamilies) {
    p.Family(f.name, "gauge", f.help);
    for (const OpsCount& c : *counts) {
      if (c.metric != f.metric) continue;
      const double value = static_cast<double>(c.value) * f.scale;
      if (*f.label)
        p.Sample(f.name, {{f.label, c.label}}, value);
      else
        p.Sample(f.name, {}, value);
    }
  }
  p.Family("pregon_tracking_hits_total", "counter",
           "Opens and clicks written by this process, by verdict.");
  for (HitKind k : {HitKind::kOpen, HitKind::kClick})
    for (HitVerdict v : {HitVerdict::kHuman, HitVerdict::kPrivacyProxy, HitVerdict::kScanner,
                         HitVerdict::kUnknown})
      p.Sample("pregon_tracking_hits_total",
               {{"kind", HitKindName(k)}, {"verdict", HitVerdictName(v)}},
               static_cast<double>(call.ctx.hits.written(k, v)));
  p.Family("pregon_tracking_hits_dropped_total", "counter",
           "Opens and clicks dropped because the write queue was full.");
  p.Sample("pregon_tracking_hits_dropped_total", {}, static_cast<double>(call.ctx.hits.dropped()));
  p.Family("pregon_mail_feedback_total", "counter",
           "Bounces and complaints recorded by this process's webhooks, by type.");
  for (FeedbackType t : {FeedbackType::kHard, FeedbackType::kSoft, FeedbackType::kComplaint})
    p.Sample("pregon_mail_feedback_total", {{"type", FeedbackTypeName(t)}},
             static_cast<double>(call.ctx.feedback.count(t)));
  if (call.ctx.engine) call.ctx.engine->Render(p);
  call.ctx.requests.Render(p);
  call.res.status = 200;
  call.res.SetContent(p.text(), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void AddMetricsRoutes(Router& router) {
  router.Add({"GET", "/metrics", Permission::kRead, Metrics});
}

}  // namespace pregon::http

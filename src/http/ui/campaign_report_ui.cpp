// GET /campaigns/{id}/report ("View report"): what the provider's loaded reports say of a
// campaign (rows per type, pregon's ledger reconciled with them, the top bounce reasons, opens
// by domain, the requests behind them) beside pregon's own tracking (opens and clicks, human
// and machine apart, rates over sent, the top links) and a chart of both per hour — read from
// local tables, never from the provider. The chart is drawn by uPlot from data the page
// carries, and the same figures are in a table for screen readers and for browsers without
// JavaScript.
#include <fmt/format.h>

#include <map>

#include "app/reports/campaign_report.h"
#include "app/tracking/engagement_views.h"
#include "core/time_format.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

// "12.5 %" of `whole`, or "—" when there is none.
std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "—";
  return fmt::format("{:.1f} %", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

nlohmann::json ProviderView(const CampaignReport& r, Language lang) {
  nlohmann::json types = nlohmann::json::array();
  for (ReportType t : kAllReportTypes) {
    const auto it = r.counts.find(t);
    types.push_back({{"label", Text(lang, "report_type_" + std::string(ReportTypeName(t)))},
                     {"rows", it == r.counts.end() ? Text(lang, "report_not_loaded")
                                                   : FormatCount(it->second, lang)}});
  }
  nlohmann::json out = {{"types", types}};
  if (const auto& rec = r.reconciliation) {
    nlohmann::json missing = nlohmann::json::array();
    for (const std::string& a : rec->missing_sample) missing.push_back(a);
    out["reconciliation"] = {{"sent_by_pregon", FormatCount(rec->sent_by_pregon, lang)},
                             {"missing", FormatCount(rec->missing_at_provider, lang)},
                             {"has_missing", rec->missing_at_provider > 0},
                             {"missing_sample", missing},
                             {"bounced", FormatCount(rec->bounced, lang)},
                             {"complained", FormatCount(rec->complained, lang)},
                             {"unsubscribed", FormatCount(rec->unsubscribed, lang)}};
  }
  nlohmann::json reasons = nlohmann::json::array(), domains = nlohmann::json::array();
  for (const ReportTally& t : r.breakdowns.bounce_reasons)
    reasons.push_back({{"label", t.label}, {"count", FormatCount(t.count, lang)}});
  for (const ReportTally& t : r.breakdowns.opens_by_domain)
    domains.push_back({{"label", t.label},
                       {"count", FormatCount(t.count, lang)},
                       {"total", FormatCount(t.total, lang)}});
  out["bounce_reasons"] = reasons;
  out["opens_by_domain"] = domains;
  return out;
}

nlohmann::json TrackingView(const CampaignEngagement& e, Language lang) {
  const EngagementSummary& s = e.summary;
  auto line = [&](const char* key, int64_t unique, int64_t machine_only, int64_t total,
                  int64_t machine_total) {
    return nlohmann::json{
        {"label", Text(lang, key)},          {"unique", FormatCount(unique, lang)},
        {"rate", Percent(unique, s.sent)},   {"machine_only", FormatCount(machine_only, lang)},
        {"total", FormatCount(total, lang)}, {"machine_total", FormatCount(machine_total, lang)}};
  };
  nlohmann::json links = nlohmann::json::array();
  for (const CampaignLink& l : e.links)
    links.push_back({{"url", l.url},
                     {"human", FormatCount(l.human_clicks, lang)},
                     {"machine", FormatCount(l.machine_clicks, lang)}});
  return {{"sent", FormatCount(s.sent, lang)},
          {"lines",
           {line("engagement_opens", s.opened, s.opened_by_machine_only, s.opens, s.machine_opens),
            line("engagement_clicks", s.clicked, s.clicked_by_machine_only, s.clicks,
                 s.machine_clicks)}},
          {"others",
           {{{"label", Text(lang, "engagement_unsubscribed")},
             {"count", FormatCount(s.unsubscribed, lang)},
             {"rate", Percent(s.unsubscribed, s.sent)}},
            {{"label", Text(lang, "engagement_bounced")},
             {"count", FormatCount(s.bounced, lang)},
             {"rate", Percent(s.bounced, s.sent)}},
            {{"label", Text(lang, "engagement_complained")},
             {"count", FormatCount(s.complained, lang)},
             {"rate", Percent(s.complained, s.sent)}}}},
          {"has_links", !links.empty()},
          {"links", links}};
}

// Per hour: human opens, human clicks, and every machine hit (proxies, scanners, unknown).
struct HourTally {
  int64_t opens = 0, clicks = 0, machine = 0;
};

// The chart's series for uPlot ([[unix seconds…], [opens…], [clicks…], [machine…]]) and the
// same figures as table rows.
void HourlyViews(const std::vector<EngagementHour>& hours, nlohmann::json* chart,
                 nlohmann::json* rows) {
  std::map<Timestamp, HourTally> by_hour;
  for (const EngagementHour& h : hours) {
    HourTally& t = by_hour[h.hour];
    if (h.verdict != HitVerdict::kHuman) {
      t.machine += h.hits;
    } else if (h.kind == HitKind::kOpen) {
      t.opens += h.hits;
    } else {
      t.clicks += h.hits;
    }
  }
  nlohmann::json x = nlohmann::json::array(), opens = x, clicks = x, machine = x;
  *rows = nlohmann::json::array();
  for (const auto& [hour, t] : by_hour) {
    x.push_back(std::chrono::duration_cast<std::chrono::seconds>(hour.time_since_epoch()).count());
    opens.push_back(t.opens);
    clicks.push_back(t.clicks);
    machine.push_back(t.machine);
    rows->push_back({{"hour", FormatTime(hour)},
                     {"opens", t.opens},
                     {"clicks", t.clicks},
                     {"machine", t.machine}});
  }
  *chart = nlohmann::json::array({x, opens, clicks, machine});
}

void ShowReport(Call& call) {
  Page page(call);
  const auto c = CampaignOfPath(call, page);
  if (!c) return;
  auto report = ReadCampaignReport(call.ctx.store, *c);
  if (!report.ok()) return page.Error(report.status());
  auto engagement = ReadCampaignEngagement(call.ctx.store, *c);
  if (!engagement.ok()) return page.Error(engagement.status());
  const Language lang = page.lang();
  nlohmann::json chart, hours;
  HourlyViews(engagement->hours, &chart, &hours);
  const bool loaded = !report->counts.empty();
  nlohmann::json data = {
      {"nav_campaigns", true},
      {"id", c->id},
      {"chart", !hours.empty()},
      {"post_reports_status", Text(lang, "post_reports_" + report->post_reports_status)},
      {"provider", loaded ? ProviderView(*report, lang) : nlohmann::json(nullptr)},
      {"tracking", TrackingView(*engagement, lang)},
      {"chart_data", chart.dump()},
      {"hours", hours},
      {"chart_labels",
       nlohmann::json::array({Text(lang, "chart_human_opens"), Text(lang, "chart_human_clicks"),
                              Text(lang, "chart_machine_hits")})
           .dump()}};
  page.Show("campaign_report", std::move(data), FormatText(lang, "report_title", c->name));
}

}  // namespace

void AddCampaignReportRoutes(Router& router) {
  router.Add(PageRoute("GET", "/campaigns/{id}/report", Permission::kRead, ShowReport));
}

}  // namespace pregon::http::ui

// GET /: what an operator looks at first — campaigns sending now (live), paused ones, the
// ones that need attention (failed, partial), what is scheduled next, and recent finishes;
// above them, the senders a provider paused and what providers answered lately.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "http/call.h"
#include "http/ui/campaign_tables.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

struct Section {
  const char* key;  // the heading's text is "dashboard_<key>", the empty state's "..._empty"
  std::vector<CampaignStatus> statuses;
  int limit;
  const char* more;  // the campaign list filtered the same way
};

const Section kSections[] = {
    {"sending",
     {CampaignStatus::kQueued, CampaignStatus::kSending},
     20,
     "/campaigns?status=queued,sending"},
    {"paused", {CampaignStatus::kPaused}, 10, "/campaigns?status=paused"},
    {"attention",
     {CampaignStatus::kFailed, CampaignStatus::kPartial},
     10,
     "/campaigns?status=failed,partial"},
    {"scheduled", {CampaignStatus::kScheduled}, 10, "/campaigns?status=scheduled"},
    {"finished",
     {CampaignStatus::kDone, CampaignStatus::kPartial, CampaignStatus::kFailed,
      CampaignStatus::kCancelled},
     10,
     "/campaigns?status=done,partial,failed,cancelled"},
};

// The senders their provider asked to stop (a quota, a throttle), until when; null when none
// is paused. Their campaigns wait and go on by themselves when the pause ends.
nlohmann::json PausedSenders(Call& call) {
  auto senders = call.ctx.store.ListSenders();
  if (!senders.ok()) return nullptr;
  const Timestamp now = call.ctx.clock.Now();
  nlohmann::json out = nlohmann::json::array();
  for (const Sender& s : *senders)
    if (s.paused_until > now)
      out.push_back({{"name", s.name}, {"until", FormatTime(s.paused_until)}});
  return out.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"senders", out}};
}

constexpr int kProviderEventsShown = 10;
constexpr Millis kProviderEventsSince{24LL * 3'600'000};

// The throttles and refusals providers answered in the last day, newest first, each with its
// campaign; null when there were none.
nlohmann::json ProviderEvents(Call& call, const Page& page) {
  auto events = call.ctx.store.ListProviderEvents(call.ctx.clock.Now() - kProviderEventsSince,
                                                  kProviderEventsShown);
  if (!events.ok() || events->empty()) return nullptr;
  std::map<int64_t, std::string> campaigns;  // id -> name, each read once
  nlohmann::json rows = nlohmann::json::array();
  for (const CampaignEvent& e : *events) {
    auto [name, added] = campaigns.try_emplace(e.campaign_id);
    if (added) {
      auto c = call.ctx.store.GetCampaign(e.campaign_id);
      name->second = c.ok() ? c->name : "#" + std::to_string(e.campaign_id);
    }
    rows.push_back({{"when", FormatTime(e.ts)},
                    {"campaign", name->second},
                    {"campaign_url", fmt::format("/campaigns/{}", e.campaign_id)},
                    {"kind_label", page.T("provider_event_" + e.kind)},
                    {"message", e.message}});
  }
  return {{"events", rows}};
}

void Dashboard(Call& call) {
  Page page(call);
  CampaignNames names(call.ctx.store);
  nlohmann::json sections = nlohmann::json::array();
  for (const Section& section : kSections) {
    CampaignQuery q;
    q.statuses = section.statuses;
    q.limit = section.limit + 1;
    auto found = call.ctx.store.ListCampaigns(q);
    if (!found.ok()) return page.Error(found.status());
    std::vector<CampaignSummary> campaigns = std::move(found).value();
    const bool more = TrimToPage(campaigns, section.limit);
    if (section.statuses.front() == CampaignStatus::kScheduled) {  // the next one first
      std::stable_sort(campaigns.begin(), campaigns.end(), [](const auto& a, const auto& b) {
        return a.campaign.scheduled_at < b.campaign.scheduled_at;
      });
    }
    CampaignTable table = TableOf(campaigns, names, page.lang());
    const std::string key = section.key;
    sections.push_back({{"key", key},
                        {"heading", page.T("dashboard_" + key)},
                        {"empty", page.T("dashboard_" + key + "_empty")},
                        {"caption", page.T("dashboard_" + key)},
                        {"has_rows", !table.rows.empty()},
                        {"rows", std::move(table.rows)},
                        {"live_url", table.live_url.empty() ? nlohmann::json(nullptr)
                                                            : nlohmann::json(table.live_url)},
                        {"more", more ? nlohmann::json(section.more) : nlohmann::json(nullptr)}});
  }
  page.Show("dashboard",
            {{"sections", sections},
             {"paused_senders", PausedSenders(call)},
             {"provider_events", ProviderEvents(call, page)},
             {"nav_dashboard", true}},
            page.T("nav_dashboard"));
}

}  // namespace

void AddDashboardRoutes(Router& router) {
  router.Add(PageRoute("GET", "/", Permission::kRead, Dashboard));
}

}  // namespace pregon::http::ui

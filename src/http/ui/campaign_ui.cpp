// GET /campaigns/{id}: one campaign — its progress and counters (live until it is final), the
// actions its status allows (each confirmed, through POST /campaigns/actions), its settings
// with the time zone spelled out, and the newest entries of its event log (live too).
#include "core/duration.h"
#include "core/send_window.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kEventsShown = 50;

nlohmann::json Settings(Page& page, const Campaign& c, CampaignNames& names) {
  const Language lang = page.lang();
  nlohmann::json rows = nlohmann::json::array();
  auto add = [&](const char* key, const std::string& value) {
    rows.push_back({{"label", page.T(key)}, {"value", value}});
  };
  add("setting_sender", names.Sender(c.sender_id));
  add("setting_list", names.List(c.list_id));
  if (!c.subject.empty()) add("setting_subject", c.subject);
  add("setting_batch_size", FormatCount(c.throttle.batch_size, lang));
  add("setting_batch_pause", FormatDuration(c.throttle.batch_pause));
  add("setting_rate",
      c.throttle.rate > 0 ? fmt::format("{:g}/s", c.throttle.rate) : page.T("setting_rate_sender"));
  add("setting_max_attempts", std::to_string(c.throttle.max_attempts));
  add("setting_guarantee", std::string(DeliveryGuaranteeName(c.guarantee)));
  add("setting_window", c.window.enabled()
                            ? FormatWindowTimes(c.window) + " (" + c.window.time_zone + ")"
                            : page.T("setting_window_always"));
  if (c.scheduled_at) add("setting_scheduled_at", FormatTime(*c.scheduled_at));
  add("setting_created_at", FormatTime(c.created_at));
  if (c.started_at) add("setting_started_at", FormatTime(*c.started_at));
  if (c.completed_at) add("setting_completed_at", FormatTime(*c.completed_at));
  return rows;
}

nlohmann::json Actions(Page& page, CampaignStatus status) {
  nlohmann::json out = nlohmann::json::array();
  if (!page.Can(Permission::kWriteCampaigns)) return out;
  for (std::string_view action : ActionsFor(status)) {
    out.push_back({{"action", action},
                   {"label", page.T("action_" + std::string(action))},
                   {"danger", action == "cancel"},
                   {"secondary", action == "pause"}});
  }
  return out;
}

void Show(Call& call) {
  Page page(call);
  const auto c = CampaignOfPath(call, page);
  if (!c) return;
  const int64_t id = c->id;
  auto k = call.ctx.store.GetCounters(id);
  if (!k.ok()) return page.Error(k.status());
  auto events = call.ctx.store.ListRecentEvents(id, kEventsShown);
  if (!events.ok()) return page.Error(events.status());
  CampaignNames names(call.ctx.store);
  nlohmann::json rows = nlohmann::json::array();
  for (const CampaignEvent& e : *events) rows.push_back(EventRow(e));
  const int64_t newest = events->empty() ? 0 : events->front().id;
  nlohmann::json actions = Actions(page, c->status);
  nlohmann::json data = CountersView(*k, page.lang());
  data.update({{"nav_campaigns", true},
               {"id", id},
               {"progress", ProgressView(*c, *k, page.lang())},
               {"has_actions", !actions.empty()},
               {"actions", actions},
               {"settings", Settings(page, *c, names)},
               {"events", rows},
               {"notice", call.Query("done") == "saved" ? nlohmann::json(page.T("notice_saved"))
                                                        : ActionNotice(call, page.lang())},
               {"report_url", HasReport(call.ctx.store, *c)
                                  ? nlohmann::json(fmt::format("/campaigns/{}/report", id))
                                  : nlohmann::json(nullptr)},
               {"editable",
                page.Can(Permission::kWriteCampaigns) && (c->status == CampaignStatus::kDraft ||
                                                          c->status == CampaignStatus::kScheduled)},
               {"live_url", IsFinal(c->status) ? nlohmann::json(nullptr)
                                               : nlohmann::json(fmt::format(
                                                     "/live/campaigns/{}?after={}", id, newest))}});
  page.Show("campaign", std::move(data), c->name);
}

}  // namespace

void AddCampaignRoutes(Router& router) {
  router.Add(PageRoute("GET", "/campaigns/{id}", Permission::kRead, Show, {"done", "ok"}));
}

}  // namespace pregon::http::ui

// The campaign list and its multi-select actions.
//   GET  /campaigns?status=sending,queued&q=promo&before=120
//        filters (status, or several joined by commas; a name search), 50 a page newest
//        first, each row with a live progress bar; an operator ticks campaigns and presses an
//        action, or applies it to every campaign the filter matches (up to 1,000)
//   POST /campaigns/actions  action=send|pause|resume|cancel, ids=… (or scope=filter with
//        status and q): first a page that names the campaigns and their count and asks to
//        confirm; then (confirm=yes) the action on each, one failure not stopping the others,
//        and a redirect back that says how many it changed — or, when some failed, a page
//        that lists them with the reason.
#include "app/campaign_service.h"
#include "core/url.h"
#include "http/call.h"
#include "http/ui/campaign_tables.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kCampaignsPage = 50;
constexpr size_t kMaxSelection = 1000;  // as POST /api/v1/campaigns/send
constexpr size_t kConfirmListed = 50;   // campaigns named on the confirmation page

// "/campaigns?status=…&q=…" for a filter.
std::string ListUrl(const std::string& status, const std::string& q) {
  std::string url = "/campaigns";
  if (!status.empty()) url = WithQuery(url, "status", status);
  if (!q.empty()) url = WithQuery(url, "q", q);
  return url;
}

nlohmann::json StatusOptions(Page& page, const std::string& current) {
  Choices choices{{"", page.T("filter_any_status")}};
  bool listed = current.empty();
  for (CampaignStatus s :
       {CampaignStatus::kDraft, CampaignStatus::kScheduled, CampaignStatus::kQueued,
        CampaignStatus::kSending, CampaignStatus::kPaused, CampaignStatus::kDone,
        CampaignStatus::kPartial, CampaignStatus::kFailed, CampaignStatus::kCancelled}) {
    choices.push_back({std::string(CampaignStatusName(s)), StatusLabel(s, page.lang())});
    listed |= choices.back().value == current;
  }
  if (!listed) {  // several statuses (a dashboard link): shown as they are
    std::string label;
    if (auto statuses = ParseCampaignStatusList(current); statuses.ok())
      for (CampaignStatus s : *statuses)
        label += (label.empty() ? "" : ", ") + StatusLabel(s, page.lang());
    choices.push_back({current, label});
  }
  return SelectOptions(choices, current);
}

void List(Call& call) {
  Page page(call);
  const std::string status = call.Query("status"), q = call.Query("q");
  CampaignQuery query;
  auto statuses = ParseCampaignStatusList(status);
  if (!statuses.ok()) return page.Error(400, statuses.status().message());
  query.statuses = std::move(statuses).value();
  if (q.size() > 200) return page.Error(400, page.T("error_search_too_long"));
  query.name_contains = q;
  if (!PagePosition(call, page, "before", &query.before_id)) return;
  query.limit = kCampaignsPage + 1;
  auto found = call.ctx.store.ListCampaigns(query);
  if (!found.ok()) return page.Error(found.status());
  std::vector<CampaignSummary> campaigns = std::move(found).value();
  const bool more = TrimToPage(campaigns, kCampaignsPage);
  CampaignNames names(call.ctx.store);
  CampaignTable table = TableOf(campaigns, names, page.lang());
  const std::string list_url = ListUrl(status, q);
  nlohmann::json data = {
      {"nav_campaigns", true},
      {"status", status},
      {"q", q},
      {"status_options", StatusOptions(page, status)},
      {"has_rows", !table.rows.empty()},
      {"rows", std::move(table.rows)},
      {"selectable", page.Can(Permission::kWriteCampaigns)},
      {"caption", page.T("nav_campaigns")},
      {"live_url",
       table.live_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(table.live_url)},
      {"empty", page.T(status.empty() && q.empty() ? "campaigns_empty" : "campaigns_none_match")},
      {"scope_label",
       FormatText(page.lang(), "scope_all_matching", FormatCount(kMaxSelection, page.lang()))},
      {"notice", ActionNotice(call, page.lang())}};
  data.update(PagingUrls(list_url, !query.before_id, "before",
                         NextCursor(more, [&] { return campaigns.back().campaign.id; })));
  page.Show("campaigns", std::move(data), page.T("nav_campaigns"));
}

// The ids the action applies to, or nullopt after answering why not.
std::optional<std::vector<int64_t>> SelectedIds(Call& call, Page& page) {
  std::vector<int64_t> ids;
  if (page.Field("scope") == "filter") {
    CampaignQuery query;
    auto statuses = ParseCampaignStatusList(page.Field("status"));
    if (!statuses.ok()) {
      page.Error(400, statuses.status().message());
      return std::nullopt;
    }
    query.statuses = std::move(statuses).value();
    query.name_contains = page.Field("q").substr(0, 200);
    query.limit = kMaxSelection;
    auto found = call.ctx.store.ListCampaigns(query);
    if (!found.ok()) {
      page.Error(found.status());
      return std::nullopt;
    }
    for (const auto& s : *found) ids.push_back(s.campaign.id);
    return ids;
  }
  const auto given = page.Fields("ids");
  if (given.size() > kMaxSelection) {
    page.Error(400, FormatText(page.lang(), "error_too_many_selected",
                               FormatCount(kMaxSelection, page.lang())));
    return std::nullopt;
  }
  for (const std::string& text : given) {
    const auto id = ParsePositiveId(text);
    if (!id) {
      page.Error(400, FormatText(page.lang(), "error_bad_id", text.substr(0, 40)));
      return std::nullopt;
    }
    ids.push_back(*id);
  }
  return ids;
}

void Confirm(Call& call, Page& page, const std::string& action, const std::vector<int64_t>& ids,
             const std::string& back) {
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < ids.size() && i < kConfirmListed; ++i) {
    auto c = call.ctx.store.GetCampaign(ids[i]);
    if (!c.ok() && c.status().code() != StatusCode::kNotFound) return page.Error(c.status());
    items.push_back({{"id", ids[i]},
                     {"name", c.ok() ? c->name : page.T("campaign_unknown")},
                     {"status_label", c.ok() ? StatusLabel(c->status, page.lang()) : ""}});
  }
  const std::string count = FormatCount(static_cast<int64_t>(ids.size()), page.lang());
  nlohmann::json data = {
      {"action", action},
      {"ids", ids},
      {"items", items},
      {"back", back},
      {"danger", action == "cancel"},
      {"question", FormatText(page.lang(), "confirm_" + action, count)},
      {"confirm_label", FormatText(page.lang(), "confirm_button_" + action, count)},
      {"more_text",
       ids.size() > kConfirmListed
           ? nlohmann::json(FormatText(
                 page.lang(), "confirm_and_more",
                 FormatCount(static_cast<int64_t>(ids.size() - kConfirmListed), page.lang())))
           : nlohmann::json(nullptr)}};
  page.Show("confirm", std::move(data), page.T("confirm_title"));
}

void Apply(Call& call, Page& page, const std::string& action, const std::vector<int64_t>& ids,
           const std::string& back) {
  CampaignService service(call.ctx.store, call.ctx.clock);
  std::vector<Status> results;
  if (*ActionNamed(action) == CampaignAction::kSend) {
    results = service.Send(ids);
  } else {
    for (int64_t id : ids) results.push_back(service.Apply(id, *ActionNamed(action)).status());
  }
  int64_t ok = 0;
  nlohmann::json failures = nlohmann::json::array();
  for (size_t i = 0; i < ids.size(); ++i) {
    if (results[i].ok()) {
      ++ok;
      continue;
    }
    auto c = call.ctx.store.GetCampaign(ids[i]);
    const ApiError e = ApiError::FromStatus(results[i]);
    failures.push_back({{"id", ids[i]},
                        {"name", c.ok() ? c->name : page.T("campaign_unknown")},
                        {"error", e.status >= 500 ? page.T("error_internal") : e.message}});
  }
  if (failures.empty())
    return page.Redirect(WithQuery(WithQuery(back, "done", action), "ok", std::to_string(ok)));
  page.Show(
      "results",
      {{"summary", FormatText(page.lang(), "results_summary", FormatCount(ok, page.lang()),
                              FormatCount(static_cast<int64_t>(failures.size()), page.lang()))},
       {"has_failures", true},
       {"failures", failures},
       {"back", back}},
      page.T("results_title"));
}

void Act(Call& call) {
  Page page(call);
  const std::string action = page.Field("action");
  if (!ActionNamed(action)) return page.Error(400, page.T("error_bad_action"));
  std::string back = page.Field("back");
  if (back.empty()) back = ListUrl(page.Field("status"), page.Field("q"));
  back = LocalPath(back);
  const auto ids = SelectedIds(call, page);
  if (!ids) return;
  if (ids->empty())
    return page.Show("results", {{"summary", page.T("results_none_selected")}, {"back", back}},
                     page.T("results_title"), 400);
  if (page.Field("confirm") != "yes") return Confirm(call, page, action, *ids, back);
  Apply(call, page, action, *ids, back);
}

}  // namespace

void AddCampaignListRoutes(Router& router) {
  router.Add(PageRoute("GET", "/campaigns", Permission::kRead, List,
                       {"status", "q", "before", "done", "ok"}));
  Route act = PageRoute("POST", "/campaigns/actions", Permission::kWriteCampaigns, Act);
  act.max_body = kSmallBody;  // 1,000 ids and the filter
  router.Add(act);
}

}  // namespace pregon::http::ui

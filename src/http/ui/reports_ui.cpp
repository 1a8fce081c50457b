// Provider reports (docs/REPORTS.md), as `pregon report …` and /api/v1/reports:
//   GET  /reports?state=&before=     the requests, newest first, 100 a page; the table
//                                    refreshes itself while any request is still in work
//   POST /reports                    ask for reports by hand: sender, types, days, zone
//   POST /reports/process            "Process pending now": every waiting request due at once
//                                    (the engine takes them within its poll interval)
//   POST /reports/{id}/load          alias default|analytics; a second load replaces the first,
//                                    confirmed; the rows skipped are listed by line
//   GET  /reports/{id}/file.csv      the downloaded file as the provider sent it
// Asking and processing need process_reports; loading, load_to_db; the rest, read.
#include <fmt/format.h>

#include "app/reports/manual_reports.h"
#include "app/reports/report_file.h"
#include "app/reports/report_loader.h"
#include "core/url.h"
#include "http/api/csv_download.h"
#include "http/call.h"
#include "http/campaign_names.h"
#include "http/ui/campaign_views.h"
#include "http/ui/line_report.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kReportsPage = 100;

std::string ReportTypeLabel(ReportType type, Language lang) {
  return Text(lang, "report_type_" + std::string(ReportTypeName(type)));
}

std::string ReportStateLabel(ReportState state, Language lang) {
  return Text(lang, "report_state_" + std::string(ReportStateName(state)));
}

bool InWork(ReportState s) { return s == ReportState::kPending || s == ReportState::kProcessing; }

// The load buttons of a ready request, for the databases there are.
nlohmann::json LoadButtons(const ReportRequest& r, Page& page, bool analytics) {
  nlohmann::json out = nlohmann::json::array();
  if (r.state != ReportState::kReady || !page.Can(Permission::kLoadToDb)) return out;
  for (ReportAlias alias : {ReportAlias::kDefault, ReportAlias::kAnalytics}) {
    if (alias == ReportAlias::kAnalytics && !analytics) continue;
    const std::string name(ReportAliasName(alias));
    const bool again = r.LoadedAt(alias).has_value();
    out.push_back(
        {{"alias", name},
         {"label", page.T(again ? "report_reload_" + name : "report_load_" + name)},
         {"short", again ? FormatText(page.lang(), "report_load_again_short", name) : name}});
  }
  return out;
}

nlohmann::json ReportRow(const ReportRequest& r, CampaignNames& names, Page& page, bool analytics) {
  const Language lang = page.lang();
  nlohmann::json loaded_in = nlohmann::json::array();
  for (ReportAlias alias : {ReportAlias::kDefault, ReportAlias::kAnalytics})
    if (r.LoadedAt(alias)) loaded_in.push_back(std::string(ReportAliasName(alias)));
  nlohmann::json loads = LoadButtons(r, page, analytics);
  return {
      {"id", r.id},
      {"type", ReportTypeLabel(r.type, lang)},
      {"days", r.day_from == r.day_to ? r.day_from : r.day_from + " – " + r.day_to},
      {"time_zone", r.time_zone},
      {"campaign_id", r.campaign_id ? nlohmann::json(*r.campaign_id) : nlohmann::json(nullptr)},
      {"sender", names.Sender(r.sender_id)},
      {"state", std::string(ReportStateName(r.state))},
      {"state_label", ReportStateLabel(r.state, lang)},
      {"rows", r.default_loaded_at || r.analytics_loaded_at
                   ? nlohmann::json(FormatCount(r.rows, lang))
                   : nlohmann::json(nullptr)},
      {"bad_rows",
       r.bad_rows > 0 ? nlohmann::json(FormatCount(r.bad_rows, lang)) : nlohmann::json(nullptr)},
      {"loaded_in", loaded_in},
      {"last_error", r.last_error},
      {"updated", FormatTime(r.updated_at)},
      {"file_url", r.file_path.empty() ? nlohmann::json(nullptr)
                                       : nlohmann::json(fmt::format("/reports/{}/file.csv", r.id))},
      {"loads", loads},
      {"has_loads", !loads.empty()}};
}

// The ask-by-hand form: the senders to choose from, the types (all ticked unless said) and
// what was typed.
nlohmann::json AskForm(Call& call, Page& page, const nlohmann::json& typed) {
  Choices senders{{"", page.T("choose")}};
  if (auto all = call.ctx.store.ListSenders(); all.ok())
    for (const Sender& s : *all) senders.push_back({s.name, s.name});
  const std::vector<std::string> ticked = typed.value("types", std::vector<std::string>{});
  nlohmann::json types = nlohmann::json::array();
  for (ReportType t : kAllReportTypes) {
    const std::string name(ReportTypeName(t));
    types.push_back({{"value", name},
                     {"label", ReportTypeLabel(t, page.lang())},
                     {"checked", ticked.empty() || std::find(ticked.begin(), ticked.end(), name) !=
                                                       ticked.end()}});
  }
  const std::string today = FormatTime(call.ctx.clock.Now()).substr(0, 10);
  return {{"sender_options", SelectOptions(senders, typed.value("sender", ""))},
          {"types", types},
          {"from", typed.value("from", today)},
          {"to", typed.value("to", today)},
          {"time_zone", typed.value("time_zone", "")},
          {"error", typed.value("error", "")}};
}

// The list page; `extra` adds a notice, the ask form's error, or a load's report.
void ShowReports(Call& call, Page& page, nlohmann::json extra, int status) {
  ReportRequestQuery q;
  const std::string state = call.Query("state");
  if (!state.empty()) {
    auto parsed = ParseReportState(state);
    if (!parsed.ok()) return page.Error(400, parsed.status().message());
    q.state = *parsed;
  }
  if (!PagePosition(call, page, "before", &q.before_id)) return;
  q.limit = kReportsPage + 1;
  auto rows = call.ctx.store.ListReportRequests(q);
  if (!rows.ok()) return page.Error(rows.status());
  const bool more = TrimToPage(*rows, kReportsPage);

  const bool analytics = call.ctx.analytics != nullptr;
  CampaignNames names(call.ctx.store);
  nlohmann::json items = nlohmann::json::array();
  bool in_work = false;
  for (const ReportRequest& r : *rows) {
    items.push_back(ReportRow(r, names, page, analytics));
    in_work |= InWork(r.state);
  }
  Choices states{{"", page.T("filter_any_state")}};
  for (ReportState s :
       {ReportState::kPending, ReportState::kProcessing, ReportState::kReady, ReportState::kError})
    states.push_back({std::string(ReportStateName(s)), ReportStateLabel(s, page.lang())});
  const std::string base = "/reports" + (state.empty() ? "" : "?state=" + PercentEncode(state));
  nlohmann::json data = {
      {"nav_reports", true},
      {"state_options", SelectOptions(states, state)},
      {"has_rows", !items.empty()},
      {"rows", items},
      {"in_work", in_work},
      {"analytics", analytics},
      {"ask", AskForm(call, page, extra.value("ask", nlohmann::json::object()))}};
  data.update(
      PagingUrls(base, !q.before_id, "before", NextCursor(more, [&] { return rows->back().id; })));
  extra.erase("ask");
  data.update(extra);
  page.Show("reports", std::move(data), page.T("nav_reports"), status);
}

void ListReports(Call& call) {
  Page page(call);
  nlohmann::json extra = nlohmann::json::object();
  const std::string done = call.Query("done");
  const auto count = ParsePositiveId(call.Query("n"));
  if (done == "asked" && count)
    extra["notice"] = FormatText(page.lang(), "reports_asked", FormatCount(*count, page.lang()));
  if (done == "process")
    extra["notice"] =
        FormatText(page.lang(), "reports_processing", FormatCount(count.value_or(0), page.lang()));
  ShowReports(call, page, std::move(extra), 200);
}

void AskReports(Call& call) {
  Page page(call);
  ManualReportAsk ask;
  ask.sender = page.Field("sender").substr(0, 200);
  ask.from = page.Field("from").substr(0, 10);
  ask.to = page.Field("to").substr(0, 10);
  ask.time_zone = page.Field("time_zone").substr(0, 64);
  std::vector<std::string> names = page.Fields("types");
  if (names.size() > std::size(kAllReportTypes)) names.resize(std::size(kAllReportTypes));
  nlohmann::json typed = {{"sender", ask.sender},
                          {"from", ask.from},
                          {"to", ask.to},
                          {"time_zone", ask.time_zone},
                          {"types", names}};
  std::string error;
  for (const std::string& name : names) {
    auto type = ParseReportType(name);
    if (!type.ok()) return page.Error(400, type.status().message());
    ask.types.push_back(*type);
  }
  if (ask.sender.empty()) error = page.T("reports_choose_sender");
  if (error.empty() && ask.types.empty()) error = page.T("reports_choose_type");
  if (error.empty()) {
    if (ask.to.empty()) ask.to = ask.from;
    auto ids = RequestManualReports(call.ctx.store, call.ctx.store, ask, call.ctx.clock.Now());
    if (ids.ok()) return page.Redirect("/reports?done=asked&n=" + std::to_string(ids->size()));
    const StatusCode code = ids.status().code();
    if (code != StatusCode::kInvalidArgument && code != StatusCode::kNotFound &&
        code != StatusCode::kFailedPrecondition)
      return page.Error(ids.status());
    error = std::string(ids.status().message());
  }
  typed["error"] = error;
  ShowReports(call, page, {{"ask", typed}, {"ask_open", true}}, 422);
}

void ProcessPending(Call& call) {
  Page page(call);
  auto due = call.ctx.store.HastenReportRequests(call.ctx.clock.Now());
  if (!due.ok()) return page.Error(due.status());
  page.Redirect("/reports?done=process&n=" + std::to_string(*due));
}

std::optional<ReportRequest> RequestOfPath(const Call& call, Page& page) {
  return OfPath<ReportRequest>(call, page, "report_not_found",
                               [&](int64_t id) { return call.ctx.store.GetReportRequest(id); });
}

void LoadReport(Call& call) {
  Page page(call);
  auto request = RequestOfPath(call, page);
  if (!request) return;
  auto alias = ParseReportAlias(page.Field("alias"));
  if (!alias.ok()) return page.Error(400, alias.status().message());
  ReportTableStore* target = &call.ctx.store;
  if (*alias == ReportAlias::kAnalytics) target = call.ctx.analytics;
  if (!target) return page.Error(409, page.T("report_no_analytics"));
  const std::string alias_name(ReportAliasName(*alias));
  const Language lang = page.lang();
  const bool replace = request->LoadedAt(*alias).has_value();
  if (replace &&
      !page.Confirmed(
          {FormatText(lang, "confirm_report_reload", std::to_string(request->id), alias_name,
                      FormatCount(request->rows, lang)),
           page.T("report_reload_" + alias_name), fmt::format("/reports/{}/load", request->id),
           nlohmann::json::array({{{"name", "alias"}, {"value", alias_name}}}), "/reports", ""}))
    return;
  auto result =
      LoadReportFile(*request, *alias, replace, *target, call.ctx.store, call.ctx.clock.Now());
  if (!result.ok()) {
    const StatusCode code = result.status().code();
    if (code != StatusCode::kInvalidArgument && code != StatusCode::kFailedPrecondition &&
        code != StatusCode::kAlreadyExists && code != StatusCode::kNotFound)
      return page.Error(result.status());
    return ShowReports(call, page, {{"load_error", result.status().message()}}, 422);
  }
  const size_t skipped = static_cast<size_t>(result->bad_rows);
  ShowReports(
      call, page,
      {{"load_report",
        LineReport(lang,
                   FormatText(lang, "report_loaded", std::to_string(request->id), alias_name,
                              FormatCount(result->rows, lang), FormatCount(result->bad_rows, lang)),
                   result->problems, skipped)}},
      200);
}

void DownloadReport(Call& call) {
  Page page(call);
  auto request = RequestOfPath(call, page);
  if (!request) return;
  auto file = ReportFileReader::Open(*request);
  if (!file.ok()) return page.Error(file.status());
  ServeCsv(call, std::move(file).value(),
           fmt::format("report-{}-{}-{}.csv", request->id, ReportTypeName(request->type),
                       request->day_from));
}

}  // namespace

void AddReportPageRoutes(Router& router) {
  router.Add(PageRoute("GET", "/reports", Permission::kRead, ListReports,
                       {"state", "before", "done", "n"}));
  router.Add(PageRoute("POST", "/reports", Permission::kProcessReports, AskReports));
  router.Add(PageRoute("POST", "/reports/process", Permission::kProcessReports, ProcessPending));
  router.Add(PageRoute("POST", "/reports/{id}/load", Permission::kLoadToDb, LoadReport));
  router.Add(PageRoute("GET", "/reports/{id}/file.csv", Permission::kRead, DownloadReport));
}

}  // namespace pregon::http::ui

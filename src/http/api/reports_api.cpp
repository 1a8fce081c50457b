// Provider reports (docs/REPORTS.md): GET /api/v1/campaigns/{id}/report (what `report show`
// prints), …/report/deliveries.csv (what `report deliveries` writes, streamed a page at a
// time under an event-stream slot), /api/v1/reports (the requests: list, get, ask by hand) and
// /api/v1/reports/{id}/load (load a downloaded report into the default database again, or
// with replace). Asking needs process_reports, loading load_to_db; reading, read.
#include "app/json_views.h"
#include "app/reports/campaign_report.h"
#include "app/reports/delivery_export.h"
#include "app/reports/manual_reports.h"
#include "app/reports/report_loader.h"
#include "http/api/csv_download.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/cursor.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

void CampaignReportView(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  auto c = call.ctx.store.GetCampaign(id);
  if (!c.ok()) return call.Fail(c.status());
  auto report = ReadCampaignReport(call.ctx.store, *c);
  if (!report.ok()) return call.Fail(report.status());
  call.Reply(200, CampaignReportJson(*report));
}

void DeliveriesCsv(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  if (auto c = call.ctx.store.GetCampaign(id); !c.ok()) return call.Fail(c.status());
  ServeCsv(call, DeliveryCsvExport(call.ctx.store, id),
           "campaign-" + std::to_string(id) + "-deliveries.csv");
}

void ListReports(Call& call) {
  ReportRequestQuery q;
  std::optional<int64_t> campaign;
  if (!call.Limit(&q.limit, 100, 1000) || !call.CursorId("reports", &q.before_id) ||
      !call.QueryId("campaign_id", &campaign))
    return;
  q.campaign_id = campaign;
  if (call.HasQuery("state")) {
    auto state = ParseReportState(call.Query("state"));
    if (!state.ok()) return call.Fail(ApiError::BadRequest(state.status().message(), "state"));
    q.state = *state;
  }
  const int limit = q.limit;
  q.limit = limit + 1;
  auto rows = call.ctx.store.ListReportRequests(q);
  if (!rows.ok()) return call.Fail(rows.status());
  call.Reply(200, PageOf(*rows, limit, ReportRequestJson,
                         [](const ReportRequest& r) { return EncodeIdCursor("reports", r.id); }));
}

void GetReport(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "report request")) return;
  auto r = call.ctx.store.GetReportRequest(id);
  if (!r.ok()) return call.Fail(r.status());
  call.Reply(200, ReportRequestJson(*r));
}

void AskReports(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  ManualReportAsk ask;
  std::vector<std::string> types;
  f.String("sender", &ask.sender, JsonFields::kRequired, 200);
  f.String("from", &ask.from, JsonFields::kRequired, 10);
  f.String("to", &ask.to, JsonFields::kOptional, 10);
  f.String("time_zone", &ask.time_zone, JsonFields::kOptional, 64);
  f.StringArray("types", &types, std::size(kAllReportTypes), 20);
  if (auto error = f.Finish()) return call.Fail(*error);
  for (const auto& name : types) {
    auto type = ParseReportType(name);
    if (!type.ok()) return call.Fail(ApiError::Invalid(type.status().message(), "types"));
    ask.types.push_back(*type);
  }
  if (ask.to.empty()) ask.to = ask.from;
  if (ask.types.empty()) ask.types.assign(std::begin(kAllReportTypes), std::end(kAllReportTypes));
  auto ids = RequestManualReports(call.ctx.store, call.ctx.store, ask, call.ctx.clock.Now());
  if (!ids.ok()) return call.Fail(ids.status());
  call.Reply(201, {{"report_requests", *ids}});
}

void LoadDownloadedReport(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "report request")) return;
  nlohmann::json body;
  if (!call.Body(&body, /*allow_empty=*/true)) return;
  JsonFields f(body);
  bool replace = false;
  std::string alias = "default";
  f.Bool("replace", &replace);
  f.String("alias", &alias, JsonFields::kOptional, 20);
  if (auto error = f.Finish()) return call.Fail(*error);
  if (alias != "default")
    return call.Fail(ApiError::Invalid(
        "only the default database is loaded through the API; use `pregon report load ID "
        "--alias analytics`",
        "alias"));
  auto request = call.ctx.store.GetReportRequest(id);
  if (!request.ok()) return call.Fail(request.status());
  auto r = LoadReportFile(*request, ReportAlias::kDefault, replace, call.ctx.store, call.ctx.store,
                          call.ctx.clock.Now());
  if (!r.ok()) return call.Fail(r.status());
  call.Reply(200, ReportLoadJson(id, alias, *r));
}

}  // namespace

void AddReportRoutes(Router& router) {
  router.Add({"GET", "/api/v1/campaigns/{id}/report", Permission::kRead, CampaignReportView});
  router.Add(
      {"GET", "/api/v1/campaigns/{id}/report/deliveries.csv", Permission::kRead, DeliveriesCsv});
  router.Add({"GET",
              "/api/v1/reports",
              Permission::kRead,
              ListReports,
              {"limit", "cursor", "campaign_id", "state"}});
  router.Add({"POST", "/api/v1/reports", Permission::kProcessReports, AskReports});
  router.Add({"GET", "/api/v1/reports/{id}", Permission::kRead, GetReport});
  router.Add({"POST", "/api/v1/reports/{id}/load", Permission::kLoadToDb, LoadDownloadedReport});
}

}  // namespace pregon::http

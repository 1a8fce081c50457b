// The suppression list, as `pregon suppression list|add|remove|import` and /api/v1/suppressions.
//   GET  /suppressions?reason=bounced&address=E&after=A   100 a page by address, a reason
//                                                         filter, one address looked up
//   POST /suppressions                    address, reason (manual unless said): suppressed
//   POST /suppressions/remove             address: no longer suppressed (confirmed first)
//   POST /suppressions/import             file (CSV), reason: the counts and every row skipped,
//                                         by line — nothing else is lost for a bad row
// Adding, removing and importing need write_audience.
#include "app/suppression_service.h"
#include "core/url.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/line_report.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kSuppressionsPage = 100;

constexpr SuppressionReason kReasons[] = {
    SuppressionReason::kUnavailable, SuppressionReason::kUnsubscribed, SuppressionReason::kBounced,
    SuppressionReason::kComplaint, SuppressionReason::kManual};

std::string ReasonLabel(SuppressionReason r, Language lang) {
  return Text(lang, "reason_" + std::string(SuppressionReasonName(r)));
}

nlohmann::json ReasonOptions(Page& page, const std::string& selected, bool any) {
  Choices choices;
  if (any) choices.push_back({"", page.T("filter_any_reason")});
  for (SuppressionReason r : kReasons)
    choices.push_back({std::string(SuppressionReasonName(r)), ReasonLabel(r, page.lang())});
  return SelectOptions(choices, selected);
}

// The list page; `extra` adds a notice, an error, or an import's report.
void ShowSuppressions(Call& call, Page& page, nlohmann::json extra, int status) {
  SuppressionQuery q;
  const std::string reason = call.Query("reason"), address = call.Query("address").substr(0, 320);
  if (!reason.empty()) {
    auto parsed = ParseSuppressionReason(reason);
    if (!parsed.ok()) return page.Error(400, parsed.status().message());
    q.reason = *parsed;
  }
  q.after_address = call.Query("after").substr(0, 320);
  q.limit = kSuppressionsPage + 1;
  auto rows = SuppressionService(call.ctx.store, call.ctx.clock).Page(q, address);
  if (!rows.ok() && rows.status().code() != StatusCode::kInvalidArgument)
    return page.Error(rows.status());
  nlohmann::json items = nlohmann::json::array();
  const bool more = rows.ok() && TrimToPage(*rows, kSuppressionsPage);
  if (rows.ok()) {
    for (const Suppression& s : *rows) {
      items.push_back({{"address", s.address},
                       {"reason", ReasonLabel(s.reason, page.lang())},
                       {"campaign_id",
                        s.campaign_id ? nlohmann::json(*s.campaign_id) : nlohmann::json(nullptr)},
                       {"created", FormatTime(s.created_at)}});
    }
  }
  const std::string base = "/suppressions?reason=" + PercentEncode(reason);
  nlohmann::json data = {{"nav_suppressions", true},
                         {"reason", reason},
                         {"address", address},
                         {"reason_options", ReasonOptions(page, reason, true)},
                         {"add_reason_options", ReasonOptions(page, "manual", false)},
                         {"has_rows", !items.empty()},
                         {"rows", items},
                         {"lookup_error", rows.ok() ? nlohmann::json(nullptr)
                                                    : nlohmann::json(rows.status().message())}};
  data.update(PagingUrls(base, q.after_address.empty(), "after",
                         NextCursor(more, [&] { return rows->back().address; })));
  data.update(extra);
  page.Show("suppressions", std::move(data), page.T("nav_suppressions"), status);
}

void ListSuppressions(Call& call) {
  Page page(call);
  ShowSuppressions(call, page, DoneNotice(call, page, "suppression_", {"added", "removed"}), 200);
}

void AddSuppression(Call& call) {
  Page page(call);
  auto reason = ParseSuppressionReason(page.Field("reason"));
  if (!reason.ok()) return page.Error(400, reason.status().message());
  auto row = SuppressionService(call.ctx.store, call.ctx.clock).Add(page.Field("address"), *reason);
  if (row.ok()) return page.Redirect("/suppressions?done=added");
  if (row.status().code() != StatusCode::kInvalidArgument) return page.Error(row.status());
  ShowSuppressions(call, page,
                   {{"add_error", row.status().message()}, {"add_address", page.Field("address")}},
                   422);
}

void RemoveSuppression(Call& call) {
  Page page(call);
  const std::string address = page.Field("address").substr(0, 320);
  page.ConfirmThenDo(
      {FormatText(page.lang(), "confirm_unsuppress", address), page.T("unsuppress"),
       "/suppressions/remove", nlohmann::json::array({{{"name", "address"}, {"value", address}}}),
       "/suppressions", "/suppressions?done=removed"},
      [&] {
        Status st =
            SuppressionService(call.ctx.store, call.ctx.clock).Remove(address, std::nullopt);
        return st.code() == StatusCode::kInvalidArgument
                   ? Status::NotFound("'" + address + "' is not suppressed")
                   : st;
      });
}

void ImportSuppressions(Call& call) {
  Page page(call);
  const FormPart* file = call.req.Part("file");
  auto reason = ParseSuppressionReason(page.Field("reason"));
  if (!reason.ok()) return page.Error(400, reason.status().message());
  if (!file || file->content.empty())
    return ShowSuppressions(call, page, {{"import_error", page.T("import_no_file")}}, 422);
  auto report =
      SuppressionService(call.ctx.store, call.ctx.clock).ImportCsv(file->content, *reason);
  if (!report.ok()) {
    if (report.status().code() != StatusCode::kInvalidArgument) return page.Error(report.status());
    return ShowSuppressions(call, page, {{"import_error", report.status().message()}}, 422);
  }
  const Language lang = page.lang();
  const size_t skipped = report->issues.size();
  ShowSuppressions(
      call, page,
      {{"import_report",
        LineReport(lang,
                   FormatText(lang, "import_summary", FormatCount(report->counts.added, lang),
                              FormatCount(report->counts.updated, lang),
                              FormatCount(static_cast<int64_t>(skipped), lang)),
                   report->issues, skipped)}},
      200);
}

}  // namespace

void AddSuppressionPageRoutes(Router& router) {
  router.Add(PageRoute("GET", "/suppressions", Permission::kRead, ListSuppressions,
                       {"reason", "address", "after", "done"}));
  router.Add(PageRoute("POST", "/suppressions", Permission::kWriteAudience, AddSuppression));
  router.Add(
      PageRoute("POST", "/suppressions/remove", Permission::kWriteAudience, RemoveSuppression));
  Route import =
      PageRoute("POST", "/suppressions/import", Permission::kWriteAudience, ImportSuppressions);
  import.max_body = kLargeBody;  // a CSV upload, spooled to disk as it arrives
  import.spool_body = true;
  router.Add(import);
}

}  // namespace pregon::http::ui

// /api/v1/suppressions: the suppression list — list (by address, with a reason filter),
// add, remove, import a CSV — as `pregon suppression list|add|remove|import`.
#include "app/json_views.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/cursor.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

bool OptionalReason(Call& call, const std::string& text, std::optional<SuppressionReason>* out) {
  out->reset();
  if (text.empty()) return true;
  auto r = ParseSuppressionReason(text);
  if (!r.ok()) {
    call.Fail(ApiError::BadRequest(r.status().message(), "reason"));
    return false;
  }
  *out = *r;
  return true;
}

void List(Call& call) {
  SuppressionQuery q;
  if (!call.Limit(&q.limit, 100, 1000) || !call.Cursor("suppressions", &q.after_address) ||
      !OptionalReason(call, call.Query("reason"), &q.reason))
    return;
  const int limit = q.limit;
  q.limit = limit + 1;
  auto rows = SuppressionService(call.ctx.store, call.ctx.clock).Page(q, call.Query("address"));
  if (!rows.ok()) {
    ApiError e = ApiError::FromStatus(rows.status());
    if (e.status == 422) e = ApiError::BadRequest(e.message, "address");
    return call.Fail(e);
  }
  call.Reply(200, PageOf(*rows, limit, SuppressionJson, [](const Suppression& s) {
               return EncodeCursor("suppressions", s.address);
             }));
}

void Add(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::string address, reason_text = "manual";
  f.String("address", &address, JsonFields::kRequired, 320);
  f.String("reason", &reason_text, JsonFields::kOptional, 20);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto reason = ParseSuppressionReason(reason_text);
  if (!reason.ok()) return call.Fail(ApiError::Invalid(reason.status().message(), "reason"));
  bool added = false;
  auto row = SuppressionService(call.ctx.store, call.ctx.clock).Add(address, *reason, &added);
  if (!row.ok()) return call.Fail(ApiError::Invalid(row.status().message(), "address"));
  nlohmann::json j = SuppressionJson(*row);
  j["added"] = added;
  call.Reply(added ? 201 : 200, j);
}

void Remove(Call& call) {
  std::optional<SuppressionReason> reason;
  if (!OptionalReason(call, call.Query("reason"), &reason)) return;
  const std::string address = call.Param("address");
  Status st = SuppressionService(call.ctx.store, call.ctx.clock).Remove(address, reason);
  if (st.code() == StatusCode::kInvalidArgument)
    return call.Fail(ApiError::NotFound("'" + address + "' is not suppressed"));
  if (!st.ok()) return call.Fail(st);
  call.Reply(200, {{"address", address}, {"removed", true}});
}

void Import(Call& call) {
  if (!call.MultipartParts({"file", "reason"}, {"file"})) return;
  std::string reason_text =
      call.req.Part("reason") ? std::string(call.req.Part("reason")->content) : "manual";
  auto reason = ParseSuppressionReason(reason_text);
  if (!reason.ok()) return call.Fail(ApiError::Invalid(reason.status().message(), "reason"));
  auto report = SuppressionService(call.ctx.store, call.ctx.clock)
                    .ImportCsv(call.req.Part("file")->content, *reason);
  if (!report.ok()) {
    ApiError e = ApiError::FromStatus(report.status());
    if (e.status == 422) e.details["field"] = "file";
    return call.Fail(e);
  }
  call.Reply(200, SuppressionImportJson(*report));
}

}  // namespace

void AddSuppressionRoutes(Router& router) {
  router.Add({"GET",
              "/api/v1/suppressions",
              Permission::kRead,
              List,
              {"limit", "cursor", "reason", "address"}});
  router.Add({"POST", "/api/v1/suppressions", Permission::kWriteAudience, Add});
  router.Add(
      {"DELETE", "/api/v1/suppressions/{address}", Permission::kWriteAudience, Remove, {"reason"}});
  Route import{"POST", "/api/v1/suppressions/import", Permission::kWriteAudience, Import};
  import.max_body = kLargeBody;  // a CSV upload
  import.spool_body = true;
  router.Add(import);
}

}  // namespace pregon::http

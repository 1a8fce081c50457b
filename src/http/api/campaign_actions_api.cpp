// Campaign actions: POST /api/v1/campaigns/send (many ids: the multi-select action),
// POST /api/v1/campaigns/{id}/send|pause|resume|cancel, GET …/{id}/preview?contact=,
// POST …/{id}/test — the CLI's `campaign send|pause|resume|cancel|preview|test`.
#include "app/json_views.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

constexpr size_t kMaxIds = 1000;

void SendMany(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::vector<int64_t> ids;
  f.IntArray("ids", &ids, kMaxIds, JsonFields::kRequired);
  if (auto error = f.Finish()) return call.Fail(*error);
  if (ids.empty())
    return call.Fail(ApiError::Invalid("ids must name at least one campaign", "ids"));
  CampaignService service(call.ctx.store, call.ctx.clock);
  const auto results = service.Send(ids);
  nlohmann::json out = nlohmann::json::array();
  int sent = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    nlohmann::json r = {{"id", ids[i]}, {"ok", results[i].ok()}};
    if (results[i].ok()) {
      r["status"] = "queued";
      ++sent;
    } else {
      r["error"] = ApiError::FromStatus(results[i]).ToJson()["error"];
    }
    out.push_back(std::move(r));
  }
  // One bad id does not stop the others: each has its own result.
  call.Reply(200,
             {{"results", out}, {"queued", sent}, {"failed", static_cast<int>(ids.size()) - sent}});
}

Handler Action(CampaignAction action) {
  return [action](Call& call) {
    int64_t id = 0;
    if (!call.Id("id", &id, "campaign") || !call.NoBody()) return;
    auto status = CampaignService(call.ctx.store, call.ctx.clock).Apply(id, action);
    if (!status.ok()) return call.Fail(status.status());
    call.Reply(200, {{"id", id}, {"status", CampaignStatusName(*status)}});
  };
}

void Preview(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  const std::string contact = call.Query("contact");
  if (contact.empty())
    return call.Fail(
        ApiError::BadRequest("contact is required (an e-mail address or chat id)", "contact"));
  auto rendered = CampaignService(call.ctx.store, call.ctx.clock).Preview(id, contact);
  if (!rendered.ok()) return call.Fail(rendered.status());
  call.Reply(200, PreviewJson(*rendered));
}

void TestSend(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::string to;
  f.String("to", &to, JsonFields::kRequired, 320);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto r =
      CampaignService(call.ctx.store, call.ctx.clock).TestSend(id, to, call.ctx.options.channel);
  if (!r.ok()) {
    ApiError e = ApiError::FromStatus(r.status());
    if (r.status().code() == StatusCode::kInvalidArgument) e.details["field"] = "to";
    return call.Fail(e);
  }
  nlohmann::json j = {{"outcome", SendOutcomeName(r->outcome)},
                      {"provider_id", r->provider_id},
                      {"error", r->error}};
  if (r->outcome == SendOutcome::kSent) return call.Reply(200, j);
  // The provider refused it: say so with what it answered.
  ApiError e;
  e.status = 502;
  e.code = "test_send_failed";
  e.message = "the test message to " + to + " was not sent: " + r->error;
  e.details = j;
  call.Fail(e);
}

}  // namespace

void AddCampaignActionRoutes(Router& router) {
  router.Add({"POST", "/api/v1/campaigns/send", Permission::kWriteCampaigns, SendMany});
  router.Add({"POST", "/api/v1/campaigns/{id}/send", Permission::kWriteCampaigns,
              Action(CampaignAction::kSend)});
  router.Add({"POST", "/api/v1/campaigns/{id}/pause", Permission::kWriteCampaigns,
              Action(CampaignAction::kPause)});
  router.Add({"POST", "/api/v1/campaigns/{id}/resume", Permission::kWriteCampaigns,
              Action(CampaignAction::kResume)});
  router.Add({"POST", "/api/v1/campaigns/{id}/cancel", Permission::kWriteCampaigns,
              Action(CampaignAction::kCancel)});
  router.Add({"GET", "/api/v1/campaigns/{id}/preview", Permission::kRead, Preview, {"contact"}});
  router.Add({"POST", "/api/v1/campaigns/{id}/test", Permission::kWriteCampaigns, TestSend});
}

}  // namespace pregon::http

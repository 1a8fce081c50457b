// /api/v1/campaigns: list (filters, cursor), create, get (with counters), edit while draft
// or scheduled. Validation is the campaign use case's (app/campaign_service.h), as for the CLI.
#include "app/json_views.h"
#include "http/api/campaign_input.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/campaign_names.h"
#include "http/cursor.h"

namespace pregon::http {

namespace {

constexpr int kDefaultCampaignPage = 50, kMaxCampaignPage = 200;

nlohmann::json FullCampaignJson(Store& store, const Campaign& c, const Counters& k) {
  CampaignNames names(store);
  return CampaignJson(c, k, names.Sender(c.sender_id), names.List(c.list_id));
}

void ReplyCampaign(Call& call, int status, int64_t id) {
  auto c = call.ctx.store.GetCampaign(id);
  if (!c.ok()) return call.Fail(c.status());
  auto k = call.ctx.store.GetCounters(id);
  if (!k.ok()) return call.Fail(k.status());
  call.Reply(status, FullCampaignJson(call.ctx.store, *c, *k));
}

bool ParseStatuses(Call& call, std::vector<CampaignStatus>* out) {
  auto statuses = ParseCampaignStatusList(call.Query("status"));
  if (!statuses.ok()) {
    call.Fail(ApiError::BadRequest(statuses.status().message(), "status"));
    return false;
  }
  *out = std::move(statuses).value();
  return true;
}

void ListCampaigns(Call& call) {
  CampaignQuery q;
  if (!call.Limit(&q.limit, kDefaultCampaignPage, kMaxCampaignPage) ||
      !call.CursorId("campaigns", &q.before_id) || !call.QueryId("sender_id", &q.sender_id) ||
      !call.QueryId("list_id", &q.list_id) || !ParseStatuses(call, &q.statuses))
    return;
  q.name_contains = call.Query("q");
  if (q.name_contains.size() > 200)
    return call.Fail(ApiError::BadRequest("q is longer than 200 bytes", "q"));
  const int limit = q.limit;
  q.limit = limit + 1;
  auto page = call.ctx.store.ListCampaigns(q);
  if (!page.ok()) return call.Fail(page.status());
  CampaignNames names(call.ctx.store);
  call.Reply(
      200,
      PageOf(
          *page, limit,
          [&](const CampaignSummary& s) {
            return CampaignJson(s.campaign, s.counters, names.Sender(s.campaign.sender_id),
                                names.List(s.campaign.list_id));
          },
          [](const CampaignSummary& s) { return EncodeIdCursor("campaigns", s.campaign.id); }));
}

void GetCampaign(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  ReplyCampaign(call, 200, id);
}

void CreateCampaign(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  CampaignInput in;
  ReadCampaignFields(f, &in, /*create=*/true);
  if (auto error = f.Finish()) return call.Fail(*error);
  if (Status st = ResolveSpecText(in.text, &in.spec); !st.ok()) return call.Fail(st);
  auto id = CampaignService(call.ctx.store, call.ctx.clock).Create(in.spec);
  if (!id.ok()) return call.Fail(id.status());
  call.res.SetHeader("Location", "/api/v1/campaigns/" + std::to_string(*id));
  ReplyCampaign(call, 201, *id);
}

void EditCampaign(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  nlohmann::json body;
  if (!call.Body(&body)) return;
  CampaignService service(call.ctx.store, call.ctx.clock);
  auto current = service.SpecOf(id);
  if (!current.ok()) return call.Fail(current.status());
  CampaignInput in{*current, SpecTextOf(*current), false};
  JsonFields f(body);
  ReadCampaignFields(f, &in, /*create=*/false);
  if (auto error = f.Finish()) return call.Fail(*error);
  if (Status st = ResolveSpecText(in.text, &in.spec); !st.ok()) return call.Fail(st);
  if (Status st = service.Update(id, in.spec, in.attachments_given); !st.ok()) return call.Fail(st);
  ReplyCampaign(call, 200, id);
}

}  // namespace

void AddCampaignRoutes(Router& router) {
  router.Add({"GET",
              "/api/v1/campaigns",
              Permission::kRead,
              ListCampaigns,
              {"limit", "cursor", "status", "q", "sender_id", "list_id"}});
  Route create{"POST", "/api/v1/campaigns", Permission::kWriteCampaigns, CreateCampaign};
  create.max_body = kLargeBody;  // HTML bodies and attachments
  router.Add(create);
  router.Add({"GET", "/api/v1/campaigns/{id}", Permission::kRead, GetCampaign});
  Route edit{"PATCH", "/api/v1/campaigns/{id}", Permission::kWriteCampaigns, EditCampaign};
  edit.max_body = kLargeBody;
  router.Add(edit);
}

}  // namespace pregon::http

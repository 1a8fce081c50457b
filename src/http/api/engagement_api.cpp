// pregon's own tracking, read (DESIGN §1.4b; permission read):
//   GET /api/v1/campaigns/{id}/engagement       totals (unique and total, human and machine),
//                                               rates over `sent`, top links, opens and clicks
//                                               per hour by verdict
//   GET /api/v1/campaigns/{id}/recipients       who opened / clicked / unsubscribed /
//                                               bounced / complained (?activity=), a page
//   GET /api/v1/campaigns/{id}/recipients.csv   the same, every page, as a streamed CSV
#include "app/tracking/engagement_views.h"
#include "http/api/csv_download.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/cursor.h"

namespace pregon::http {

namespace {

// The campaign of the path (answered 404 when there is none) and ?activity=.
bool CampaignAndFilter(Call& call, int64_t* id, EngagementFilter* filter) {
  if (!call.Id("id", id, "campaign")) return false;
  if (auto c = call.ctx.store.GetCampaign(*id); !c.ok()) {
    call.Fail(c.status());
    return false;
  }
  *filter = EngagementFilter::kAll;
  if (call.HasQuery("activity")) {
    auto f = ParseEngagementFilter(call.Query("activity"));
    if (!f.ok()) {
      call.Fail(f.status());
      return false;
    }
    *filter = *f;
  }
  return true;
}

void Engagement(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  auto c = call.ctx.store.GetCampaign(id);
  if (!c.ok()) return call.Fail(c.status());
  auto e = ReadCampaignEngagement(call.ctx.store, *c);
  if (!e.ok()) return call.Fail(e.status());
  call.Reply(200, CampaignEngagementJson(*e));
}

void Recipients(Call& call) {
  EngagementQuery q;
  int limit = 0;
  if (!CampaignAndFilter(call, &q.campaign_id, &q.filter) || !call.Limit(&limit, 100, 1000) ||
      !call.CursorId("recipients", &q.after_seq))
    return;
  q.limit = limit + 1;
  auto rows = call.ctx.store.ListEngagement(q);
  if (!rows.ok()) return call.Fail(rows.status());
  call.Reply(200, PageOf(*rows, limit, DeliveryEngagementJson, [](const DeliveryEngagement& e) {
               return EncodeIdCursor("recipients", e.delivery.seq);
             }));
}

void RecipientsCsv(Call& call) {
  int64_t id = 0;
  EngagementFilter filter = EngagementFilter::kAll;
  if (!CampaignAndFilter(call, &id, &filter)) return;
  ServeCsv(
      call, EngagementCsvExport(call.ctx.store, id, filter),
      "campaign-" + std::to_string(id) + "-" + std::string(EngagementFilterName(filter)) + ".csv");
}

}  // namespace

void AddEngagementRoutes(Router& router) {
  router.Add({"GET", "/api/v1/campaigns/{id}/engagement", Permission::kRead, Engagement});
  router.Add({"GET",
              "/api/v1/campaigns/{id}/recipients",
              Permission::kRead,
              Recipients,
              {"activity", "limit", "cursor"}});
  router.Add({"GET",
              "/api/v1/campaigns/{id}/recipients.csv",
              Permission::kRead,
              RecipientsCsv,
              {"activity"}});
}

}  // namespace pregon::http

// What a campaign is doing: GET /api/v1/campaigns/{id}/progress (the exact counters),
// …/events (the event log as JSON pages, or — with Accept: text/event-stream — a live
// Server-Sent Events stream of progress and log, see progress_stream.h) and …/deliveries
// (one row per recipient, by status).
#include <charconv>
#include <chrono>

#include "app/json_views.h"
#include "http/api/progress_stream.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/cursor.h"

namespace pregon::http {

namespace {

void Progress(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  auto view = CampaignService(call.ctx.store, call.ctx.clock).GetStatus(id);
  if (!view.ok()) return call.Fail(view.status());
  call.Reply(200, CampaignStatusJson(view->campaign, view->counters));
}

void Deliveries(Call& call) {
  DeliveryQuery q;
  if (!call.Id("id", &q.campaign_id, "campaign") || !call.Limit(&q.limit, 100, 1000) ||
      !call.CursorId("deliveries", &q.after_seq))
    return;
  if (call.HasQuery("status")) {
    auto status = ParseDeliveryStatus(call.Query("status"));
    if (!status.ok()) return call.Fail(ApiError::BadRequest(status.status().message(), "status"));
    q.status = *status;
  }
  if (auto c = call.ctx.store.GetCampaign(q.campaign_id); !c.ok()) return call.Fail(c.status());
  const int limit = q.limit;
  q.limit = limit + 1;
  auto rows = call.ctx.store.ListDeliveries(q);
  if (!rows.ok()) return call.Fail(rows.status());
  call.Reply(200, PageOf(*rows, limit, DeliveryJson,
                         [](const Delivery& d) { return EncodeIdCursor("deliveries", d.seq); }));
}

void EventLog(Call& call, int64_t id) {
  int limit = 0;
  int64_t after = 0;
  if (!call.Limit(&limit, 100, 1000) || !call.CursorId("events", &after)) return;
  auto rows = call.ctx.store.ListEvents(id, after, limit + 1);
  if (!rows.ok()) return call.Fail(rows.status());
  call.Reply(200, PageOf(*rows, limit, EventJson,
                         [](const CampaignEvent& e) { return EncodeIdCursor("events", e.id); }));
}

void EventStream(Call& call, int64_t id) {
  int64_t last_event_id = 0;
  const std::string header = call.req.headers.Get("Last-Event-ID");
  if (!header.empty()) {
    const auto [end, ec] =
        std::from_chars(header.data(), header.data() + header.size(), last_event_id);
    if (ec != std::errc() || end != header.data() + header.size() || last_event_id < 0)
      return call.Fail(ApiError::BadRequest("Last-Event-ID must be an event id", "Last-Event-ID"));
  }
  ServeEvents(call, std::make_unique<ProgressStream>(call.ctx.store, id, last_event_id));
}

void Events(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "campaign")) return;
  if (auto c = call.ctx.store.GetCampaign(id); !c.ok()) return call.Fail(c.status());
  if (call.req.headers.Get("Accept").find("text/event-stream") != std::string::npos)
    return EventStream(call, id);
  EventLog(call, id);
}

}  // namespace

void AddCampaignProgressRoutes(Router& router) {
  router.Add({"GET", "/api/v1/campaigns/{id}/progress", Permission::kRead, Progress});
  router.Add(
      {"GET", "/api/v1/campaigns/{id}/events", Permission::kRead, Events, {"limit", "cursor"}});
  router.Add({"GET",
              "/api/v1/campaigns/{id}/deliveries",
              Permission::kRead,
              Deliveries,
              {"limit", "cursor", "status"}});
}

}  // namespace pregon::http

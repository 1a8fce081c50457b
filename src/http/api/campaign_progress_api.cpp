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

// A campaign's progress and event log as a Server-Sent Events stream (progress_stream.h),
// polled by the transport until the campaign is final — or until nothing happened for
// idle_end (a draft that nobody sends): then "event: idle" ends it, and a browser's
// EventSource reconnects by itself, resuming after Last-Event-ID. It holds its StreamSlot
// while it lasts.
class ProgressEvents final : public EventSource {
 public:
  ProgressEvents(CampaignStore& store, int64_t id, int64_t last_event_id, Clock& clock,
                 Millis idle_end, std::unique_ptr<StreamSlots::Slot> slot)
      : stream_(store, id, last_event_id),
        clock_(clock),
        idle_end_(idle_end),
        last_news_(clock.Monotonic()),
        slot_(std::move(slot)) {}

  Step Next() override {
    Step step;
    if (!started_) {
      started_ = true;
      step.text = "retry: 2000\n\n";
    }
    auto text = stream_.Poll();
    if (!text.ok()) {
      step.text += FormatSseEvent("error", DumpJson(ApiError::FromStatus(text.status()).ToJson()),
                                  std::nullopt);
      step.done = true;
      return step;
    }
    step.text += *text;
    step.done = stream_.finished();
    const Instant now = clock_.Monotonic();
    if (!text->empty()) {
      last_news_ = now;
    } else if (now - last_news_ >= idle_end_) {
      step.text += "event: idle\ndata: {}\n\n";
      step.done = true;
    }
    return step;
  }

 private:
  ProgressStream stream_;
  Clock& clock_;
  const Millis idle_end_;
  Instant last_news_;
  const std::unique_ptr<StreamSlots::Slot> slot_;
  bool started_ = false;
};

void EventStream(Call& call, int64_t id) {
  int64_t last_event_id = 0;
  const std::string header = call.req.headers.Get("Last-Event-ID");
  if (!header.empty()) {
    const auto [end, ec] =
        std::from_chars(header.data(), header.data() + header.size(), last_event_id);
    if (ec != std::errc() || end != header.data() + header.size() || last_event_id < 0)
      return call.Fail(ApiError::BadRequest("Last-Event-ID must be an event id", "Last-Event-ID"));
  }
  auto slot = call.TakeStreamSlot("or poll GET .../progress instead");
  if (!slot) return;
  call.res.status = 200;
  call.res.SetHeader("X-Accel-Buffering", "no");  // nginx: pass events on at once
  call.res.content_type = "text/event-stream";
  call.res.stream =
      std::make_shared<ProgressEvents>(call.ctx.store, id, last_event_id, call.ctx.clock,
                                       call.ctx.options.sse_idle_end, std::move(slot));
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

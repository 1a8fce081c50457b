#include "http/api/progress_stream.h"

#include "app/json_views.h"
#include "http/call.h"

namespace pregon::http {

namespace {

constexpr int kLogPage = 500;  // log entries per poll at most: a long log streams over polls

}  // namespace

std::string FormatSseEvent(std::string_view event, std::string_view data,
                           std::optional<int64_t> id) {
  std::string out;
  if (id) out += "id: " + std::to_string(*id) + "\n";
  out += "event: ";
  out += event;
  out += "\ndata: ";
  out += data;
  out += "\n\n";
  return out;
}

PolledEvents::PolledEvents(std::unique_ptr<EventPoller> poller, Clock& clock, Millis idle_end,
                           std::unique_ptr<StreamSlots::Slot> slot)
    : poller_(std::move(poller)),
      clock_(clock),
      idle_end_(idle_end),
      last_news_(clock.Monotonic()),
      slot_(std::move(slot)) {}

EventSource::Step PolledEvents::Next() {
  Step step;
  if (!started_) {
    started_ = true;
    step.text = "retry: 2000\n\n";
  }
  auto text = poller_->Poll();
  if (!text.ok()) {
    step.text += FormatSseEvent("error", DumpJson(ApiError::FromStatus(text.status()).ToJson()),
                                std::nullopt);
    step.done = true;
    return step;
  }
  step.text += *text;
  step.done = poller_->finished();
  const Instant now = clock_.Monotonic();
  if (!text->empty()) {
    last_news_ = now;
  } else if (now - last_news_ >= idle_end_) {
    step.text += "event: idle\ndata: {}\n\n";
    step.done = true;
  }
  return step;
}

void ServeEvents(Call& call, std::unique_ptr<EventPoller> poller) {
  auto slot = call.TakeStreamSlot("or poll GET .../progress instead");
  if (!slot) return;
  call.res.status = 200;
  call.res.SetHeader("X-Accel-Buffering", "no");  // nginx: pass events on at once
  call.res.content_type = "text/event-stream";
  call.res.stream = std::make_shared<PolledEvents>(std::move(poller), call.ctx.clock,
                                                   call.ctx.options.sse_idle_end, std::move(slot));
}

Result<std::string> ProgressStream::Poll() {
  if (finished_) return std::string();
  PREGON_ASSIGN_OR_RETURN(Campaign c, store_.GetCampaign(campaign_id_));
  PREGON_ASSIGN_OR_RETURN(Counters k, store_.GetCounters(campaign_id_));
  PREGON_ASSIGN_OR_RETURN(auto log, store_.ListEvents(campaign_id_, last_event_id_, kLogPage));
  std::string out;
  const std::string progress = DumpJson(CampaignStatusJson(c, k));
  const bool changed = progress != last_progress_;
  for (const auto& e : log) {
    out += FormatSseEvent("log", DumpJson(EventJson(e)), e.id);
    last_event_id_ = e.id;
  }
  if (changed) {
    out += FormatSseEvent("progress", progress, last_event_id_);
    last_progress_ = progress;
  }
  const bool log_complete = static_cast<int>(log.size()) < kLogPage;
  if (IsFinal(c.status) && log_complete) {
    out +=
        FormatSseEvent("end", DumpJson({{"status", CampaignStatusName(c.status)}}), std::nullopt);
    finished_ = true;
  }
  return out;
}

}  // namespace pregon::http

// ProgressStream: what a campaign's Server-Sent Events stream sends, one poll at a time
// (GET /api/v1/campaigns/{id}/events with Accept: text/event-stream).
//
//   id: 42                each new entry of the event log, oldest first; the id lets a
//   event: log            client that reconnects (Last-Event-ID) resume after it
//   data: {"id":42,"ts":"…","kind":"batch_done","message":"…"}
//
//   id: 42                then the status and counters (as GET …/progress), whenever they
//   event: progress       changed since the last poll (always on the first)
//   data: {"id":7,"status":"sending","total":5000,"sent":1200,…}
//
//   event: end            the campaign is final and its final progress and log were sent;
//   data: {"status":"done"}   the stream ends
//
// (PolledEvents also ends an idle stream with "event: idle".)
//
// Every progress event carries the id of the last log entry sent, so Last-Event-ID always
// names the log position. The store is read status first, log second: once a final status
// is seen, the log read after it holds the campaign's last entry.
//
// Not thread-safe: one per stream.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "http/http_message.h"
#include "http/stream_slots.h"
#include "store/roles/campaign_store.h"

namespace pregon::http {

// What a live stream sends, one poll at a time: a campaign's progress (below), a slot run's
// (reporter_api.cpp).
class EventPoller {
 public:
  virtual ~EventPoller() = default;
  // The text to send now ("" when nothing changed). The store's errors are returned.
  virtual Result<std::string> Poll() = 0;
  // True once the last event was returned.
  virtual bool finished() const = 0;
};

// A poller as a Server-Sent Events response, polled by the transport until it is finished —
// or until nothing happened for idle_end (a draft that nobody sends): then "event: idle" ends
// it, and a browser's EventSource reconnects by itself. It starts with "retry: 2000", answers
// a store error with "event: error" and the API's error shape, and holds its StreamSlot while
// it lasts.
class PolledEvents final : public EventSource {
 public:
  PolledEvents(std::unique_ptr<EventPoller> poller, Clock& clock, Millis idle_end,
               std::unique_ptr<StreamSlots::Slot> slot);
  Step Next() override;

 private:
  const std::unique_ptr<EventPoller> poller_;
  Clock& clock_;
  const Millis idle_end_;
  Instant last_news_;
  const std::unique_ptr<StreamSlots::Slot> slot_;
  bool started_ = false;
};

class Call;
// Answers the call with `poller`'s events (PolledEvents) under one of the user's stream slots
// — or 429/503 when none is free, telling the client to poll GET …/progress instead.
void ServeEvents(Call& call, std::unique_ptr<EventPoller> poller);

class ProgressStream final : public EventPoller {
 public:
  ProgressStream(CampaignStore& store, int64_t campaign_id, int64_t last_event_id)
      : store_(store), campaign_id_(campaign_id), last_event_id_(last_event_id) {}

  Result<std::string> Poll() override;
  // True once "event: end" was returned.
  bool finished() const override { return finished_; }

 private:
  CampaignStore& store_;
  const int64_t campaign_id_;
  int64_t last_event_id_;
  std::string last_progress_;  // the data of the last progress event sent
  bool finished_ = false;
};

// One SSE event: "id: …\nevent: …\ndata: …\n\n" (data must be one line, as JSON is).
std::string FormatSseEvent(std::string_view event, std::string_view data,
                           std::optional<int64_t> id);

}  // namespace pregon::http

// The live parts of the pages: Server-Sent Events whose data are HTML fragments that htmx's
// SSE extension swaps in (hx-ext="sse", sse-swap="<event>").
//   GET /live/campaigns?ids=1,2,3     event c-<id>: a campaign's progress (_progress) when it
//                                     changed; for the dashboard and the campaign list
//   GET /live/campaigns/{id}?after=N  the same, plus event counters (_counters) and event log
//                                     (one _event_row per new entry after N, oldest first,
//                                     each with its id so a reconnection resumes after it)
// Both end with event end once every campaign is final (the pages close on it:
// sse-close="end"). A stream takes one of the user's stream slots (http/stream_slots.h).
// With ?poll=1 either answers once, as JSON — [{"event": "c-7", "html": "…"}, …], the
// progress and counters as they are now, no log — for a page whose stream was refused (all
// the user's slots taken): web/static/pregon.js then polls that every few seconds.
#include <map>

#include "http/api/progress_stream.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"
#include "http/ui/view.h"

namespace pregon::http::ui {

namespace {

constexpr size_t kMaxLiveIds = 200;
constexpr int kLogPage = 100;

// SSE data is one line per "data:" field; HTML does not mind a space for a line break.
std::string OneLineHtml(std::string html) {
  for (char& ch : html)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return html;
}

class LiveCampaigns final : public EventPoller {
 public:
  // `log_after`: also the counters and the log of the one campaign in `ids`, after that id.
  LiveCampaigns(Store& store, std::vector<int64_t> ids, Language lang,
                std::optional<int64_t> log_after)
      : store_(store),
        ids_(std::move(ids)),
        lang_(lang),
        texts_(TextsNamedBy({"_progress", "_counters"}, lang)),
        log_after_(log_after) {}

  struct Event {
    std::string name;
    std::string html;
    std::optional<int64_t> id;
  };

  Result<std::string> Poll() override {
    if (finished_) return std::string();
    PREGON_ASSIGN_OR_RETURN(auto events, Collect());
    std::string out;
    for (const Event& e : events) out += FormatSseEvent(e.name, OneLineHtml(e.html), e.id);
    return out;
  }
  bool finished() const override { return finished_; }

  // What changed since the last call, "end" last once every campaign is final.
  Result<std::vector<Event>> Collect() {
    std::vector<Event> out;
    bool all_final = true;
    for (int64_t id : ids_) {
      auto c = store_.GetCampaign(id);
      if (!c.ok() && c.status().code() == StatusCode::kNotFound)
        continue;  // deleted: nothing to show
      if (!c.ok()) return c.status();
      PREGON_ASSIGN_OR_RETURN(Counters k, store_.GetCounters(id));
      all_final = all_final && IsFinal(c->status);
      Send(&out, "c-" + std::to_string(id), "_progress", ProgressView(*c, k, lang_));
      if (log_after_ || counters_) Send(&out, "counters", "_counters", CountersView(k, lang_));
    }
    // The log is read after the status: once a final status was seen, the campaign's last
    // entry is in it.
    if (log_after_ && !ids_.empty()) {
      PREGON_ASSIGN_OR_RETURN(auto log, store_.ListEvents(ids_.front(), *log_after_, kLogPage));
      for (const CampaignEvent& e : log) {
        out.push_back({"log", Render("_event_row", EventRow(e)), e.id});
        log_after_ = e.id;
      }
      if (log.size() == static_cast<size_t>(kLogPage)) all_final = false;  // more to send
    }
    if (all_final) {
      out.push_back({"end", "{}", std::nullopt});
      finished_ = true;
    }
    return out;
  }

  // Adds the counters of the (one) campaign without its log (a poll).
  void WithCounters() { counters_ = true; }

 private:
  // Renders `view` with `tmpl` and adds it as `event` when it differs from the last sent.
  void Send(std::vector<Event>* out, const std::string& event, const char* tmpl,
            nlohmann::json view) {
    const std::string key = view.dump();
    std::string& last = last_[event];
    if (key == last) return;
    last = key;
    view["t"] = texts_;
    out->push_back({event, Render(tmpl, view), std::nullopt});
  }

  Store& store_;
  const std::vector<int64_t> ids_;
  const Language lang_;
  const nlohmann::json texts_;  // what the fragments' templates name, in lang_
  std::optional<int64_t> log_after_;
  std::map<std::string, std::string> last_;  // the view last sent, by event name
  bool counters_ = false;
  bool finished_ = false;
};

// "1,2,3" as ids, or nullopt after answering 400.
std::optional<std::vector<int64_t>> IdList(Page& page, std::string_view text) {
  std::vector<int64_t> ids;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const auto id = ParsePositiveId(text.substr(0, comma));
    if (!id || ids.size() == kMaxLiveIds) {
      page.Error(400, page.T("error_bad_live_ids"));
      return std::nullopt;
    }
    ids.push_back(*id);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return ids;
}

// Answers once with what `live` shows now, as JSON (?poll=1), or as an event stream.
void Serve(Call& call, Page& page, std::unique_ptr<LiveCampaigns> live) {
  if (call.Query("poll") != "1") return ServeEvents(call, std::move(live));
  auto events = live->Collect();
  if (!events.ok()) return page.Error(events.status());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : *events) out.push_back({{"event", e.name}, {"html", e.html}});
  call.Reply(200, out);
}

void LiveList(Call& call) {
  Page page(call);
  auto ids = IdList(page, call.Query("ids"));
  if (!ids) return;
  Serve(
      call, page,
      std::make_unique<LiveCampaigns>(call.ctx.store, std::move(*ids), page.lang(), std::nullopt));
}

void LiveOne(Call& call) {
  Page page(call);
  const auto id = ParsePositiveId(call.Param("id"));
  if (!id) return page.Error(404, page.T("campaign_not_found"));
  // A reconnecting browser says where it was (Last-Event-ID): later than the page's ?after=.
  int64_t after = call.HasQuery("after") ? ParsePositiveId(call.Query("after")).value_or(0) : 0;
  if (auto last = ParsePositiveId(call.req.Header("Last-Event-ID")); last && *last > after)
    after = *last;
  if (call.Query("poll") == "1") {  // progress and counters only: the log stays as loaded
    auto live = std::make_unique<LiveCampaigns>(call.ctx.store, std::vector<int64_t>{*id},
                                                page.lang(), std::nullopt);
    live->WithCounters();
    return Serve(call, page, std::move(live));
  }
  ServeEvents(call, std::make_unique<LiveCampaigns>(call.ctx.store, std::vector<int64_t>{*id},
                                                    page.lang(), after));
}

}  // namespace

void AddLiveRoutes(Router& router) {
  router.Add(PageRoute("GET", "/live/campaigns", Permission::kRead, LiveList, {"ids", "poll"}));
  router.Add(
      PageRoute("GET", "/live/campaigns/{id}", Permission::kRead, LiveOne, {"after", "poll"}));
}

}  // namespace pregon::http::ui

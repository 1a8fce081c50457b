// /api/v1/reporter/...: hour slots as the people who reserve them see them (DESIGN §1.5), shaped
// like the replaced system's reporter API so its page ports over:
//   GET    /api/v1/reporter/slots                 the 24 slots with their room
//   GET    /api/v1/reporter/reservations          the caller's reservation, or null
//   POST   /api/v1/reporter/reservations          reserve, move or re-estimate it (201)
//   DELETE /api/v1/reporter/reservations          cancel it
//   GET    /api/v1/reporter/runs?days=7           the last 20 runs the caller took part in
//   GET    /api/v1/reporter/runs/{id}/progress    a run's progress per user (JSON, or live
//                                                 with Accept: text/event-stream)
// A client acts only on its own reservation, and sees only the runs it took part in and only
// its own user in them — another client's run is a 404, as if it did not exist. An admin sees
// every run and every user.
#include <algorithm>

#include "app/slots/job_params.h"
#include "app/slots/reservations.h"
#include "app/slots/slot_json.h"
#include "app/slots/slot_messages.h"
#include "core/language.h"
#include "http/api/progress_stream.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

constexpr int kReporterRuns = 20;

Language CallerLanguage(Call& call) {
  const Language language = PreferredLanguage(call.req.headers.Get("Accept-Language"));
  call.res.SetHeader("Content-Language", std::string(LanguageCode(language)));
  return language;
}

void ListReporterSlots(Call& call) {
  auto slots = call.ctx.store.ListSlots();
  if (!slots.ok()) return call.Fail(slots.status());
  nlohmann::json out = nlohmann::json::array();
  for (const HourSlot& s : *slots) out.push_back(SlotJson(s));
  call.Reply(200, out);
}

void GetOwnReservation(Call& call) {
  auto r = call.ctx.store.GetReservation(call.user().id);
  if (r.status().code() == StatusCode::kNotFound) return call.Reply(200, nullptr);
  if (!r.ok()) return call.Fail(r.status());
  call.Reply(200, ReservationJson(*r));
}

// params: [{"name": "SITE_USER", "value": "ana", "secret": false}, ...]
bool ReadJobParams(JsonFields& f, std::vector<JobParam>* out) {
  std::vector<nlohmann::json> items;
  if (!f.ObjectArray("params", &items, kMaxJobParams)) return false;
  for (size_t i = 0; i < items.size(); ++i) {
    JsonFields p(items[i], "params[" + std::to_string(i) + "].");
    JobParam param;
    p.String("name", &param.name, JsonFields::kRequired, 64);
    p.String("value", &param.value, JsonFields::kRequired, kMaxJobParamValueBytes);
    p.Bool("secret", &param.secret);
    if (auto error = p.Finish()) {
      f.Fail(*error);
      return false;
    }
    out->push_back(std::move(param));
  }
  return true;
}

// A full slot as the client's page shows it: 409 slot_full, in the client's language.
void FailSlotFull(Call& call, const ReservationRequest& request) {
  const Language language = CallerLanguage(call);
  const int weight = ReservationWeight(request.monthly_orders_estimate);
  ApiError error;
  error.status = 409;
  error.code = "slot_full";
  error.message = NoSlotWithRoomMessage(language, weight);
  error.details = {{"weight", weight}};
  if (request.hour) {
    int max_users = 0;
    if (auto slots = call.ctx.store.ListSlots(); slots.ok())
      for (const HourSlot& s : *slots)
        if (s.hour == *request.hour) max_users = s.max_users;
    error.message = SlotFullMessage(language, *request.hour, max_users);
    error.details = {{"field", "slot_id"}, {"hour", *request.hour}, {"max_users", max_users}};
  }
  call.Fail(error);
}

void Reserve(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  ReservationRequest request;
  request.user_id = call.user().id;
  request.pending_factor = call.ctx.options.pending_factor;
  int hour = 0;
  if (f.Int("slot_id", &hour, 0, kHoursPerDay - 1, JsonFields::kNullable)) request.hour = hour;
  f.Int("monthly_orders_estimate", &request.monthly_orders_estimate, 0, 1'000'000'000,
        JsonFields::kRequired);
  std::string job_name;
  f.String("job", &job_name, JsonFields::kOptional, 64);
  std::vector<JobParam> params;
  const bool params_given = ReadJobParams(f, &params);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto sealed = SealJobParams(std::move(params), call.ctx.options.job_secrets, "params");
  if (!sealed.ok()) return call.Fail(sealed.status());
  auto job = ReservationJob(call.ctx.store, request.user_id, job_name);
  if (!job.ok()) return call.Fail(job.status());
  request.job_id = *job;
  auto reservation = call.ctx.store.Reserve(request, call.ctx.clock.Now());
  if (reservation.status().code() == StatusCode::kFailedPrecondition)
    return FailSlotFull(call, request);
  if (!reservation.ok()) return call.Fail(reservation.status());
  if (params_given) {
    if (Status st = call.ctx.store.SetJobParams(request.user_id, *sealed); !st.ok())
      return call.Fail(st);
  }
  call.Reply(201, ReservationJson(*reservation));
}

void CancelOwnReservation(Call& call) {
  auto r = call.ctx.store.GetReservation(call.user().id);
  if (r.status().code() == StatusCode::kNotFound)
    return call.Fail(ApiError::NotFound("you have no reservation"));
  if (!r.ok()) return call.Fail(r.status());
  if (Status st = call.ctx.store.CancelReservation(call.user().id); !st.ok()) return call.Fail(st);
  nlohmann::json out = ReservationJson(*r);
  out["cancelled"] = true;
  call.Reply(200, out);
}

void ListReporterRuns(Call& call) {
  int64_t days = 7;
  if (call.HasQuery("days")) {
    const std::string text = call.Query("days");
    char* end = nullptr;
    days = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || days < 1 || days > 366)
      return call.Fail(ApiError::BadRequest("days must be a whole number from 1 to 366", "days"));
  }
  std::optional<int64_t> user;
  if (!SeesEveryRunUser(call.user())) user = call.user().id;
  auto runs = call.ctx.store.ListRuns(call.ctx.clock.Now() - days * Millis(86'400'000),
                                      kReporterRuns, user);
  if (!runs.ok()) return call.Fail(runs.status());
  nlohmann::json out = nlohmann::json::array();
  for (const Run& r : *runs) {
    nlohmann::json item = RunJson(r);
    item["hour_label"] = HourLabel(r.hour);
    out.push_back(std::move(item));
  }
  call.Reply(200, out);
}

// A run's progress as `viewer` may see it: NotFound when it took no part in it.
Result<nlohmann::json> VisibleProgress(Store& store, int64_t run_id, const User& viewer) {
  PREGON_ASSIGN_OR_RETURN(VisibleRun visible, ReadVisibleRun(store, run_id, viewer));
  return ReporterProgressJson(visible.run, visible.users);
}

// A run's progress as Server-Sent Events: "event: progress" whenever it changed (always
// first), then "event: end" once the run ended.
class RunProgressPoller final : public EventPoller {
 public:
  RunProgressPoller(Store& store, int64_t run_id, User viewer)
      : store_(store), run_id_(run_id), viewer_(std::move(viewer)) {}

  Result<std::string> Poll() override {
    if (finished_) return std::string();
    PREGON_ASSIGN_OR_RETURN(nlohmann::json progress, VisibleProgress(store_, run_id_, viewer_));
    std::string text = DumpJson(progress);
    std::string out;
    if (text != last_) out = FormatSseEvent("progress", text, std::nullopt);
    last_ = std::move(text);
    if (progress["run_status"] != "running") {
      out +=
          FormatSseEvent("end", DumpJson({{"run_status", progress["run_status"]}}), std::nullopt);
      finished_ = true;
    }
    return out;
  }
  bool finished() const override { return finished_; }

 private:
  Store& store_;
  const int64_t run_id_;
  const User viewer_;
  std::string last_;
  bool finished_ = false;
};

void RunProgress(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "run")) return;
  auto progress = VisibleProgress(call.ctx.store, id, call.user());
  if (!progress.ok()) return call.Fail(progress.status());
  if (call.req.headers.Get("Accept").find("text/event-stream") == std::string::npos)
    return call.Reply(200, *progress);
  ServeEvents(call, std::make_unique<RunProgressPoller>(call.ctx.store, id, call.user()));
}

}  // namespace

void AddReporterRoutes(Router& router) {
  const auto slots = Permission::kReserveSlots;
  router.Add({"GET", "/api/v1/reporter/slots", slots, ListReporterSlots});
  router.Add({"GET", "/api/v1/reporter/reservations", slots, GetOwnReservation});
  router.Add({"POST", "/api/v1/reporter/reservations", slots, Reserve});
  router.Add({"DELETE", "/api/v1/reporter/reservations", slots, CancelOwnReservation});
  router.Add({"GET", "/api/v1/reporter/runs", slots, ListReporterRuns, {"days"}});
  router.Add({"GET", "/api/v1/reporter/runs/{id}/progress", slots, RunProgress});
}

}  // namespace pregon::http

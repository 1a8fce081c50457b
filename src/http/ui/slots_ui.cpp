// Hour slots (DESIGN §1.5, docs/SLOTS.md), as a client sees them — the replaced system's
// reporter page — and an admin too (reserve_slots):
//   GET  /slots                 the 24 hours with their capacity and room, the caller's own
//                               reservation, a form to book or move it, and the recent runs
//                               (the caller's; an admin's: all)
//   POST /slots/reserve         hour ("" = the first with room), monthly_orders_estimate, job
//   POST /slots/cancel          cancels the caller's reservation (confirmed first)
//   GET  /slots/runs/{id}       a run's progress per user — a client sees only its own line,
//                               and another's run not at all —, refreshing itself while the
//                               run is running
#include <fmt/format.h>

#include "app/slots/reservations.h"
#include "app/slots/slot_messages.h"
#include "core/text.h"
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kRunsShown = 20;
// A run's page shows what the jobs of at most this many units printed, the newest
// kLogTailShown bytes of each (a unit keeps 64 KiB): `pregon run logs` prints all of it.
constexpr size_t kUnitsShown = 50;
constexpr size_t kLogTailShown = 8 * 1024;
constexpr Millis kRunsSince{30LL * 86'400'000};

std::string RunStatusLabel(RunStatus s, Language lang) {
  return Text(lang, "run_status_" + std::string(RunStatusName(s)));
}

nlohmann::json ReservationView(const Reservation& r, Language lang) {
  return {{"hour", HourLabel(r.hour)},
          {"weight", r.weight},
          {"estimate", FormatCount(r.monthly_orders_estimate, lang)},
          {"pending", FormatCount(r.estimated_pending, lang)},
          {"job", r.job_name}};
}

// The hours a reservation may take: bookable ones with room, and the caller's own.
Choices HourChoices(const std::vector<HourSlot>& slots, const std::optional<Reservation>& mine,
                    Language lang) {
  Choices out{{"", Text(lang, "slots_first_with_room")}};
  for (const HourSlot& s : slots) {
    const bool own = mine && mine->hour == s.hour;
    if (!own && (!s.bookable || s.available() == 0)) continue;
    out.push_back({std::to_string(s.hour),
                   FormatText(lang, "slots_hour_choice", HourLabel(s.hour), s.available())});
  }
  return out;
}

// The page; `extra` adds the form's error and what was typed, or a notice.
void ShowSlots(Call& call, Page& page, nlohmann::json extra, int status) {
  const Language lang = page.lang();
  const User& me = call.user();
  auto slots = call.ctx.store.ListSlots();
  if (!slots.ok()) return page.Error(slots.status());
  std::optional<Reservation> mine;
  if (auto r = call.ctx.store.GetReservation(me.id); r.ok()) {
    mine = *r;
  } else if (r.status().code() != StatusCode::kNotFound) {
    return page.Error(r.status());
  }
  auto jobs = call.ctx.store.ListJobs();
  if (!jobs.ok()) return page.Error(jobs.status());
  std::optional<int64_t> only_mine;
  if (!SeesEveryRunUser(me)) only_mine = me.id;
  auto runs = call.ctx.store.ListRuns(call.ctx.clock.Now() - kRunsSince, kRunsShown, only_mine);
  if (!runs.ok()) return page.Error(runs.status());

  nlohmann::json hours = nlohmann::json::array();
  for (const HourSlot& s : *slots)
    hours.push_back({{"hour", HourLabel(s.hour)},
                     {"capacity", s.max_users},
                     {"taken", s.current_users},
                     {"free", s.available()},
                     {"mine", mine && mine->hour == s.hour},
                     {"bookable", s.bookable}});
  Choices job_choices;
  for (const JobDefinition& j : *jobs) job_choices.push_back({j.name, j.name});
  nlohmann::json run_rows = nlohmann::json::array();
  for (const Run& r : *runs)
    run_rows.push_back({{"id", r.id},
                        {"hour", HourLabel(r.hour)},
                        {"when", FormatTime(r.scheduled_at)},
                        {"status", std::string(RunStatusName(r.status))},
                        {"status_label", RunStatusLabel(r.status, lang)}});
  const std::string typed_hour =
      extra.value("hour", mine ? std::to_string(mine->hour) : std::string());
  nlohmann::json data = {
      {"nav_slots", true},
      {"reservation", mine ? ReservationView(*mine, lang) : nlohmann::json(nullptr)},
      {"hours", hours},
      {"hour_options", SelectOptions(HourChoices(*slots, mine, lang), typed_hour)},
      {"estimate", extra.value("estimate", mine ? std::to_string(mine->monthly_orders_estimate)
                                                : std::string())},
      {"several_jobs", job_choices.size() > 1},
      {"job_options",
       SelectOptions(job_choices, extra.value("job", mine ? mine->job_name : std::string()))},
      {"has_runs", !run_rows.empty()},
      {"runs", run_rows}};
  extra.erase("hour");
  extra.erase("estimate");
  extra.erase("job");
  data.update(extra);
  page.Show("slots", std::move(data), page.T("nav_slots"), status);
}

void Slots(Call& call) {
  Page page(call);
  ShowSlots(call, page, DoneNotice(call, page, "slots_done_", {"reserved", "cancelled"}), 200);
}

void Reserve(Call& call) {
  Page page(call);
  const Language lang = page.lang();
  ReservationRequest request;
  request.user_id = call.user().id;
  request.pending_factor = call.ctx.options.pending_factor;
  const std::string hour = page.Field("hour"), estimate = page.Field("monthly_orders_estimate"),
                    job = page.Field("job").substr(0, 64);
  nlohmann::json typed = {{"hour", hour}, {"estimate", estimate.substr(0, 12)}, {"job", job}};
  auto refuse = [&](const std::string& why) {
    typed["error"] = why;
    ShowSlots(call, page, std::move(typed), 422);
  };
  if (!hour.empty()) {
    const auto h = NumberOf<int>(hour);
    if (!h || *h < 0 || *h >= kHoursPerDay) return refuse(page.T("slots_bad_hour"));
    request.hour = *h;
  }
  const auto orders = NumberOf<int64_t>(estimate);
  if (!orders || *orders < 0 || *orders > 1'000'000'000)
    return refuse(page.T("slots_bad_estimate"));
  request.monthly_orders_estimate = *orders;
  auto job_id = ReservationJob(call.ctx.store, request.user_id, job);
  if (!job_id.ok()) {
    const StatusCode code = job_id.status().code();
    if (code != StatusCode::kInvalidArgument && code != StatusCode::kFailedPrecondition)
      return page.Error(job_id.status());
    return refuse(std::string(job_id.status().message()));
  }
  request.job_id = *job_id;
  auto reservation = call.ctx.store.Reserve(request, call.ctx.clock.Now());
  if (reservation.ok()) return page.Redirect("/slots?done=reserved");
  if (reservation.status().code() != StatusCode::kFailedPrecondition)
    return page.Error(reservation.status());
  if (!request.hour) return refuse(NoSlotWithRoomMessage(lang, ReservationWeight(*orders)));
  int max_users = 0;
  if (auto all = call.ctx.store.ListSlots(); all.ok())
    for (const HourSlot& s : *all)
      if (s.hour == *request.hour) max_users = s.max_users;
  refuse(SlotFullMessage(lang, *request.hour, max_users));
}

void CancelReservation(Call& call) {
  Page page(call);
  page.ConfirmThenDo({page.T("slots_confirm_cancel"), page.T("slots_cancel"), "/slots/cancel",
                      nlohmann::json::array(), "/slots", "/slots?done=cancelled"},
                     [&] { return call.ctx.store.CancelReservation(call.user().id); });
}

// What the run's units printed, as the run page lists them.
nlohmann::json UnitLogs(const std::vector<RunUnitView>& units, int64_t run_id, Language lang) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < units.size() && i < kUnitsShown; ++i) {
    const RunUnitView& u = units[i];
    const bool cut = u.log.size() > kLogTailShown;
    std::string what = u.username + " · " +
                       (u.kind == RunUnitKind::kRange
                            ? FormatText(lang, "run_unit_range", u.start_item, u.end_item)
                            : Text(lang, "run_unit_prepare"));
    out.push_back({{"what", std::move(what)},
                   {"status_label", Text(lang, "run_unit_" + u.status)},
                   {"attempts", FormatText(lang, "run_unit_attempts", u.attempts)},
                   {"last_error", u.last_error},
                   {"log", std::string(Utf8Tail(u.log, kLogTailShown))},
                   {"cut", cut ? nlohmann::json(FormatText(lang, "run_log_cut", run_id, u.username))
                               : nlohmann::json(nullptr)}});
  }
  return out;
}

void ShowRun(Call& call) {
  Page page(call);
  const Language lang = page.lang();
  const auto run = OfPath<VisibleRun>(call, page, "run_not_found", [&](int64_t id) {
    return ReadVisibleRun(call.ctx.store, id, call.user());
  });
  if (!run) return;
  nlohmann::json users = nlohmann::json::array();
  for (const RunUser& u : run->users) {
    const int done = u.ranges_completed + u.ranges_failed;
    users.push_back(
        {{"username", u.username},
         {"status", std::string(RunUserStatusName(u.status))},
         {"status_label", Text(lang, "run_user_" + std::string(RunUserStatusName(u.status)))},
         {"pending", u.pending_items ? nlohmann::json(FormatCount(*u.pending_items, lang))
                                     : nlohmann::json(nullptr)},
         {"ranges_total", u.total_ranges},
         {"ranges_done", done},
         {"percent", u.total_ranges > 0 ? 100 * done / u.total_ranges : 0},
         {"progress_text",
          FormatText(lang, "run_ranges", u.ranges_completed, u.total_ranges, u.ranges_failed)},
         {"last_error", u.last_error}});
  }
  auto units = ReadVisibleRunUnits(call.ctx.store, *run);
  if (!units.ok()) return page.Error(units.status());
  const nlohmann::json logs = UnitLogs(*units, run->run.id, lang);
  page.Show(
      "slot_run",
      {{"nav_slots", true},
       {"hour", HourLabel(run->run.hour)},
       {"when", FormatTime(run->run.scheduled_at)},
       {"status", std::string(RunStatusName(run->run.status))},
       {"status_label", RunStatusLabel(run->run.status, lang)},
       {"running", run->run.status == RunStatus::kRunning},
       {"users", users},
       {"has_logs", !logs.empty()},
       {"logs", logs},
       {"more_logs", units->size() > kUnitsShown
                         ? nlohmann::json(FormatText(
                               lang, "run_logs_more",
                               FormatCount(static_cast<int64_t>(units->size() - kUnitsShown), lang),
                               run->run.id))
                         : nlohmann::json(nullptr)}},
      FormatText(lang, "run_title", HourLabel(run->run.hour), FormatTime(run->run.scheduled_at)));
}

}  // namespace

void AddSlotPageRoutes(Router& router) {
  router.Add(PageRoute("GET", "/slots", Permission::kReserveSlots, Slots, {"done"}));
  router.Add(SmallFormRoute("/slots/reserve", Permission::kReserveSlots, Reserve));
  router.Add(PageRoute("POST", "/slots/cancel", Permission::kReserveSlots, CancelReservation));
  router.Add(PageRoute("GET", "/slots/runs/{id}", Permission::kReserveSlots, ShowRun));
}

}  // namespace pregon::http::ui

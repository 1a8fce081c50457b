#include "app/slots/slot_json.h"

#include "core/time_format.h"

namespace pregon {
namespace {

nlohmann::json OptionalTime(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatIso8601(*t)) : nlohmann::json();
}

}  // namespace

nlohmann::json SlotJson(const HourSlot& s) {
  return {{"id", s.hour},
          {"hour", s.hour},
          {"hour_label", HourLabel(s.hour)},
          {"max_users", s.max_users},
          {"current_users", s.current_users},
          {"available", s.available()},
          {"bookable", s.bookable}};
}

nlohmann::json ReservationJson(const Reservation& r) {
  return {{"id", r.id},
          {"user_id", r.user_id},
          {"username", r.username},
          {"hour", r.hour},
          {"hour_label", HourLabel(r.hour)},
          {"job", r.job_name},
          {"monthly_orders_estimate", r.monthly_orders_estimate},
          {"weight", r.weight},
          {"estimated_pending", r.estimated_pending},
          {"created_at", FormatIso8601(r.created_at)},
          {"updated_at", FormatIso8601(r.updated_at)}};
}

nlohmann::json JobJson(const JobDefinition& j) {
  return {{"id", j.id},
          {"name", j.name},
          {"command", j.command},
          {"timeout_ms", j.timeout.count()},
          {"pool", j.pool},
          {"range_size", j.range_size},
          {"prepare_retries", j.prepare_retries},
          {"prepare_retry_delay_ms", j.prepare_retry_delay.count()},
          {"range_retries", j.range_retries},
          {"range_retry_delay_ms", j.range_retry_delay.count()}};
}

nlohmann::json RunStatusJson(const Run& run, const std::vector<RunUser>& users) {
  nlohmann::json list = nlohmann::json::array();
  for (const RunUser& u : users)
    list.push_back(
        {{"username", u.username},
         {"status", RunUserStatusName(u.status)},
         {"pending_items", u.pending_items ? nlohmann::json(*u.pending_items) : nlohmann::json()},
         {"ranges_total", u.total_ranges},
         {"ranges_done", u.ranges_completed},
         {"ranges_failed", u.ranges_failed},
         {"last_error", u.last_error}});
  nlohmann::json out = RunJson(run);
  out["users"] = std::move(list);
  return out;
}

nlohmann::json ReporterProgressJson(const Run& run, const std::vector<RunUser>& users) {
  nlohmann::json list = nlohmann::json::array();
  for (const RunUser& u : users)
    list.push_back(
        {{"user_id", u.user_id},
         {"username", u.username},
         {"status", RunUserStatusName(u.status)},
         {"download_compare_status", u.prepare_status == "done" ? "completed" : u.prepare_status},
         {"download_compare_completed_at", OptionalTime(u.prepared_at)},
         {"total_pending_orders",
          u.pending_items ? nlohmann::json(*u.pending_items) : nlohmann::json()},
         {"total_ranges", u.total_ranges},
         {"ranges_completed", u.ranges_completed},
         {"ranges_failed", u.ranges_failed},
         {"last_error", u.last_error},
         {"finished_at", OptionalTime(u.finished_at)}});
  return {{"run_id", run.id},
          {"run_status", RunStatusName(run.status)},
          {"scheduled_at", FormatIso8601(run.scheduled_at)},
          {"slot_hour", run.hour},
          {"finished_at", OptionalTime(run.finished_at)},
          {"users", std::move(list)}};
}

nlohmann::json RunJson(const Run& run) {
  return {{"id", run.id},
          {"hour", run.hour},
          {"status", RunStatusName(run.status)},
          {"scheduled_at", FormatIso8601(run.scheduled_at)},
          {"finished_at", OptionalTime(run.finished_at)}};
}

nlohmann::json RunUnitJson(const RunUnitView& u) {
  return {{"user", u.username},         {"kind", RunUnitKindName(u.kind)},
          {"start", u.start_item},      {"end", u.end_item},
          {"status", u.status},         {"attempts", u.attempts},
          {"last_error", u.last_error}, {"log", u.log}};
}

}  // namespace pregon

#include "store/common/slot_texts.h"

#include <fmt/format.h>

#include "core/text.h"

namespace pregon::store {

HourSlot ReadSlot(const Row& row) {
  HourSlot s;
  s.hour = static_cast<int>(row.Int(0));
  s.max_users = static_cast<int>(row.Int(1));
  s.current_users = static_cast<int>(row.Int(2));
  s.bookable = row.Int(3) != 0;
  return s;
}

JobDefinition ReadJob(const Row& row, int first) {
  JobDefinition j;
  j.id = row.Int(first);
  j.name = row.Text(first + 1);
  j.command = row.Text(first + 2);
  j.timeout = Millis(row.Int(first + 3));
  j.pool = row.Text(first + 4);
  j.range_size = static_cast<int>(row.Int(first + 5));
  j.prepare_retries = static_cast<int>(row.Int(first + 6));
  j.prepare_retry_delay = Millis(row.Int(first + 7));
  j.range_retries = static_cast<int>(row.Int(first + 8));
  j.range_retry_delay = Millis(row.Int(first + 9));
  return j;
}

// run_units.kind, which the schema's CHECK keeps to these two.
static RunUnitKind UnitKindOf(std::string_view kind) {
  return kind == "range" ? RunUnitKind::kRange : RunUnitKind::kPrepare;
}

RunUnit ReadRunUnit(const Row& row, int64_t* epoch) {
  RunUnit u;
  u.id = row.Int(0);
  u.run_id = row.Int(1);
  u.run_user_id = row.Int(2);
  u.kind = UnitKindOf(row.Text(3));
  u.start_item = row.Int(4);
  u.end_item = row.Int(5);
  u.attempts = static_cast<int>(row.Int(6));
  u.user_id = row.Int(7);
  u.username = row.Text(8);
  *epoch = row.Int(9);
  u.job = ReadJob(row, 10);
  return u;
}

Status LostRunUnitLease(const RunUnitLease& lease) {
  return Status::Conflict("run unit " + std::to_string(lease.unit.id) + ": the lease of '" +
                          lease.owner + "' expired and another node took the unit");
}

Reservation ReadReservation(const Row& row) {
  Reservation r;
  r.id = row.Int(0);
  r.user_id = row.Int(1);
  r.username = row.Text(2);
  r.hour = static_cast<int>(row.Int(3));
  r.job_id = row.Int(4);
  r.job_name = row.Text(5);
  r.monthly_orders_estimate = row.Int(6);
  r.weight = static_cast<int>(row.Int(7));
  r.estimated_pending = row.Int(8);
  r.created_at = row.Time(9);
  r.updated_at = row.Time(10);
  return r;
}

namespace {

Status SlotFull(const HourSlot& slot) {
  return Status::FailedPrecondition(fmt::format("the {} slot is full (at most {} users)",
                                                HourLabel(slot.hour), slot.max_users))
      .About("hour");
}

}  // namespace

Result<int> ChooseHour(const ReservationRequest& request, int weight,
                       const std::vector<HourSlot>& slots, const std::vector<int64_t>& others) {
  auto fits = [&](const HourSlot& s) { return others[s.hour] + weight <= s.max_users; };
  if (request.hour) {
    PREGON_RETURN_IF_ERROR(CheckHour("hour", *request.hour));
    const HourSlot& slot = slots[*request.hour];
    if (!slot.bookable)
      return Status::InvalidField("hour", "the " + HourLabel(slot.hour) + " slot cannot be booked");
    if (!fits(slot)) return SlotFull(slot);
    return slot.hour;
  }
  for (const HourSlot& s : slots)
    if (s.bookable && fits(s)) return s.hour;
  return Status::FailedPrecondition(
             fmt::format("every bookable slot is full for a reservation of weight {}", weight))
      .About("hour");
}

Run ReadRun(const Row& row) {
  Run r;
  r.id = row.Int(0);
  r.hour = static_cast<int>(row.Int(1));
  r.scheduled_at = row.Time(2);
  auto status = ParseRunStatus(row.Text(3));  // the schema's CHECK allows only known ones
  r.status = status.ok() ? *status : RunStatus::kFailed;
  r.created_at = row.Time(4);
  r.finished_at = row.OptionalTime(5);
  return r;
}

RunUser ReadRunUser(const Row& row) {
  RunUser u;
  u.id = row.Int(0);
  u.run_id = row.Int(1);
  u.user_id = row.Int(2);
  u.username = row.Text(3);
  u.job_id = row.Int(4);
  auto status = ParseRunUserStatus(row.Text(5));
  u.status = status.ok() ? *status : RunUserStatus::kFailed;
  u.pending_items = row.OptionalInt(6);
  u.total_ranges = static_cast<int>(row.Int(7));
  u.ranges_completed = static_cast<int>(row.Int(8));
  u.ranges_failed = static_cast<int>(row.Int(9));
  u.prepare_attempts = static_cast<int>(row.Int(10));
  u.last_error = row.Text(11);
  u.finished_at = row.OptionalTime(12);
  u.prepare_status = row.IsNull(13) ? "pending" : row.Text(13);
  u.prepared_at = row.OptionalTime(14);
  return u;
}

Status NoSuchJob(std::string_view name) {
  return Status::NotFound("no job is named '" + LogSafe(name, 64) + "' (pregon job list)");
}

Status NoReservation(int64_t user_id) {
  return Status::NotFound("user " + std::to_string(user_id) + " has no reservation");
}

Status NoSuchRun(int64_t id) {
  return Status::NotFound("run " + std::to_string(id) + " does not exist");
}

RunUnitView ReadRunUnitView(const Row& row) {
  RunUnitView v;
  v.id = row.Int(0);
  v.run_user_id = row.Int(1);
  v.username = row.Text(2);
  v.kind = UnitKindOf(row.Text(3));
  v.start_item = row.Int(4);
  v.end_item = row.Int(5);
  v.status = row.Text(6);
  v.attempts = static_cast<int>(row.Int(7));
  v.last_error = row.Text(8);
  v.log = row.Text(9);
  return v;
}

Status RunNotCancellable(int64_t id, const std::optional<Run>& run) {
  if (!run) return NoSuchRun(id);
  return Status::FailedPrecondition("run " + std::to_string(id) + " already ended (" +
                                    std::string(RunStatusName(run->status)) + ")");
}

}  // namespace pregon::store

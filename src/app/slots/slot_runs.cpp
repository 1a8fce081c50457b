#include "app/slots/slot_runs.h"

#include <date/tz.h>

#include "core/slots.h"
#include "core/time_format.h"

namespace pregon {
namespace {

// The instant local `hour` of local `day` begins in `tz`: a skipped hour maps to the end of
// the gap, a repeated one to its first occurrence.
Timestamp LocalHourStart(const date::time_zone* tz, date::local_days day, int hour) {
  const date::local_seconds local = day + std::chrono::hours(hour);
  const date::local_info info = tz->get_info(local);
  if (info.result == date::local_info::nonexistent)
    return std::chrono::time_point_cast<Millis>(info.second.begin);
  return std::chrono::time_point_cast<Millis>(tz->to_sys(local, date::choose::earliest));
}

}  // namespace

Result<SlotHour> SlotHourAt(Timestamp now, std::string_view zone) {
  PREGON_RETURN_IF_ERROR(ValidateTimeZone(zone));
  const auto* tz = date::locate_zone(zone);
  const auto local = tz->to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
  const auto day = date::floor<date::days>(local);
  const int hour = static_cast<int>(date::floor<std::chrono::hours>(local - day).count());
  return SlotHour{hour, LocalHourStart(tz, day, hour)};
}

Result<SlotHour> SlotHourToday(Timestamp now, int hour, std::string_view zone) {
  PREGON_RETURN_IF_ERROR(CheckHour("hour", hour));
  PREGON_RETURN_IF_ERROR(ValidateTimeZone(zone));
  const auto* tz = date::locate_zone(zone);
  const auto local = tz->to_local(std::chrono::time_point_cast<std::chrono::seconds>(now));
  return SlotHour{hour, LocalHourStart(tz, date::floor<date::days>(local), hour)};
}

Result<RunCreation> TriggerSlot(SlotStore& store, Timestamp now, std::string_view zone,
                                std::optional<int> hour) {
  PREGON_ASSIGN_OR_RETURN(SlotHour slot,
                          hour ? SlotHourToday(now, *hour, zone) : SlotHourAt(now, zone));
  return store.CreateRun(slot.hour, slot.scheduled_at, now);
}

}  // namespace pregon

#include "core/send_window.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <cstdio>

namespace pregon {

namespace {

using LocalMinutes = date::local_time<std::chrono::minutes>;

bool InsideWindow(int minute, const SendWindow& w) {
  if (w.start_minute == w.end_minute) return true;
  if (w.start_minute < w.end_minute) return minute >= w.start_minute && minute < w.end_minute;
  return minute >= w.start_minute || minute < w.end_minute;  // across midnight
}

// The UTC instant of local time `t`; a time that does not exist (inside a DST gap) moves to
// the end of the gap, an ambiguous one (clocks fell back) takes the earlier instant.
Timestamp ToSys(const date::time_zone* zone, LocalMinutes t) {
  auto info = zone->get_info(t);
  switch (info.result) {
    case date::local_info::unique:
      return std::chrono::time_point_cast<Millis>(zone->to_sys(t));
    case date::local_info::ambiguous:
      return std::chrono::time_point_cast<Millis>(zone->to_sys(t, date::choose::earliest));
    default:  // nonexistent: the gap ends at the transition
      return std::chrono::time_point_cast<Millis>(info.second.begin);
  }
}

}  // namespace

Result<Timestamp> NextSendTime(const SendWindow& w, Timestamp now) {
  if (!w.enabled() || w.start_minute == w.end_minute) return now;
  const date::time_zone* zone;
  try {
    zone = date::locate_zone(w.time_zone);
  } catch (const std::exception&) {
    return Status::InvalidArgument("unknown time zone '" + w.time_zone + "'");
  }
  // to_local answers in seconds at least: floor to whole minutes of the local day.
  auto local = date::floor<std::chrono::minutes>(zone->to_local(now));
  auto day = date::floor<date::days>(local);
  int minute = static_cast<int>((local - day).count());
  if (InsideWindow(minute, w)) return now;
  // Closed: the window opens at start_minute today if that is still ahead, else tomorrow.
  auto opening = day + std::chrono::minutes(w.start_minute);
  if (minute >= w.start_minute) opening += date::days(1);
  return std::max(now, ToSys(zone, opening));
}

Status ParseWindowTimes(std::string_view text, SendWindow* out) {
  int h1, m1, h2, m2;
  char dash;
  char tail;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%2d:%2d%c%2d:%2d%c", &h1, &m1, &dash, &h2, &m2, &tail) != 5 ||
      dash != '-' || h1 < 0 || h1 > 24 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 ||
      m2 > 59 || (h1 == 24 && m1 > 0) || (h2 == 24 && m2 > 0))
    return Status::InvalidField("window", "'" + s + "' is not HH:MM-HH:MM (e.g. 08:00-21:00)");
  out->start_minute = h1 * 60 + m1;
  out->end_minute = h2 * 60 + m2;
  return Status::Ok();
}

std::string FormatWindowTimes(const SendWindow& w) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", w.start_minute / 60, w.start_minute % 60,
                     w.end_minute / 60, w.end_minute % 60);
}

std::string DescribeWindow(const SendWindow& w) { return FormatWindowTimes(w) + " " + w.time_zone; }

std::string FormatLocal(Timestamp t, const std::string& zone) {
  try {
    auto zt = date::make_zoned(zone, std::chrono::time_point_cast<std::chrono::seconds>(t));
    return date::format("%F %R %Z", zt);
  } catch (const std::exception&) {
    return date::format("%F %R UTC", std::chrono::time_point_cast<std::chrono::seconds>(t));
  }
}

}  // namespace pregon

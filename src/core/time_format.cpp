#include "core/time_format.h"

// date::parse trips a false -Wmaybe-uninitialized inside libstdc++ with g++ 12 (-O2); the
// variable it names is date's own, written before use.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <sstream>

namespace pregon {

std::string FormatIso8601(Timestamp t) { return date::format("%FT%TZ", t); }

Status ValidateTimeZone(std::string_view zone) {
  try {
    (void)date::locate_zone(zone);
    return Status::Ok();
  } catch (const std::exception&) {
    return Status::InvalidArgument("unknown time zone '" + std::string(zone) +
                                   "' (use an IANA name such as America/Santiago)");
  }
}

static bool TryParse(std::string_view text, const char* fmt, Timestamp* out, bool with_offset) {
  std::istringstream in{std::string(text)};
  date::sys_time<Millis> tp{};
  if (with_offset) {
    std::chrono::minutes offset{0};
    // Parsing into a sys_time already applies the %z offset (the result is UTC).
    in >> date::parse(fmt, tp, offset);
    if (in.fail()) return false;
  } else {
    in >> date::parse(fmt, tp);
    if (in.fail()) return false;
  }
  in >> std::ws;
  if (!in.eof()) return false;
  *out = tp;
  return true;
}

// The numeric offset ending `text` ("+05:30", "-0300"), if any, is a real one: hours 00-23,
// minutes 00-59 (RFC 3339's time-numoffset). date::parse reads "+99:99" as 100 h 39 min.
static bool OffsetInRange(std::string_view text) {
  const size_t sign = text.find_last_of("+-");
  if (sign == std::string_view::npos || sign < 10) return true;  // the date's own '-'
  std::string digits;
  for (const char c : text.substr(sign + 1)) {
    if (c == ':') continue;
    if (c < '0' || c > '9') return true;  // not an offset: the parsers refuse it
    digits.push_back(c);
  }
  if (digits.size() != 4) return true;
  const int hours = (digits[0] - '0') * 10 + (digits[1] - '0');
  const int minutes = (digits[2] - '0') * 10 + (digits[3] - '0');
  return hours <= 23 && minutes <= 59;
}

Result<Timestamp> ParseIso8601(std::string_view raw, std::string_view default_zone) {
  if (!OffsetInRange(raw))
    return Status::InvalidArgument("'" + std::string(raw) +
                                   "' has a UTC offset out of range (at most ±23:59)");
  std::string text(raw);
  for (auto& c : text)
    if (c == ' ') c = 'T';
  Timestamp t;
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
    text.pop_back();
    if (TryParse(text, "%FT%T", &t, false) || TryParse(text, "%FT%R", &t, false)) return t;
  } else if (TryParse(text, "%FT%T%Ez", &t, true) || TryParse(text, "%FT%T%z", &t, true) ||
             TryParse(text, "%FT%R%Ez", &t, true)) {
    return t;
  } else if (TryParse(text, "%FT%T", &t, false) || TryParse(text, "%FT%R", &t, false)) {
    if (default_zone.empty()) return t;  // naive = UTC
    try {
      auto zone = date::locate_zone(default_zone);
      auto local = date::local_time<Millis>(t.time_since_epoch());
      return zone->to_sys(local, date::choose::earliest);
    } catch (const std::exception& e) {
      return Status::InvalidArgument("cannot place '" + std::string(raw) + "' in time zone '" +
                                     std::string(default_zone) + "': " + e.what());
    }
  }
  return Status::InvalidArgument("'" + std::string(raw) +
                                 "' is not an ISO 8601 time (example: 2026-11-23T09:00:00-03:00)");
}

static const date::time_zone* ZoneOrUtc(std::string_view zone) {
  return date::locate_zone(zone.empty() ? std::string_view("UTC") : zone);
}

Result<std::string> LocalDay(Timestamp t, std::string_view zone) {
  PREGON_RETURN_IF_ERROR(zone.empty() ? Status::Ok() : ValidateTimeZone(zone));
  auto local = ZoneOrUtc(zone)->to_local(t);
  return date::format("%F", date::floor<date::days>(local));
}

// `day` at the local `clock` in `zone`, as "2026-11-23T<clock>±HH:MM". A clock the zone
// skips (a DST jump at midnight) becomes the first instant after the jump; one it repeats,
// the earlier (start of day) or later (end of day) of the two.
static Result<std::string> LocalDayAt(std::string_view day, std::string_view zone,
                                      std::chrono::seconds clock, date::choose choose) {
  PREGON_RETURN_IF_ERROR(zone.empty() ? Status::Ok() : ValidateTimeZone(zone));
  std::istringstream in{std::string(day)};
  date::local_days local{};
  in >> date::parse("%F", local);
  // %F also takes "2026-12-1"; a day is written with two digits.
  if (day.size() != 10 || in.fail() || in.peek() != std::char_traits<char>::eof())
    return Status::InvalidArgument("'" + std::string(day) + "' is not a day (YYYY-MM-DD)");
  const auto* tz = ZoneOrUtc(zone);
  const auto instant = tz->to_sys(local + clock, choose);
  const auto offset = tz->get_info(instant).offset;
  // Offsets are whole minutes under 24 h, so this always fits.
  const int minutes =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(offset).count());
  const int magnitude = (minutes < 0 ? -minutes : minutes) % (24 * 60);
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%c%02d:%02d", minutes < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  return date::format("%FT%T", tz->to_local(instant)) + suffix;
}

Result<std::string> LocalDayStart(std::string_view day, std::string_view zone) {
  return LocalDayAt(day, zone, std::chrono::seconds(0), date::choose::earliest);
}

Result<std::string> LocalDayEnd(std::string_view day, std::string_view zone) {
  return LocalDayAt(day, zone,
                    std::chrono::hours(23) + std::chrono::minutes(59) + std::chrono::seconds(59),
                    date::choose::latest);
}

}  // namespace pregon

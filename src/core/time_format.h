// Instants as text: ISO 8601 in and out, and local-time arithmetic with IANA time zones
// (Howard Hinnant's date/tz.h, reading the system tzdata — g++ 12 has no chrono zones).
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

// "2026-11-23T10:15:00.123Z" (UTC, milliseconds).
std::string FormatIso8601(Timestamp t);

// Accepts "2026-11-23T10:15:00Z", "...+03:00", "...-0300", fractional seconds, a space instead
// of 'T', and a date and time without a zone, which is read in `default_zone` (IANA name;
// empty = UTC). Fails with InvalidArgument saying what was expected.
Result<Timestamp> ParseIso8601(std::string_view text, std::string_view default_zone = "");

// The calendar day ("2026-11-23") that `t` falls on in `zone` (IANA name; empty = UTC).
// InvalidArgument for an unknown zone.
Result<std::string> LocalDay(Timestamp t, std::string_view zone);

// The first or last second of `day` (YYYY-MM-DD) in `zone`, with the offset in force then:
// "2026-11-23T00:00:00-03:00" and "2026-11-23T23:59:59-03:00" (a provider's day range).
// InvalidArgument for a malformed day or an unknown zone.
Result<std::string> LocalDayStart(std::string_view day, std::string_view zone);
Result<std::string> LocalDayEnd(std::string_view day, std::string_view zone);

// InvalidArgument unless `zone` is a known IANA time zone name.
Status ValidateTimeZone(std::string_view zone);

}  // namespace pregon

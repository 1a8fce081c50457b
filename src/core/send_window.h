// Send windows: "only between 08:00 and 21:00 in America/Santiago" (DESIGN §1.3).
//
// Local times are converted with the IANA time-zone database (date/tz.h), so daylight-saving
// changes are handled: a window that opens at 02:30 on a night when clocks jump from 02:00 to
// 03:00 opens at 03:00; when clocks fall back, it opens at the first 02:30.
#pragma once

#include <string>
#include <string_view>

#include "core/campaign.h"
#include "core/clock.h"
#include "core/status.h"

namespace pregon {

// `now` when the window is open at `now` (or disabled); otherwise the next instant it opens.
// start == end means always open; start > end is a window across midnight (22:00-06:00).
// InvalidArgument for an unknown time zone.
Result<Timestamp> NextSendTime(const SendWindow& window, Timestamp now);

// Reads "08:00-21:00" into start_minute/end_minute (time_zone untouched). InvalidArgument
// naming --window and the expected form otherwise.
Status ParseWindowTimes(std::string_view text, SendWindow* out);

// "08:00-21:00" (the form ParseWindowTimes reads).
std::string FormatWindowTimes(const SendWindow& window);

// "08:00-21:00 America/Santiago", for logs and events.
std::string DescribeWindow(const SendWindow& window);

// `t` as local wall time in `zone` ("2026-11-23 08:00 -03"), for events people read.
std::string FormatLocal(Timestamp t, const std::string& zone);

}  // namespace pregon

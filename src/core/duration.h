// Durations as operators write them: "90s", "12m", "1h", "1h30m", "250ms", "0".
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

// Parses one or more <integer><unit> parts (units ms, s, m, h, d); a bare "0" is zero.
// Fails with InvalidArgument naming the text for anything else (negative, no unit, junk).
Result<Millis> ParseDuration(std::string_view text);

// The shortest exact form: 720000 ms → "12m", 5400000 → "1h30m", 1500 → "1500ms".
std::string FormatDuration(Millis d);

}  // namespace pregon

#include "core/duration.h"

#include <cctype>
#include <cstdint>
#include <limits>

namespace pregon {

static Status BadDuration(std::string_view text) {
  return Status::InvalidArgument("'" + std::string(text) +
                                 "' is not a duration (examples: 90s, 12m, 1h, 1h30m, 250ms)");
}

Result<Millis> ParseDuration(std::string_view text) {
  if (text == "0") return Millis(0);
  if (text.empty()) return BadDuration(text);
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return BadDuration(text);
    int64_t n = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      n = n * 10 + (text[i] - '0');
      if (n > 1'000'000'000) return BadDuration(text);
      ++i;
    }
    auto unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    auto unit = text.substr(unit_start, i - unit_start);
    int64_t scale;
    if (unit == "ms")
      scale = 1;
    else if (unit == "s")
      scale = 1000;
    else if (unit == "m")
      scale = 60'000;
    else if (unit == "h")
      scale = 3'600'000;
    else if (unit == "d")
      scale = 86'400'000;
    else
      return BadDuration(text);
    total += n * scale;
    if (total > std::numeric_limits<int64_t>::max() / 4) return BadDuration(text);
  }
  return Millis(total);
}

std::string FormatDuration(Millis d) {
  int64_t ms = d.count();
  if (ms == 0) return "0s";
  if (ms % 1000 != 0) return std::to_string(ms) + "ms";
  int64_t s = ms / 1000;
  std::string out;
  auto part = [&out](int64_t n, char unit) {
    out.append(std::to_string(n));
    out.push_back(unit);
  };
  if (s >= 3600) {
    part(s / 3600, 'h');
    s %= 3600;
  }
  if (s >= 60) {
    part(s / 60, 'm');
    s %= 60;
  }
  if (s > 0) part(s, 's');
  return out;
}

}  // namespace pregon

#include "core/report_request.h"

#include <charconv>
#include <chrono>

namespace pregon {
namespace {

constexpr std::pair<ReportState, std::string_view> kStateNames[] = {
    {ReportState::kPending, "pending"},
    {ReportState::kProcessing, "processing"},
    {ReportState::kReady, "ready"},
    {ReportState::kError, "error"}};

bool ParseDigits(std::string_view s, int* out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::chrono::sys_days DayValue(std::string_view day) {
  int y = 0, m = 0, d = 0;
  ParseDigits(day.substr(0, 4), &y);
  ParseDigits(day.substr(5, 2), &m);
  ParseDigits(day.substr(8, 2), &d);
  return std::chrono::sys_days(std::chrono::year_month_day(
      std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
      std::chrono::day(static_cast<unsigned>(d))));
}

}  // namespace

int64_t DaysBetween(std::string_view from, std::string_view to) {
  return (DayValue(to) - DayValue(from)).count();
}

std::string_view ReportStateName(ReportState state) {
  for (const auto& [s, name] : kStateNames)
    if (s == state) return name;
  return "?";
}

Result<ReportState> ParseReportState(std::string_view name) {
  for (const auto& [s, n] : kStateNames)
    if (n == name) return s;
  return Status::InvalidArgument("unknown report state '" + std::string(name) +
                                 "' (expected pending, processing, ready or error)");
}

std::string_view ReportAliasName(ReportAlias alias) {
  return alias == ReportAlias::kDefault ? "default" : "analytics";
}

Result<ReportAlias> ParseReportAlias(std::string_view name) {
  if (name == "default") return ReportAlias::kDefault;
  if (name == "analytics") return ReportAlias::kAnalytics;
  return Status::InvalidArgument("unknown database alias '" + std::string(name) +
                                 "' (expected default or analytics)");
}

Status CheckReportDay(std::string_view field, std::string_view day) {
  int y = 0, m = 0, d = 0;
  bool shaped = day.size() == 10 && day[4] == '-' && day[7] == '-' &&
                ParseDigits(day.substr(0, 4), &y) && ParseDigits(day.substr(5, 2), &m) &&
                ParseDigits(day.substr(8, 2), &d);
  if (shaped &&
      std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d))
          .ok())
    return Status::Ok();
  return Status::InvalidField(field, "'" + std::string(day) + "' is not a day (YYYY-MM-DD)");
}

}  // namespace pregon

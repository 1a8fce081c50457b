#include "core/slots.h"

#include <fmt/format.h>

#include <cmath>

#include "core/text.h"

namespace pregon {
namespace {

constexpr std::pair<RunStatus, std::string_view> kRunStatusNames[] = {
    {RunStatus::kRunning, "running"},
    {RunStatus::kCompleted, "completed"},
    {RunStatus::kFailed, "failed"},
    {RunStatus::kCancelled, "cancelled"}};

constexpr std::pair<RunUserStatus, std::string_view> kRunUserStatusNames[] = {
    {RunUserStatus::kPreparing, "preparing"},
    {RunUserStatus::kRunning, "running"},
    {RunUserStatus::kCompleted, "completed"},
    {RunUserStatus::kFailed, "failed"},
    {RunUserStatus::kCancelled, "cancelled"}};

template <typename E, size_t N>
std::string_view NameOf(const std::pair<E, std::string_view> (&names)[N], E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "?";
}

template <typename E, size_t N>
Result<E> Parse(const std::pair<E, std::string_view> (&names)[N], std::string_view name,
                std::string_view what) {
  for (const auto& [v, n] : names)
    if (n == name) return v;
  std::string accepted;
  for (const auto& [v, n] : names) accepted += (accepted.empty() ? "" : ", ") + std::string(n);
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + LogSafe(name, 40) +
                                 "' (expected " + accepted + ")");
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

Status CheckHour(std::string_view field, int64_t hour) {
  if (hour < 0 || hour >= kHoursPerDay)
    return Status::InvalidField(field, "must be an hour from 0 to 23, not " + std::to_string(hour));
  return Status::Ok();
}

std::string HourLabel(int hour) { return fmt::format("{:02d}:00", hour); }

int ReservationWeight(int64_t monthly_orders_estimate) {
  if (monthly_orders_estimate <= 2'000) return 1;
  if (monthly_orders_estimate <= 5'000) return 2;
  return 3;
}

int64_t EstimatedPending(int64_t monthly_orders_estimate, double factor) {
  return std::llround(static_cast<double>(monthly_orders_estimate) * factor);
}

Status JobDefinition::Validate() const {
  if (name.empty() || name.size() > 64 ||
      !std::all_of(name.begin(), name.end(), [](char c) { return IsNameChar(c); }))
    return Status::InvalidField("name", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
  if (command.empty() || command[0] != '/')
    return Status::InvalidField("command", "must be an absolute path (/opt/reporter/run)");
  if (command.size() > 1000 || HasControlByte(command))
    return Status::InvalidField("command",
                                "must be at most 1000 characters, without control "
                                "characters");
  if (timeout < Millis(1'000) || timeout > Millis(24 * 3'600'000))
    return Status::InvalidField("timeout", "must be between 1 s and 24 h");
  if (pool.empty() || pool.size() > 64 ||
      !std::all_of(pool.begin(), pool.end(), [](char c) { return IsNameChar(c); }))
    return Status::InvalidField("pool", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
  if (range_size < 1 || range_size > 1'000'000)
    return Status::InvalidField("range_size", "must be between 1 and 1000000");
  if (prepare_retries < 0 || prepare_retries > 100 || range_retries < 0 || range_retries > 100)
    return Status::InvalidField("retries", "must be between 0 and 100");
  if (prepare_retry_delay < Millis(0) || range_retry_delay < Millis(0))
    return Status::InvalidField("retry_delay", "must not be negative");
  return Status::Ok();
}

Status CheckJobParamName(std::string_view field, std::string_view name) {
  const bool ok = !name.empty() && name.size() <= 64 && name[0] >= 'A' && name[0] <= 'Z' &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                  });
  if (!ok)
    return Status::InvalidField(field,
                                "a parameter name is 1 to 64 of A-Z 0-9 _, starting with a "
                                "letter, not '" +
                                    LogSafe(name, 64) + "'");
  return Status::Ok();
}

std::string_view RunStatusName(RunStatus status) { return NameOf(kRunStatusNames, status); }
Result<RunStatus> ParseRunStatus(std::string_view name) {
  return Parse(kRunStatusNames, name, "run status");
}
std::string_view RunUserStatusName(RunUserStatus status) {
  return NameOf(kRunUserStatusNames, status);
}
Result<RunUserStatus> ParseRunUserStatus(std::string_view name) {
  return Parse(kRunUserStatusNames, name, "run user status");
}

std::string_view RunUnitKindName(RunUnitKind kind) {
  return kind == RunUnitKind::kPrepare ? "prepare" : "range";
}

std::vector<ItemRange> SplitRanges(int64_t pending, int range_size) {
  std::vector<ItemRange> out;
  for (int64_t start = 1; start <= pending; start += range_size)
    out.push_back({start, std::min(pending, start + range_size - 1)});
  return out;
}

}  // namespace pregon

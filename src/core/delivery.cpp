#include "core/delivery.h"

#include <array>
#include <utility>

namespace pregon {

namespace {
constexpr std::array<std::pair<DeliveryStatus, std::string_view>, 8> kDeliveryNames = {{
    {DeliveryStatus::kPending, "pending"},
    {DeliveryStatus::kInFlight, "in_flight"},
    {DeliveryStatus::kSent, "sent"},
    {DeliveryStatus::kFailed, "failed"},
    {DeliveryStatus::kUnavailable, "unavailable"},
    {DeliveryStatus::kSuppressed, "suppressed"},
    {DeliveryStatus::kUnknown, "unknown"},
    {DeliveryStatus::kCancelled, "cancelled"},
}};
constexpr std::array<std::pair<RangeStatus, std::string_view>, 5> kRangeNames = {{
    {RangeStatus::kWaiting, "waiting"},
    {RangeStatus::kPending, "pending"},
    {RangeStatus::kLeased, "leased"},
    {RangeStatus::kDone, "done"},
    {RangeStatus::kFailed, "failed"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return "?";
}

template <typename E, size_t N>
Result<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name,
                std::string_view what) {
  for (const auto& [value, n] : table)
    if (n == name) return value;
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(name) + "'");
}
}  // namespace

std::string_view DeliveryStatusName(DeliveryStatus s) { return NameOf(kDeliveryNames, s); }
Result<DeliveryStatus> ParseDeliveryStatus(std::string_view n) {
  return Parse(kDeliveryNames, n, "delivery status");
}
std::string_view RangeStatusName(RangeStatus s) { return NameOf(kRangeNames, s); }
Result<RangeStatus> ParseRangeStatus(std::string_view n) {
  return Parse(kRangeNames, n, "range status");
}

}  // namespace pregon

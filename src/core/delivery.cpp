#include "core/delivery.h"

#include "core/enum_names.h"

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
Result<E> Parse(const EnumNames<E, N>& table, std::string_view name, std::string_view what) {
  if (auto value = ValueIn(table, name)) return *value;
  return Status::InvalidArgument("unknown " + std::string(what) + " '" + std::string(name) + "'");
}
}  // namespace

std::string_view DeliveryStatusName(DeliveryStatus s) { return NameIn(kDeliveryNames, s); }
Result<DeliveryStatus> ParseDeliveryStatus(std::string_view n) {
  return Parse(kDeliveryNames, n, "delivery status");
}
std::string_view RangeStatusName(RangeStatus s) { return NameIn(kRangeNames, s); }
Result<RangeStatus> ParseRangeStatus(std::string_view n) {
  return Parse(kRangeNames, n, "range status");
}

}  // namespace pregon

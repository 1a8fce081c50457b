#include "core/engagement.h"

#include "core/enum_names.h"
#include "core/text.h"

namespace pregon {
namespace {

constexpr std::array<std::pair<HitVerdict, std::string_view>, 4> kVerdicts = {{
    {HitVerdict::kHuman, "human"},
    {HitVerdict::kPrivacyProxy, "privacy_proxy"},
    {HitVerdict::kScanner, "scanner"},
    {HitVerdict::kUnknown, "unknown"},
}};

constexpr std::array<std::pair<EngagementFilter, std::string_view>, 7> kFilters = {{
    {EngagementFilter::kAll, "all"},
    {EngagementFilter::kOpened, "opened"},
    {EngagementFilter::kClicked, "clicked"},
    {EngagementFilter::kMachineOnly, "machine_only"},
    {EngagementFilter::kUnsubscribed, "unsubscribed"},
    {EngagementFilter::kBounced, "bounced"},
    {EngagementFilter::kComplained, "complained"},
}};

}  // namespace

std::string_view HitKindName(HitKind k) { return k == HitKind::kClick ? "click" : "open"; }

Result<HitKind> ParseHitKind(std::string_view name) {
  if (name == "open") return HitKind::kOpen;
  if (name == "click") return HitKind::kClick;
  return Status::InvalidArgument("hit kind must be open or click, not '" + LogSafe(name, 40) + "'");
}

std::string_view HitVerdictName(HitVerdict v) { return NameIn(kVerdicts, v); }

Result<HitVerdict> ParseHitVerdict(std::string_view name) {
  if (auto v = ValueIn(kVerdicts, name)) return *v;
  return Status::InvalidArgument("verdict must be one of " + NamesIn(kVerdicts) + ", not '" +
                                 LogSafe(name, 40) + "'");
}

std::string_view EngagementFilterName(EngagementFilter f) { return NameIn(kFilters, f); }

Result<EngagementFilter> ParseEngagementFilter(std::string_view name) {
  if (auto f = ValueIn(kFilters, name)) return *f;
  return Status::InvalidField(
      "activity", "must be one of " + NamesIn(kFilters) + ", not '" + LogSafe(name, 40) + "'");
}

}  // namespace pregon

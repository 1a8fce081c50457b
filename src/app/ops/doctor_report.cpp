#include "app/ops/doctor_report.h"

#include <algorithm>

#include "core/enum_names.h"

namespace pregon {

std::string_view CheckLevelName(CheckLevel l) {
  static constexpr EnumNames<CheckLevel, 3> kLevels = {
      {{CheckLevel::kOk, "ok"}, {CheckLevel::kWarning, "warning"}, {CheckLevel::kError, "error"}}};
  return NameIn(kLevels, l);
}

void DoctorReport::Add(std::string area, CheckLevel level, std::string message) {
  checks_.push_back({std::move(area), level, std::move(message)});
}

CheckLevel DoctorReport::worst() const {
  CheckLevel w = CheckLevel::kOk;
  for (const auto& c : checks_) w = std::max(w, c.level);
  return w;
}

int DoctorReport::count(CheckLevel level) const {
  return static_cast<int>(
      std::count_if(checks_.begin(), checks_.end(), [&](auto& c) { return c.level == level; }));
}

}  // namespace pregon

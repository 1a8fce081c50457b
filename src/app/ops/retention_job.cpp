#include "app/ops/retention_job.h"

#include <spdlog/spdlog.h>

#include "core/duration.h"

namespace pregon {

Result<std::optional<Millis>> RetentionSetting(const std::string& name, const std::string& value) {
  if (value == "off") return std::optional<Millis>();
  auto age = ParseDuration(value);
  if (!age.ok() || *age < kShortestRetention)
    return Status::InvalidArgument(
        name + " must be an age of at least 1d (e.g. 90d) or off, not '" + value + "'");
  return std::optional<Millis>(*age);
}

Result<std::optional<Timestamp>> RetentionJob::RunDue() {
  const Timestamp now = clock_.Now();
  if (next_ && now < *next_) return next_;
  // An age that is off prunes nothing: nothing is older than the epoch.
  const auto before = [&](const std::optional<Millis>& keep) {
    return keep ? now - *keep : Timestamp{};
  };
  PREGON_ASSIGN_OR_RETURN(
      PruneCounts n, store_.Prune(before(options_.keep_events), before(options_.keep_tracking)));
  if (n.events + n.tracking_hours + n.feedback > 0)
    spdlog::info(
        "retention: deleted {} campaign events, {} hourly tracking counts, {} bounce and "
        "complaint rows",
        n.events, n.tracking_hours, n.feedback);
  next_ = now + options_.every;
  return next_;
}

}  // namespace pregon

// RetentionJob: the automatic `pregon prune` (PREGON_KEEP_EVENTS, PREGON_KEEP_TRACKING) — once
// a day, a node deletes the campaign events, and the hourly open/click counts and bounce and
// complaint rows, older than the settings say (OpsStore::Prune, a batch per transaction), so
// a busy install does not grow without bound. Deliveries and their per-recipient engagement
// stay. Several nodes pruning at once only find less to delete.
//
// Thread-safety: run by the engine's jobs thread only.
#pragma once

#include <optional>

#include "core/clock.h"
#include "engine/background_job.h"
#include "store/store.h"

namespace pregon {

// Less than a day is refused, here and by `pregon prune`: the event log of a send in progress
// is what an operator reads.
inline constexpr Millis kShortestRetention{24LL * 3'600'000};

struct RetentionOptions {
  std::optional<Millis> keep_events;    // nullopt: kept forever ("off")
  std::optional<Millis> keep_tracking;  // hourly counts, bounces and complaints
  Millis every{24LL * 3'600'000};       // how often to prune
  bool enabled() const { return keep_events || keep_tracking; }
};

// The age setting `name` = `value`: a duration of at least a day, or "off" (nullopt).
Result<std::optional<Millis>> RetentionSetting(const std::string& name, const std::string& value);

class RetentionJob final : public BackgroundJob {
 public:
  RetentionJob(OpsStore& store, Clock& clock, RetentionOptions options)
      : store_(store), clock_(clock), options_(options) {}
  std::string_view name() const override { return "retention"; }
  // Prunes when a day has passed since the last time (at once the first time).
  Result<std::optional<Timestamp>> RunDue() override;

 private:
  OpsStore& store_;
  Clock& clock_;
  const RetentionOptions options_;
  std::optional<Timestamp> next_;
};

}  // namespace pregon

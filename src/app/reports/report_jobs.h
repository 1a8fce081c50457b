// The provider-report work `serve` and `worker` do in the background (engine/background_job.h):
//   ReportStepsJob       advances due report requests (ReportSteps), a bounded number a call
//   PostSendReportsJob   asks for the reports of finished campaigns when their delay is over
//                        (it looks at least every min(delay, 1 h), and wakes for the oldest
//                        finished campaign still waiting)
// Both are safe on many nodes at once (leases, compare-and-set in the store).
#pragma once

#include <optional>

#include "app/reports/report_steps.h"
#include "engine/background_job.h"

namespace pregon {

class ReportStepsJob final : public BackgroundJob {
 public:
  // Steps taken in one call at most, so one call never runs long.
  static constexpr int kStepsPerCall = 20;

  ReportStepsJob(ReportSteps& steps, ReportRequestStore& requests)
      : steps_(steps), requests_(requests) {}
  std::string_view name() const override { return "reports"; }
  Result<std::optional<Timestamp>> RunDue() override;

 private:
  ReportSteps& steps_;
  ReportRequestStore& requests_;
};

class PostSendReportsJob final : public BackgroundJob {
 public:
  static constexpr Millis kEvery{3'600'000};

  PostSendReportsJob(ReportRequestStore& requests, SenderStore& senders, const Clock& clock,
                     Millis delay)
      : requests_(requests), senders_(senders), clock_(clock), delay_(delay) {}
  std::string_view name() const override { return "post-send reports"; }
  Result<std::optional<Timestamp>> RunDue() override;

 private:
  ReportRequestStore& requests_;
  SenderStore& senders_;
  const Clock& clock_;
  const Millis delay_;
  std::optional<Timestamp> next_run_;  // the first call runs at once
};

}  // namespace pregon

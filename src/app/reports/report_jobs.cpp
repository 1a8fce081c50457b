#include "app/reports/report_jobs.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/reports/post_send_reports.h"

namespace pregon {

Result<std::optional<Timestamp>> ReportStepsJob::RunDue() {
  for (int i = 0; i < kStepsPerCall; ++i) {
    auto step = steps_.RunOne();
    // A lost lease is another node's business now; anything else is the store's trouble.
    if (!step.ok() && step.status().code() == StatusCode::kConflict) continue;
    PREGON_RETURN_IF_ERROR(step.status());
    if (!step->has_value()) break;
    const ReportRequest& r = **step;
    if (r.state == ReportState::kReady)
      spdlog::info("report {} ({}): {} rows loaded", r.id, ReportTypeName(r.type), r.rows);
    else if (r.state == ReportState::kError)
      spdlog::warn("report {} ({}): gave up: {}", r.id, ReportTypeName(r.type), r.last_error);
  }
  return requests_.NextReportStep();
}

Result<std::optional<Timestamp>> PostSendReportsJob::RunDue() {
  const Timestamp now = clock_.Now();
  if (next_run_ && now < *next_run_) return next_run_;
  PREGON_RETURN_IF_ERROR(RequestPostSendReports(requests_, senders_, now, delay_).status());
  // Next: when the oldest finished campaign still waiting becomes due, and in any case
  // within the delay (at least a second, at most an hour) for campaigns that finish later.
  next_run_ = now + std::clamp(delay_, Millis(1'000), kEvery);
  PREGON_ASSIGN_OR_RETURN(auto waiting, requests_.CampaignsAwaitingReports(Timestamp::max(), 1));
  if (!waiting.empty() && waiting[0].completed_at)
    next_run_ = std::min(*next_run_, std::max(now, *waiting[0].completed_at + delay_));
  return next_run_;
}

}  // namespace pregon

#include "engine/scheduler.h"

#include <spdlog/spdlog.h>

namespace pregon {

Result<PassReport> Scheduler::RunPass() {
  PassReport report;
  PREGON_ASSIGN_OR_RETURN(auto promoted, work_.PromoteDueScheduled(clock_.Now()));
  report.promoted = static_cast<int>(promoted.size());
  for (auto id : promoted) spdlog::info("campaign {}: scheduled time reached, queued", id);

  PREGON_ASSIGN_OR_RETURN(auto queued,
                          campaigns_.CampaignIdsWithStatus(CampaignStatus::kQueued, 100));
  for (auto id : queued) {
    auto start = work_.StartCampaign(id, clock_.Now());
    if (start.ok()) {
      ++report.started;
      spdlog::info("campaign {}: started, {} recipients ({} suppressed) in {} batches", id,
                   start->total, start->suppressed, start->ranges);
    } else if (start.status().code() != StatusCode::kFailedPrecondition) {
      // FailedPrecondition: another process started it first — nothing to say.
      spdlog::error("campaign {}: cannot start: {}", id, start.status().ToString());
    }
  }

  PREGON_ASSIGN_OR_RETURN(auto rescue,
                          work_.RescueExpiredLeases(clock_.Now(), options_.max_rescues));
  report.rescued = static_cast<int>(rescue.ranges_rescued);
  report.parked = static_cast<int>(rescue.ranges_parked);
  if (rescue.ranges_rescued + rescue.ranges_parked > 0)
    spdlog::warn(
        "rescued {} expired range leases ({} parked): {} in-flight deliveries marked "
        "unknown, {} to resend",
        rescue.ranges_rescued, rescue.ranges_parked, rescue.marked_unknown, rescue.requeued);

  PREGON_ASSIGN_OR_RETURN(auto finished, work_.FinalizeCampaigns(clock_.Now()));
  report.finalized = static_cast<int>(finished.size());
  for (const auto& f : finished)
    spdlog::info("campaign {}: finished as {}", f.campaign_id, CampaignStatusName(f.status));
  return report;
}

Result<PassReport> Scheduler::RunPassIfLeader() {
  PREGON_ASSIGN_OR_RETURN(bool leader, work_.AcquireSchedulerLeadership(
                                           options_.owner, clock_.Now(), options_.lease_ttl));
  if (leader != was_leader_)
    spdlog::info("{}: {} the scheduler leadership", options_.owner, leader ? "took" : "lost");
  was_leader_ = leader;
  if (!leader) {
    PassReport report;
    report.leader = false;
    return report;
  }
  return RunPass();
}

}  // namespace pregon

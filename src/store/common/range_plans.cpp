#include "store/common/range_plans.h"

#include "store/common/campaign_events.h"

namespace pregon::store {

static bool Recordable(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kSent:
    case DeliveryStatus::kFailed:
    case DeliveryStatus::kPending:
    case DeliveryStatus::kUnknown:
    case DeliveryStatus::kUnavailable:
      return true;
    default:
      return false;
  }
}

ScanStarts ScanStartsFor(const RangeLease& lease) {
  if (lease.scan_from <= lease.first_seq || lease.scan_from > lease.last_seq + 1)
    return {{lease.first_seq, 0}, 1};
  return {{lease.scan_from, lease.first_seq}, 2};
}

Status CheckRecordable(std::span<const DeliveryOutcome> outcomes) {
  for (const auto& o : outcomes)
    if (!Recordable(o.status))
      return Status::Internal("cannot record a delivery as " +
                              std::string(DeliveryStatusName(o.status)));
  return Status::Ok();
}

void CountOutcome(DeliveryStatus status, int64_t n, Counters& delta) {
  switch (status) {
    case DeliveryStatus::kSent:
      delta.sent += n;
      break;
    case DeliveryStatus::kFailed:
      delta.failed += n;
      break;
    case DeliveryStatus::kPending:
      delta.pending += n;
      break;
    case DeliveryStatus::kUnknown:
      delta.unknown += n;
      break;
    case DeliveryStatus::kUnavailable:
      delta.unavailable += n;
      break;
    default:
      break;  // not recordable: CheckRecordable refused it
  }
}

int64_t Resolved(const Counters& delta) {
  return delta.sent + delta.failed + delta.pending + delta.unknown + delta.unavailable;
}

std::optional<SuppressionReason> SuppressionFor(const DeliveryOutcome& o) {
  if (o.suppress) return o.suppress;
  if (o.status == DeliveryStatus::kUnavailable) return SuppressionReason::kUnavailable;
  return std::nullopt;
}

Result<ReleasePlan> PlanRelease(int64_t range_id, const RangeCounts& counts,
                                CampaignStatus campaign, Millis batch_pause, Timestamp now) {
  if (counts.in_flight != 0)
    return Status::Internal("range " + std::to_string(range_id) +
                            " released with deliveries still in flight");
  ReleasePlan plan;
  bool cancelled = campaign == CampaignStatus::kCancelled;
  if (counts.pending > 0 && !cancelled) {
    // Some deliveries wait for a retry (or the campaign is paused).
    plan.answer = ReleaseKind::kRetryLater;
    return plan;
  }
  plan.cancel_pending = cancelled && counts.pending > 0;
  plan.answer = cancelled ? ReleaseKind::kAbandoned : ReleaseKind::kDone;
  plan.next_batch_at = now + batch_pause;
  return plan;
}

RescuePlan PlanRescue(DeliveryGuarantee guarantee, CampaignStatus campaign, int64_t rescues,
                      int64_t in_flight, int max_rescues, Millis batch_pause, Timestamp now) {
  RescuePlan plan;
  plan.cancelled = campaign == CampaignStatus::kCancelled;
  plan.rescues_after = in_flight > 0 ? rescues + 1 : rescues;
  plan.park = plan.rescues_after > max_rescues && !plan.cancelled;
  const bool resend = guarantee == DeliveryGuarantee::kAtLeastOnce && !plan.park && !plan.cancelled;
  plan.in_flight_become = resend ? DeliveryStatus::kPending : DeliveryStatus::kUnknown;
  plan.event_kind = plan.park ? "range_parked" : "lease_rescued";
  if (plan.park) {
    plan.park_reason = events::ParkedReason(plan.rescues_after);
    plan.next_batch_at = now + batch_pause;
  }
  return plan;
}

std::string RescueEventText(const RescuePlan& plan, int64_t seq, const std::string& owner,
                            int64_t in_flight) {
  std::string what = events::LeaseRescued(seq, owner, in_flight,
                                          plan.in_flight_become == DeliveryStatus::kPending);
  if (plan.cancelled) return what + "; the campaign is cancelled: the range is closed";
  return plan.park ? what + "; " + plan.park_reason : what;
}

void CountRescue(const RescuePlan& plan, int64_t in_flight, RescueReport& report) {
  (plan.in_flight_become == DeliveryStatus::kPending ? report.requeued : report.marked_unknown) +=
      in_flight;
  ++(plan.park ? report.ranges_parked : report.ranges_rescued);
}

}  // namespace pregon::store

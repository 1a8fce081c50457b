// The work queue's decisions about one range, written once for both backends: which
// outcomes may be recorded and what they add to the counters, when a released range is done
// and when the next batch may start, and what a rescue does with an expired lease. A backend
// reads the rows, asks here, and writes what the plan says in its own SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/campaign.h"
#include "core/delivery.h"
#include "core/status.h"
#include "core/suppression.h"
#include "store/roles/work_queue.h"

namespace pregon::store {

// ---- Starting deliveries ---------------------------------------------------------------------

// Where BeginDeliveries looks for due deliveries, in order, until one look finds some: from
// lease.scan_from (past what the lease handed out already), then, if that skipped any, from
// the range's first delivery (a retry come due before it).
struct ScanStarts {
  int64_t from[2] = {};
  int count = 1;
  const int64_t* begin() const { return from; }
  const int64_t* end() const { return from + count; }
};
ScanStarts ScanStartsFor(const RangeLease& lease);

// ---- Recording outcomes ----------------------------------------------------------------------

// Internal naming the status when an outcome is not one a send can end in (sent, failed,
// pending for a retry, unknown, unavailable); checked before anything is written.
Status CheckRecordable(std::span<const DeliveryOutcome> outcomes);

// Adds `n` deliveries recorded as `status` to `delta` (a recordable status).
void CountOutcome(DeliveryStatus status, int64_t n, Counters& delta);

// How many in-flight deliveries `delta` resolved.
int64_t Resolved(const Counters& delta);

// Whether recording `o` puts its recipient on the suppression list, and why: an unavailable
// recipient always (as unavailable, unless the channel named a reason), any other outcome
// when the channel named one (DESIGN §1.1).
std::optional<SuppressionReason> SuppressionFor(const DeliveryOutcome& o);

// ---- Releasing a range -----------------------------------------------------------------------

// A range's counters as its holder releases it.
struct RangeCounts {
  int64_t pending = 0, in_flight = 0, sent = 0, failed = 0, unavailable = 0, unknown = 0;
};

struct ReleasePlan {
  ReleaseKind answer = ReleaseKind::kDone;
  Timestamp next_batch_at{};
  // The campaign is cancelled (kAbandoned) with deliveries of this range still pending: they
  // become cancelled, so none stays pending for ever.
  bool cancel_pending = false;
  // kDone and kAbandoned: the range is final, and the next waiting range of the campaign
  // becomes pending at next_batch_at (now + the campaign's batch pause). kRetryLater: the
  // range goes back to pending, due when its earliest pending delivery is.
  bool final() const { return answer != ReleaseKind::kRetryLater; }
};

// Internal when deliveries are still in flight (the holder must record them first).
Result<ReleasePlan> PlanRelease(int64_t range_id, const RangeCounts& counts,
                                CampaignStatus campaign, Millis batch_pause, Timestamp now);

// ---- Rescuing an expired lease ---------------------------------------------------------------

struct RescuePlan {
  // What the range's in-flight deliveries become: pending (resent, at_least_once) or unknown
  // (at_most_once, or a parked range: the provider may have taken them, and nobody will
  // resend them).
  DeliveryStatus in_flight_become = DeliveryStatus::kUnknown;
  // Rescued more than max_rescues times: its pending deliveries fail with park_reason and the
  // range is final (failed); like a released range, the next waiting range of the campaign
  // becomes pending at next_batch_at (now + the batch pause).
  bool park = false;
  std::string park_reason;
  Timestamp next_batch_at{};
  std::string event_kind;  // "lease_rescued" or "range_parked"
  // The campaign was cancelled: nothing of the range is resent (in-flight deliveries become
  // unknown), its pending deliveries become cancelled and the range is final (done).
  bool cancelled = false;
  // The range's rescue count after this one: one more when deliveries were in flight (the
  // lease expired while they were on the wire: perhaps a message that crashes workers), the
  // same when none were (the worker stopped between chunks, or the store was down).
  int64_t rescues_after = 0;
};

// `rescues` is the range's count before this rescue, `in_flight` the deliveries it finds in
// flight, `campaign` the status of the range's campaign.
RescuePlan PlanRescue(DeliveryGuarantee guarantee, CampaignStatus campaign, int64_t rescues,
                      int64_t in_flight, int max_rescues, Millis batch_pause, Timestamp now);

// The last_error of a delivery its cancelled campaign never sent.
inline constexpr const char* kCancelledBeforeSent = "campaign cancelled before it was sent";
// The last_error of a delivery whose recipient was suppressed after the campaign started.
inline constexpr const char* kSuppressedSinceSnapshot =
    "recipient suppressed after the campaign started";

// The event message of a rescue that found `in_flight` deliveries under `owner`'s lease of
// range `seq`.
std::string RescueEventText(const RescuePlan& plan, int64_t seq, const std::string& owner,
                            int64_t in_flight);

// Adds one rescue that resolved `in_flight` deliveries to `report`.
void CountRescue(const RescuePlan& plan, int64_t in_flight, RescueReport& report);

}  // namespace pregon::store

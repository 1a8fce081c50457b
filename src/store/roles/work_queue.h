// WorkQueue: the engine's side of the store — campaigns started, ranges claimed by lease,
// deliveries marked in flight and their outcomes recorded, leases renewed, released and
// rescued, campaigns finalised (DESIGN §3).
//
// Work is handed out by lease (DESIGN §3.1): ClaimRange gives a worker a range until
// lease_until and bumps the range's lease_epoch; every write made under a lease
// (BeginDeliveries, RecordOutcomes, RenewLease, ReleaseRange) is conditional on that epoch
// and fails with Conflict — changing nothing — once the lease has been rescued or claimed
// by another worker.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/clock.h"
#include "core/delivery.h"
#include "core/status.h"

namespace pregon {

// What StartCampaign snapshotted.
struct CampaignStart {
  int64_t total = 0;  // deliveries created, suppressed included
  int64_t suppressed = 0;
  int64_t ranges = 0;
};

struct RescueReport {
  int64_t ranges_rescued = 0;  // returned to pending
  int64_t ranges_parked = 0;   // rescued too often: failed
  int64_t marked_unknown = 0;  // in-flight deliveries resolved as unknown (at_most_once)
  int64_t requeued = 0;        // in-flight deliveries to be resent (at_least_once)
};

struct FinalizedCampaign {
  int64_t campaign_id = 0;
  CampaignStatus status = CampaignStatus::kDone;
};

// What ReleaseRange did with the range: final, back to pending for retries, or closed because
// the campaign is cancelled.
enum class ReleaseKind { kDone, kRetryLater, kAbandoned };

class WorkQueue {
 public:
  virtual ~WorkQueue() = default;

  // ---- Campaigns becoming work, and finishing -------------------------------------------
  // Moves scheduled campaigns whose scheduled_at <= now to queued; returns their ids.
  virtual Result<std::vector<int64_t>> PromoteDueScheduled(Timestamp now) = 0;
  // Snapshots a queued campaign's audience into deliveries (suppressed recipients included,
  // as suppressed) and ranges of batch_size, and moves it to sending — one transaction.
  // FailedPrecondition when the campaign is no longer queued (another node started it).
  virtual Result<CampaignStart> StartCampaign(int64_t campaign_id, Timestamp now) = 0;
  // Moves every sending campaign with no range left to work on to done / partial / failed
  // (by its counters), with completed_at = now and a "finished" event.
  virtual Result<std::vector<FinalizedCampaign>> FinalizeCampaigns(Timestamp now) = 0;
  // Nothing of the campaign is claimed before `until` (outside its send window). Logs
  // `reason` as an event only when this moves the campaign's not_before later, so many
  // workers noticing the same closed window log it once.
  virtual Status DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                               Timestamp now) = 0;
  // Nothing of this sender is claimed before `until` (provider throttling, quota).
  virtual Status PauseSender(int64_t sender_id, Timestamp until) = 0;

  // ---- Leases -----------------------------------------------------------------------------
  // Claims the first claimable range (pending, not_before <= now, campaign sending, sender
  // not paused) for `owner` until now + ttl, bumping its lease_epoch. nullopt when none.
  virtual Result<std::optional<RangeLease>> ClaimRange(std::string_view owner, Timestamp now,
                                                       Millis ttl) = 0;
  // Extends the lease to now + ttl and returns the campaign's current status (the worker
  // stops when it is no longer sending). Conflict when the lease was lost.
  virtual Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis ttl) = 0;
  // Marks up to `limit` due pending deliveries of the range in_flight (attempts + 1) and
  // returns them in seq order; empty when none is due, when the campaign is no longer
  // sending, or while its sender is paused. The campaign's status is read in the same
  // transaction (PostgreSQL: under a share lock that a pause or cancel waits for), so once
  // ApplyCampaignAction(pause|cancel) or PauseSender has returned, nothing more goes in
  // flight: only deliveries already in flight may still reach the provider.
  // It looks from lease.scan_from first and moves it past the last delivery it returns;
  // when nothing from there on is due it looks over the whole range.
  // Conflict when the lease was lost.
  virtual Result<std::vector<DeliveryTask>> BeginDeliveries(RangeLease& lease, Timestamp now,
                                                            int limit) = 0;
  // Records what became of in-flight deliveries of the range, in one transaction. A
  // delivery recorded unavailable, or with outcome.suppress set, has its address added to
  // the suppression list (reason: outcome.suppress, else unavailable; campaign_id: the
  // delivery's campaign; an address already suppressed keeps its row).
  // Conflict (nothing written) when the lease was lost.
  virtual Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                                Timestamp now) = 0;
  // Gives the range back. If all its deliveries are final it is done (and the next batch
  // becomes eligible batch_pause later); if some wait for a retry it becomes pending again
  // with not_before = the earliest retry; if its campaign is paused it becomes pending; if
  // cancelled, done. A range that goes back to pending is not claimed again before
  // `hold_until` (a worker giving it back after an error backs off). Conflict when the lease
  // was lost; Internal (nothing changed) while deliveries of the range are still in flight.
  virtual Result<ReleaseKind> ReleaseRange(const RangeLease& lease, Timestamp now,
                                           Timestamp hold_until = {}) = 0;
  // Returns ranges whose lease expired before `now` to pending; their in-flight deliveries
  // become unknown (at_most_once) or pending again (at_least_once). A rescue that finds
  // deliveries in flight counts against the range (a message that may crash workers); one
  // that finds none does not, and recording any outcome for the range resets the count. A
  // range whose count exceeds `max_rescues` is parked as failed (its unsent deliveries failed
  // with the reason). Logs an event per range.
  virtual Result<RescueReport> RescueExpiredLeases(Timestamp now, int max_rescues) = 0;

  // ---- When to look again -----------------------------------------------------------------
  // The earliest future instant at which something becomes due (a range's not_before, a
  // lease expiry, a scheduled_at, a sender's pause end); nullopt when nothing is waiting.
  virtual Result<std::optional<Timestamp>> NextWakeup(Timestamp now) = 0;
  // True when there is work to do now: a queued campaign or a claimable range.
  virtual Result<bool> HasDueWork(Timestamp now) = 0;

  // ---- Coordination between processes ----------------------------------------------------
  // Scheduler passes are safe to run anywhere (every step is a compare-and-set), but on a
  // database shared by many nodes one leader runs them, so that N nodes do not each scan
  // the store several times a second.
  //
  // True when `owner` holds (or now takes, or renews) the scheduler leadership until
  // now + ttl; false while another owner holds an unexpired one. A leader that dies is
  // replaced within ttl. The default — for a backend that one node uses (SQLite) — grants
  // it to every caller.
  virtual Result<bool> AcquireSchedulerLeadership(std::string_view owner, Timestamp now,
                                                  Millis ttl);
  // Gives the leadership up when `owner` holds it (a graceful stop), so another node takes
  // it at its next try rather than a TTL later; nothing when another owner holds it. The
  // default (every caller leads) does nothing.
  virtual Status ReleaseSchedulerLeadership(std::string_view owner);
  // True when this backend announces new work to other processes (WaitForWork then
  // blocks); false (the default) when they only learn of it by polling.
  virtual bool AnnouncesWork() const { return false; }
  // Waits up to `timeout` for another process (or this one) to announce work: a campaign
  // queued, started, resumed, or created or edited with a scheduled time, a range handed
  // back or rescued. True when announced, false on timeout. Transient when the database
  // cannot be reached (callers then poll). The default returns false at once. May be called
  // from one thread at a time.
  virtual Result<bool> WaitForWork(Millis timeout);
};

}  // namespace pregon

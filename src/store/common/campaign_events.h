// The campaign event log's texts, written once for every backend: what each event says to
// the operator reading the log in the CLI, the API or the admin UI. Kinds are stable
// identifiers (clients filter on them); messages are for people.
#pragma once

#include <cstdint>
#include <string>

#include "core/campaign.h"
#include "core/delivery.h"

namespace pregon::store::events {

// "created": campaign created as draft|scheduled.
std::string Created(CampaignStatus status);
// "updated": an operator edited a draft or scheduled campaign.
std::string Updated(CampaignStatus status);
// send|pause|resume|cancel: the transition "queued → paused".
std::string Transition(CampaignStatus from, CampaignStatus to);
// "started": the audience snapshot.
std::string Started(int64_t total, int64_t suppressed, int64_t ranges, int batch_size);
// "batch_done": range `seq` of `ranges` is final, with its tallies.
struct BatchTally {
  int64_t sent = 0, failed = 0, unavailable = 0, unknown = 0;
};
std::string BatchDone(int64_t seq, int64_t ranges, const BatchTally& tally);
// "lease_rescued": the lease of range `seq` held by `owner` expired with `in_flight`
// deliveries in flight, which are resent (at_least_once) or marked unknown.
std::string LeaseRescued(int64_t seq, const std::string& owner, int64_t in_flight, bool resend);
// Why a range rescued `rescues` times is parked (also the parked deliveries' last_error);
// the "range_parked" event says LeaseRescued(...) + "; " + this.
std::string ParkedReason(int64_t rescues);
// "finished": the final status with the counters.
std::string Finished(CampaignStatus status, const Counters& counters);

}  // namespace pregon::store::events

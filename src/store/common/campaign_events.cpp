#include "store/common/campaign_events.h"

namespace pregon::store::events {

namespace {
std::string N(int64_t v) { return std::to_string(v); }
std::string Name(CampaignStatus s) { return std::string(CampaignStatusName(s)); }
}  // namespace

std::string Created(CampaignStatus status) { return "campaign created as " + Name(status); }

std::string Updated(CampaignStatus status) { return "campaign edited (" + Name(status) + ")"; }

std::string Transition(CampaignStatus from, CampaignStatus to) {
  return Name(from) + " → " + Name(to);
}

std::string Started(int64_t total, int64_t suppressed, int64_t ranges, int batch_size) {
  return "audience snapshotted: " + N(total) + " recipients (" + N(suppressed) +
         " suppressed) in " + N(ranges) + " batches of up to " + N(batch_size);
}

std::string BatchDone(int64_t seq, int64_t ranges, const BatchTally& t) {
  return "batch " + N(seq) + "/" + N(ranges) + " done: " + N(t.sent) + " sent, " + N(t.failed) +
         " failed, " + N(t.unavailable) + " unavailable, " + N(t.unknown) + " unknown";
}

std::string LeaseRescued(int64_t seq, const std::string& owner, int64_t in_flight, bool resend) {
  return "batch " + N(seq) + ": lease of " + owner + " expired; " + N(in_flight) +
         " in-flight deliveries " +
         (resend ? "will be resent (at_least_once)" : "marked unknown (at_most_once)");
}

std::string ParkedReason(int64_t rescues) {
  return "parked after " + N(rescues) +
         " leases expired with deliveries in flight (a message or recipient may crash workers)";
}

std::string Finished(CampaignStatus status, const Counters& k) {
  return "finished as " + Name(status) + ": " + N(k.sent) + " sent, " + N(k.failed) + " failed, " +
         N(k.unavailable) + " unavailable, " + N(k.suppressed) + " suppressed, " + N(k.unknown) +
         " unknown of " + N(k.total());
}

}  // namespace pregon::store::events

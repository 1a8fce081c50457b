// Deliveries and ranges: the durable units of work of a send (DESIGN §3).
//
// When a campaign starts its audience is snapshotted into one delivery per recipient,
// numbered seq = 1..total, and split into ranges of batch_size consecutive seqs. A worker
// claims a range by lease and owns its deliveries until it releases the range or the lease
// expires. Counters are kept per range, in the same transaction as the delivery changes,
// so a campaign's counters (the sum over its ranges) are exact at every instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "core/suppression.h"

namespace pregon {

enum class DeliveryStatus {
  kPending,
  kInFlight,
  kSent,
  kFailed,
  kUnavailable,
  kSuppressed,
  kUnknown,
  kCancelled,  // never sent: its campaign was cancelled first
};

std::string_view DeliveryStatusName(DeliveryStatus s);
Result<DeliveryStatus> ParseDeliveryStatus(std::string_view name);

enum class RangeStatus {
  kWaiting,  // behind an earlier batch: becomes pending when it ends (+ batch_pause)
  kPending,  // claimable once not_before has passed
  kLeased,   // owned by a worker until lease_until
  kDone,     // every delivery is final
  kFailed,   // parked: rescued too many times (a poison pill)
};

std::string_view RangeStatusName(RangeStatus s);
Result<RangeStatus> ParseRangeStatus(std::string_view name);

// Exact counts for a campaign: total = pending + in_flight + sent + failed + unavailable +
// suppressed + unknown + cancelled, at every instant.
struct Counters {
  int64_t pending = 0;
  int64_t in_flight = 0;
  int64_t sent = 0;
  int64_t failed = 0;
  int64_t unavailable = 0;
  int64_t suppressed = 0;
  int64_t unknown = 0;
  int64_t cancelled = 0;
  int64_t total() const {
    return pending + in_flight + sent + failed + unavailable + suppressed + unknown + cancelled;
  }
};

// A worker's claim on a range. Every write made under it is conditional on lease_epoch (a
// fencing token): once another worker has claimed the range, those writes change nothing.
struct RangeLease {
  int64_t range_id = 0;
  int64_t campaign_id = 0;
  int64_t sender_id = 0;
  int seq = 0;            // the range's position in its campaign (1-based)
  int64_t first_seq = 0;  // deliveries first_seq..last_seq belong to it
  int64_t last_seq = 0;
  int64_t lease_epoch = 0;
  std::string owner;
  Timestamp lease_until{};
  // Where BeginDeliveries looks first (0: first_seq). The store moves it past what it
  // handed out, so the claims of a range do not read its sent deliveries again and again;
  // once nothing after it is due, the store looks from first_seq (a retry come due).
  int64_t scan_from = 0;
};

// A delivery handed to a worker to send now (it is in_flight in the store).
struct DeliveryTask {
  int64_t delivery_id = 0;
  int64_t seq = 0;
  int64_t contact_id = 0;
  std::string address;  // e-mail or chat id, as snapshotted
  std::string name;
  std::string fields_json;  // the contact's free fields, {"Ciudad":"Lima",...}
  int attempts = 0;         // sends tried so far, including this one
};

// A delivery as stored, for people and the API (listings by status).
struct Delivery {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t seq = 0;
  int64_t contact_id = 0;
  std::string address;
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  std::string provider_id;  // "" until the provider accepted it
  std::string last_error;   // "" when none
  Timestamp updated_at{};
};

// What became of one in-flight delivery.
struct DeliveryOutcome {
  int64_t delivery_id = 0;
  DeliveryStatus status = DeliveryStatus::kSent;  // sent | failed | unavailable | pending (retry)
  std::string provider_id;
  std::string error;
  Timestamp retry_at{};  // when status is pending: not before this time
  // Also add the delivery's address to the suppression list with this reason (e.g. a
  // failed delivery whose mailbox does not exist: bounced). Unavailable deliveries are
  // suppressed as unavailable even when this is unset.
  std::optional<SuppressionReason> suppress;
  // The provider never took this try (it throttled us, or refused the sender): the attempt
  // BeginDeliveries counted is given back, so throttles never use up max_attempts.
  bool attempt_not_counted = false;
};

}  // namespace pregon

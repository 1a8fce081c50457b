// SuppressionStore: the suppression list (core/suppression.h). Addresses are given
// normalised (NormalizeChannelAddress); WorkQueue::StartCampaign snapshots contacts whose
// address is listed as suppressed, and WorkQueue::RecordOutcomes adds to it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/suppression.h"

namespace pregon {

// What AddSuppressions did.
struct SuppressionCounts {
  int64_t added = 0;    // addresses that were not suppressed before
  int64_t updated = 0;  // already suppressed: reason, campaign and time replaced
};

// What ListSuppressions returns: one page, ordered by address.
struct SuppressionQuery {
  std::string after_address;                // page after this address ("" = from the start)
  int limit = 1000;                         // at most this many rows
  std::optional<SuppressionReason> reason;  // only this reason (nullopt = all)
};

class SuppressionStore {
 public:
  virtual ~SuppressionStore() = default;

  // Adds every row in one transaction (all or nothing). An address already suppressed gets
  // the new reason, campaign_id and created_at (counted as updated). Duplicates within
  // `rows`: the last one wins.
  virtual Result<SuppressionCounts> AddSuppressions(std::span<const Suppression> rows) = 0;
  // Removes the address from the list (later campaigns send to it again). NotFound when it
  // was not suppressed.
  virtual Status RemoveSuppression(std::string_view address) = 0;
  // The suppression of `address`, or nullopt when it is not suppressed.
  virtual Result<std::optional<Suppression>> FindSuppression(std::string_view address) = 0;
  // One page of the list, ordered by address (see SuppressionQuery).
  virtual Result<std::vector<Suppression>> ListSuppressions(const SuppressionQuery& query) = 0;
};

}  // namespace pregon

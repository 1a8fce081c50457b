// SuppressionService: the suppression list use cases shared by the CLI (`pregon
// suppression list|add|remove|import`) and the HTTP API. Addresses are normalised
// (core/suppression.h) before anything is looked up or stored.
//
// Thread-safety: as safe as the Store it uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/suppression_import.h"
#include "core/clock.h"
#include "store/roles/suppression_store.h"

namespace pregon {

struct SuppressionImportReport {
  SuppressionCounts counts;
  std::vector<SuppressionImportIssue> issues;  // rows skipped, with line and reason
};

class SuppressionService {
 public:
  SuppressionService(SuppressionStore& store, Clock& clock) : store_(store), clock_(clock) {}

  // Suppresses `address` (an e-mail address or chat id) with `reason`; an address already
  // suppressed gets the new reason. Returns the stored row. InvalidArgument for an address
  // that is neither.
  Result<Suppression> Add(std::string_view address, SuppressionReason reason,
                          bool* added = nullptr);

  // Stops suppressing `address`. NotFound when it is not suppressed; FailedPrecondition,
  // changing nothing, when `only_reason` is given and it is suppressed for another reason.
  Status Remove(std::string_view address, std::optional<SuppressionReason> only_reason);

  // One page in address order; with `address` non-empty, that address's row alone (when it
  // is suppressed and matches the query's reason).
  Result<std::vector<Suppression>> Page(const SuppressionQuery& query, std::string_view address);

  // Suppresses every good row of a CSV (suppression_import.h) in one transaction; rows
  // skipped are in the report. InvalidArgument for content that is not such a CSV.
  Result<SuppressionImportReport> ImportCsv(std::string_view content,
                                            SuppressionReason default_reason);

 private:
  SuppressionStore& store_;
  Clock& clock_;
};

}  // namespace pregon

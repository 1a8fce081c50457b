#include "app/suppression_service.h"

namespace pregon {

Result<Suppression> SuppressionService::Add(std::string_view address, SuppressionReason reason,
                                            bool* added) {
  PREGON_ASSIGN_OR_RETURN(std::string normalized, NormalizeChannelAddress(address));
  std::vector<Suppression> row = {{normalized, reason, std::nullopt, clock_.Now()}};
  PREGON_ASSIGN_OR_RETURN(SuppressionCounts counts, store_.AddSuppressions(row));
  if (added != nullptr) *added = counts.added == 1;
  return row.front();
}

Status SuppressionService::Remove(std::string_view address,
                                  std::optional<SuppressionReason> only_reason) {
  PREGON_ASSIGN_OR_RETURN(std::string normalized, NormalizeChannelAddress(address));
  if (only_reason) {
    PREGON_ASSIGN_OR_RETURN(auto found, store_.FindSuppression(normalized));
    if (found && found->reason != *only_reason)
      return Status::FailedPrecondition(
          normalized + " is suppressed as " + std::string(SuppressionReasonName(found->reason)) +
          ", not " + std::string(SuppressionReasonName(*only_reason)) + ": left as it is");
  }
  return store_.RemoveSuppression(normalized);
}

Result<std::vector<Suppression>> SuppressionService::Page(const SuppressionQuery& query,
                                                          std::string_view address) {
  if (address.empty()) return store_.ListSuppressions(query);
  PREGON_ASSIGN_OR_RETURN(std::string normalized, NormalizeChannelAddress(address));
  PREGON_ASSIGN_OR_RETURN(auto found, store_.FindSuppression(normalized));
  std::vector<Suppression> out;
  if (found && (!query.reason || found->reason == *query.reason) &&
      found->address > query.after_address)
    out.push_back(*found);
  return out;
}

Result<SuppressionImportReport> SuppressionService::ImportCsv(std::string_view content,
                                                              SuppressionReason default_reason) {
  PREGON_ASSIGN_OR_RETURN(ParsedSuppressions parsed,
                          ParseSuppressionCsv(content, default_reason, clock_.Now()));
  PREGON_ASSIGN_OR_RETURN(SuppressionCounts counts, store_.AddSuppressions(parsed.rows));
  return SuppressionImportReport{counts, std::move(parsed.issues)};
}

}  // namespace pregon

#include "app/feedback/feedback_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/suppression_service.h"
#include "core/suppression.h"

namespace pregon {

Result<FeedbackCounts> FeedbackService::Apply(std::vector<MailFeedback> events) {
  FeedbackCounts counts;
  for (MailFeedback& f : events) PREGON_RETURN_IF_ERROR(ApplyOne(f, counts));
  return counts;
}

Status FeedbackService::ApplyOne(MailFeedback& f, FeedbackCounts& counts) {
  auto address = NormalizeChannelAddress(f.address);
  if (!address.ok() || f.event_key.empty()) {
    ++counts.invalid;
    return Status::Ok();
  }
  f.address = *address;
  f.received_at = clock_.Now();
  PREGON_ASSIGN_OR_RETURN(const bool fresh, store_.RecordFeedback(f));
  if (!fresh) {
    ++counts.duplicates;
    return Status::Ok();
  }
  ++counts.recorded;
  if (totals_) totals_->Count(f.type);
  const auto window = thresholds_.WindowOf(f.type);
  PREGON_ASSIGN_OR_RETURN(
      const int64_t seen,
      store_.CountFeedback(
          f.address, f.type,
          window ? std::optional<Timestamp>(f.received_at - *window) : std::nullopt));
  const std::string_view type = FeedbackTypeName(f.type);
  const bool suppress = seen >= thresholds_.LimitOf(f.type);
  bool added = false;
  if (suppress) {
    PREGON_RETURN_IF_ERROR(SuppressionService(store_, clock_)
                               .Add(f.address, SuppressionReasonFor(f.type), &added)
                               .status());
    if (added) ++counts.suppressed;
  }
  if (f.campaign_id) {
    const std::string message = fmt::format(
        "{} {} reported by {}{}", f.address,
        f.type == FeedbackType::kComplaint ? "complained" : std::string(type) + " bounce", f.source,
        added ? fmt::format(" ({} of {}): suppressed", seen, thresholds_.LimitOf(f.type)) : "");
    Status logged =
        store_.AppendEvent(*f.campaign_id, f.received_at,
                           f.type == FeedbackType::kComplaint ? "complained" : "bounced", message);
    // A campaign id a provider echoed back may be stale or foreign: not worth failing over.
    if (!logged.ok() && logged.code() != StatusCode::kNotFound) return logged;
  }
  if (added)
    spdlog::info("{} suppressed after {} {} report(s) ({})", f.address, seen, type, f.source);
  return Status::Ok();
}

}  // namespace pregon

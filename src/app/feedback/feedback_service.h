// FeedbackService: what pregon does with a bounce or complaint once its webhook is verified
// (app/feedback/webhooks.h) — records it once (the same event delivered again changes
// nothing), marks its delivery, and suppresses the address when its type reaches the
// threshold (FeedbackThresholds: by default one hard bounce, one complaint, or three soft
// bounces within seven days), saying so in the campaign's event log.
//
// Thread-safety: as safe as the Store it uses.
#pragma once

#include <array>
#include <atomic>
#include <vector>

#include "core/clock.h"
#include "core/mail_feedback.h"
#include "store/store.h"

namespace pregon {

struct FeedbackCounts {
  int recorded = 0;    // new events
  int duplicates = 0;  // seen before: nothing changed
  int suppressed = 0;  // addresses suppressed by these events
  int invalid = 0;     // events without a usable address: skipped
};

// New bounce and complaint events recorded by this process, by type (for /metrics: the
// complaint and bounce rates the mailbox providers judge a sender by).
// Thread-safety: safe for concurrent use.
class FeedbackTotals {
 public:
  void Count(FeedbackType t) { counts_[static_cast<size_t>(t)].fetch_add(1); }
  uint64_t count(FeedbackType t) const { return counts_[static_cast<size_t>(t)].load(); }

 private:
  std::array<std::atomic<uint64_t>, 3> counts_{};  // FeedbackType
};

class FeedbackService {
 public:
  // Counts what it records into `totals` when given.
  FeedbackService(Store& store, Clock& clock, FeedbackThresholds thresholds,
                  FeedbackTotals* totals = nullptr)
      : store_(store), clock_(clock), thresholds_(thresholds), totals_(totals) {}

  Result<FeedbackCounts> Apply(std::vector<MailFeedback> events);

 private:
  Status ApplyOne(MailFeedback& f, FeedbackCounts& counts);

  Store& store_;
  Clock& clock_;
  const FeedbackThresholds thresholds_;
  FeedbackTotals* totals_;
};

}  // namespace pregon

// FeedbackService: what pregon does with a bounce or complaint once its webhook is verified
// (app/feedback/webhooks.h) — records it once (the same event delivered again changes
// nothing), marks its delivery, and suppresses the address when its type reaches the
// threshold (FeedbackThresholds: by default one hard bounce, one complaint, or three soft
// bounces within seven days), saying so in the campaign's event log.
//
// Thread-safety: as safe as the Store it uses.
#pragma once

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

class FeedbackService {
 public:
  FeedbackService(Store& store, Clock& clock, FeedbackThresholds thresholds)
      : store_(store), clock_(clock), thresholds_(thresholds) {}

  Result<FeedbackCounts> Apply(std::vector<MailFeedback> events);

 private:
  Status ApplyOne(MailFeedback& f, FeedbackCounts& counts);

  Store& store_;
  Clock& clock_;
  const FeedbackThresholds thresholds_;
};

}  // namespace pregon

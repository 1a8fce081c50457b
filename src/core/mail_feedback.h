// Mail feedback: what providers tell pregon after a send — a bounce (hard: the mailbox does not
// exist; soft: full, greylisted, temporarily refused) or a complaint (the recipient marked the
// message as spam) — arriving by webhook (DESIGN §1.4b, docs/TRACKING.md).
//
// Each is kept as a row, marked on its delivery when it names one, and counted per address and
// type; an address reaching its type's threshold is suppressed (FeedbackThresholds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"
#include "core/suppression.h"

namespace pregon {

enum class FeedbackType { kHard, kSoft, kComplaint };

std::string_view FeedbackTypeName(FeedbackType t);  // hard | soft | complaint
Result<FeedbackType> ParseFeedbackType(std::string_view name);

struct MailFeedback {
  std::string source;  // generic | ses | sendgrid | postmark | mailgun
  // The provider's id of the event (or of its signed request): the same event delivered twice
  // — providers retry — is recorded once.
  std::string event_key;
  FeedbackType type = FeedbackType::kHard;
  std::string address;  // normalised (lower-case)
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> delivery_id;
  std::string reason;  // the provider's words, bounded
  Timestamp received_at{};
};

// When an address is suppressed: after `hard` hard bounces, `complaint` complaints, or `soft`
// soft bounces within `soft_window` (the defaults: 1, 1, 3 within 7 days).
struct FeedbackThresholds {
  int hard = 1;
  int complaint = 1;
  int soft = 3;
  Millis soft_window{7LL * 24 * 3'600'000};

  // "hard=1,complaint=1,soft=3/7d" (any subset; the rest keep their defaults).
  static Result<FeedbackThresholds> Parse(std::string_view text);
  int LimitOf(FeedbackType t) const;
  // How far back feedback of type `t` counts (soft: soft_window; others: forever).
  std::optional<Millis> WindowOf(FeedbackType t) const;
};

// The suppression reason feedback of type `t` leads to.
SuppressionReason SuppressionReasonFor(FeedbackType t);

}  // namespace pregon

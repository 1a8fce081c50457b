#include "core/mail_feedback.h"

#include <charconv>

#include "core/duration.h"
#include "core/enum_names.h"
#include "core/text.h"

namespace pregon {
namespace {

constexpr EnumNames<FeedbackType, 3> kTypes = {{
    {FeedbackType::kHard, "hard"},
    {FeedbackType::kSoft, "soft"},
    {FeedbackType::kComplaint, "complaint"},
}};

std::optional<int> Count(std::string_view text) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > 1000)
    return std::nullopt;
  return n;
}

}  // namespace

std::string_view FeedbackTypeName(FeedbackType t) { return NameIn(kTypes, t); }

Result<FeedbackType> ParseFeedbackType(std::string_view name) {
  if (auto t = ValueIn(kTypes, name)) return *t;
  return Status::InvalidField("type",
                              "must be " + NamesIn(kTypes) + ", not '" + LogSafe(name, 40) + "'");
}

Result<FeedbackThresholds> FeedbackThresholds::Parse(std::string_view text) {
  FeedbackThresholds t;
  const auto bad = [&](std::string_view item) {
    return Status::InvalidArgument("PREGON_FEEDBACK_THRESHOLDS: '" + LogSafe(item, 60) +
                                   "' is not hard=N, complaint=N or soft=N/DURATION (N 1-1000), "
                                   "e.g. hard=1,complaint=1,soft=3/7d");
  };
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = TrimSpaceTab(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) return bad(item);
    const std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    if (key == "soft") {
      const size_t slash = value.find('/');
      if (slash != std::string_view::npos) {
        auto window = ParseDuration(value.substr(slash + 1));
        if (!window.ok() || window->count() <= 0) return bad(item);
        t.soft_window = *window;
        value = value.substr(0, slash);
      }
    }
    const auto n = Count(value);
    if (!n) return bad(item);
    if (key == "hard") {
      t.hard = *n;
    } else if (key == "complaint") {
      t.complaint = *n;
    } else if (key == "soft") {
      t.soft = *n;
    } else {
      return bad(item);
    }
  }
  return t;
}

int FeedbackThresholds::LimitOf(FeedbackType t) const {
  switch (t) {
    case FeedbackType::kHard:
      return hard;
    case FeedbackType::kSoft:
      return soft;
    case FeedbackType::kComplaint:
      return complaint;
  }
  return hard;
}

std::optional<Millis> FeedbackThresholds::WindowOf(FeedbackType t) const {
  if (t == FeedbackType::kSoft) return soft_window;
  return std::nullopt;
}

SuppressionReason SuppressionReasonFor(FeedbackType t) {
  return t == FeedbackType::kComplaint ? SuppressionReason::kComplaint
                                       : SuppressionReason::kBounced;
}

}  // namespace pregon

// Engagement: what recipients did with a campaign's e-mails, as pregon's own tracking saw it
// (DESIGN §1.4b) — opens of the pixel, clicks on rewritten links, unsubscribes, and the
// bounces and complaints providers report.
//
// Every open and click is judged when it arrives (core/hit_classifier.h) and only the verdict
// is kept. Counts are always split: `opens` / `clicks` are the hits judged human,
// `machine_*` the rest, so a report never mixes Apple's privacy proxy or a link scanner into
// the human figures, and shows both side by side.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/delivery.h"
#include "core/status.h"

namespace pregon {

enum class HitKind { kOpen, kClick };
// human: a person, as far as can be told; privacy_proxy: a mail provider fetching for the
// reader (Apple Mail Privacy Protection, Google's image proxy) — the message reached a
// mailbox, but nobody necessarily looked; scanner: a security scanner following links;
// unknown: no user agent at all.
enum class HitVerdict { kHuman, kPrivacyProxy, kScanner, kUnknown };

std::string_view HitKindName(HitKind k);
std::string_view HitVerdictName(HitVerdict v);
Result<HitVerdict> ParseHitVerdict(std::string_view name);
Result<HitKind> ParseHitKind(std::string_view name);

// One judged open or click, ready to be stored.
struct TrackingHit {
  HitKind kind = HitKind::kOpen;
  int64_t campaign_id = 0;
  int64_t delivery_id = 0;
  int64_t link_id = 0;  // clicks: the campaign link (0 = the hidden honeypot link)
  HitVerdict verdict = HitVerdict::kUnknown;
  Timestamp at{};
};

// A link of a campaign's HTML, with its clicks so far.
struct CampaignLink {
  int64_t id = 0;  // 1.. in order of first appearance in the HTML
  std::string url;
  int64_t human_clicks = 0;
  int64_t machine_clicks = 0;
};

// A delivery with what its recipient did.
struct DeliveryEngagement {
  Delivery delivery;
  std::optional<Timestamp> first_open_at;  // first human open
  int64_t opens = 0;                       // human opens
  int64_t machine_opens = 0;
  std::optional<Timestamp> first_click_at;  // first human click
  int64_t clicks = 0;                       // human clicks
  int64_t machine_clicks = 0;
  std::optional<Timestamp> unsubscribed_at;
  std::optional<Timestamp> bounced_at;
  std::string bounce_type;  // hard | soft, when bounced
  std::optional<Timestamp> complained_at;
};

// Which deliveries of a campaign a listing returns.
enum class EngagementFilter {
  kAll,
  kOpened,        // at least one human open
  kClicked,       // at least one human click
  kMachineOnly,   // opened or clicked by machines only
  kUnsubscribed,  // unsubscribed by its link
  kBounced,
  kComplained,
};

std::string_view EngagementFilterName(EngagementFilter f);
Result<EngagementFilter> ParseEngagementFilter(std::string_view name);

struct EngagementQuery {
  int64_t campaign_id = 0;
  EngagementFilter filter = EngagementFilter::kAll;
  int64_t after_seq = 0;  // page after this delivery seq
  int limit = 1000;
};

// A campaign's totals. "unique" counts deliveries, "total" counts hits.
struct EngagementSummary {
  int64_t sent = 0;                    // the denominator of every rate
  int64_t opened = 0;                  // unique: deliveries with a human open
  int64_t opened_by_machine_only = 0;  // unique: machine opens and no human one
  int64_t opens = 0;                   // total human opens
  int64_t machine_opens = 0;           // total machine opens
  int64_t clicked = 0;                 // unique: deliveries with a human click
  int64_t clicked_by_machine_only = 0;
  int64_t clicks = 0;
  int64_t machine_clicks = 0;
  int64_t unsubscribed = 0;
  int64_t bounced = 0;
  int64_t complained = 0;
};

// The opens or clicks of one verdict in one hour.
struct EngagementHour {
  Timestamp hour{};  // start of the hour, UTC
  HitKind kind = HitKind::kOpen;
  HitVerdict verdict = HitVerdict::kHuman;
  int64_t hits = 0;
};

}  // namespace pregon

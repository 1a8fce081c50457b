// Judging an open or a click: a person, or a machine acting for one (DESIGN §1.4b).
//
// Opens are inflated by mail providers that fetch every image for their readers — Apple Mail
// Privacy Protection (a bare "Mozilla/5.0" user agent from Apple's network, 17.0.0.0/8),
// Google's and Yahoo's image proxies (named in their user agents) — and clicks by security
// scanners that follow every link of a message as it arrives. pregon judges each hit once,
// when it arrives, keeps only the verdict, and counts machines apart from people.
//
// Two steps, because some signals need more than the request:
//   JudgeRequest  what the request alone tells: no user agent (unknown), the hidden honeypot
//                 link no person can see (scanner), a known scanner or proxy user agent.
//   JudgeInContext, for the hits the request judged human: one arriving sooner after the
//                 send than any reader could (too_soon), and bursts — several clicks of one
//                 message within burst_window, as a scanner following every link does.
//
// Pure functions; no I/O. The rules are heuristics and say so in reports ("machine" counts
// are shown beside human ones, never silently dropped).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/clock.h"
#include "core/engagement.h"

namespace pregon {

struct HitRules {
  // A hit this soon after its message went out is a machine's (0 = no such rule).
  Millis too_soon{2000};
  // Clicks of one message closer together than this form a burst...
  Millis burst_window{2000};
  // ...when there are at least this many of them, on at least two links or not.
  int burst_clicks = 3;
};

struct HitRequest {
  HitKind kind = HitKind::kOpen;
  bool honeypot = false;  // a click on the hidden link
  std::string_view user_agent;
  bool from_apple_network = false;  // the client address is in 17.0.0.0/8
};

HitVerdict JudgeRequest(const HitRequest& request);

// Re-judges, among `hits` (one batch, any order), the human ones that came too soon after
// their send (`sent_at` finds a delivery's send time; nullopt = unknown, no rule applied)
// and the clicks that are part of a burst: those become scanner.
template <typename SentAt>
void JudgeInContext(std::span<TrackingHit> hits, const HitRules& rules, SentAt sent_at);

// Details of JudgeInContext, exposed for it (a template) and its tests.
bool TooSoon(const TrackingHit& hit, std::optional<Timestamp> sent_at, const HitRules& rules);
void MarkBursts(std::span<TrackingHit> hits, const HitRules& rules);

template <typename SentAt>
void JudgeInContext(std::span<TrackingHit> hits, const HitRules& rules, SentAt sent_at) {
  for (TrackingHit& h : hits)
    if (h.verdict == HitVerdict::kHuman && TooSoon(h, sent_at(h.delivery_id), rules))
      h.verdict = HitVerdict::kScanner;
  MarkBursts(hits, rules);
}

}  // namespace pregon

#include "core/hit_classifier.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <vector>

#include "core/text.h"

namespace pregon {
namespace {

// Lower-case fragments of the user agents of link scanners, crawlers and HTTP libraries (no
// mail client fetches with those).
constexpr std::array<std::string_view, 31> kScannerAgents = {
    "bot",        "spider",         "crawl",           "scan",          "barracuda",
    "proofpoint", "mimecast",       "symantec",        "forcepoint",    "trendmicro",
    "sophos",     "fortinet",       "ironport",        "paloalto",      "zscaler",
    "urldefense", "safelinks",      "python-requests", "python-urllib", "curl/",
    "wget",       "go-http-client", "java/",           "okhttp",        "headlesschrome",
    "phantomjs",  "libwww",         "httpclient",      "axios",         "node-fetch",
    "preview"};

// Image proxies that name themselves.
constexpr std::array<std::string_view, 3> kProxyAgents = {"googleimageproxy", "ggpht.com",
                                                          "yahoomailproxy"};

bool ContainsAny(std::string_view haystack, std::span<const std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view n) {
    return haystack.find(n) != std::string_view::npos;
  });
}

}  // namespace

HitVerdict JudgeRequest(const HitRequest& r) {
  const std::string_view agent = TrimSpaceTab(r.user_agent);
  if (agent.empty()) return HitVerdict::kUnknown;
  if (r.honeypot) return HitVerdict::kScanner;
  const std::string lower = AsciiLower(agent);
  if (ContainsAny(lower, kProxyAgents)) return HitVerdict::kPrivacyProxy;
  if (ContainsAny(lower, kScannerAgents)) return HitVerdict::kScanner;
  // Apple Mail Privacy Protection fetches with a bare "Mozilla/5.0" from Apple's network.
  if (r.kind == HitKind::kOpen && (agent == "Mozilla/5.0" || r.from_apple_network))
    return HitVerdict::kPrivacyProxy;
  return HitVerdict::kHuman;
}

bool TooSoon(const TrackingHit& hit, std::optional<Timestamp> sent_at, const HitRules& rules) {
  return rules.too_soon.count() > 0 && sent_at && hit.at - *sent_at < rules.too_soon;
}

void MarkBursts(std::span<TrackingHit> hits, const HitRules& rules) {
  std::map<int64_t, std::vector<TrackingHit*>> clicks;  // by delivery
  for (TrackingHit& h : hits)
    if (h.kind == HitKind::kClick) clicks[h.delivery_id].push_back(&h);
  for (auto& [delivery, list] : clicks) {
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->at < b->at; });
    // Each maximal run of clicks spaced less than burst_window apart.
    for (size_t begin = 0; begin < list.size();) {
      size_t end = begin + 1;
      while (end < list.size() && list[end]->at - list[end - 1]->at < rules.burst_window) ++end;
      std::set<int64_t> links;
      for (size_t i = begin; i < end; ++i) links.insert(list[i]->link_id);
      const bool burst = static_cast<int>(end - begin) >= rules.burst_clicks ||
                         (end - begin >= 2 && links.size() >= 2);
      if (burst)
        for (size_t i = begin; i < end; ++i)
          if (list[i]->verdict == HitVerdict::kHuman) list[i]->verdict = HitVerdict::kScanner;
      begin = end;
    }
  }
}

}  // namespace pregon

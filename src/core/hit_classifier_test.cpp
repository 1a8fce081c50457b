#include "core/hit_classifier.h"

#include <gtest/gtest.h>

#include <vector>

namespace pregon {
namespace {

constexpr std::string_view kIphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Mobile/15E148";

HitVerdict Open(std::string_view agent, bool apple = false) {
  return JudgeRequest({HitKind::kOpen, false, agent, apple});
}
HitVerdict Click(std::string_view agent, bool honeypot = false) {
  return JudgeRequest({HitKind::kClick, honeypot, agent, false});
}

TEST(HitClassifier, RequestsAreJudgedByTheirUserAgentAndLink) {
  EXPECT_EQ(Open(kIphone), HitVerdict::kHuman);
  EXPECT_EQ(Click(kIphone), HitVerdict::kHuman);
  EXPECT_EQ(Open(""), HitVerdict::kUnknown);
  EXPECT_EQ(Click("  "), HitVerdict::kUnknown);
  // Apple Mail Privacy Protection: a bare user agent, or any from Apple's network.
  EXPECT_EQ(Open("Mozilla/5.0"), HitVerdict::kPrivacyProxy);
  EXPECT_EQ(Open(kIphone, /*apple=*/true), HitVerdict::kPrivacyProxy);
  EXPECT_EQ(Open("Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com "
                 "GoogleImageProxy)"),
            HitVerdict::kPrivacyProxy);
  EXPECT_EQ(Open("YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html"),
            HitVerdict::kPrivacyProxy);
  EXPECT_EQ(Click("Mozilla/5.0 (compatible; Barracuda Sentinel)"), HitVerdict::kScanner);
  EXPECT_EQ(Click("python-requests/2.31"), HitVerdict::kScanner);
  EXPECT_EQ(Click("curl/7.88.1"), HitVerdict::kScanner);
  EXPECT_EQ(Click(kIphone, /*honeypot=*/true), HitVerdict::kScanner);
}

TrackingHit ClickAt(int64_t delivery, int64_t link, Timestamp at) {
  return TrackingHit{HitKind::kClick, 1, delivery, link, HitVerdict::kHuman, at};
}

TEST(HitClassifier, BurstsOfClicksOnOneMessageAreScanners) {
  const Timestamp t = FromUnixMillis(1'767'225'600'000);
  HitRules rules;
  std::vector<TrackingHit> hits = {
      ClickAt(1, 1, t), ClickAt(1, 2, t + Millis(300)),     // two links in 0.3 s: a scanner
      ClickAt(2, 1, t), ClickAt(2, 2, t + Millis(60'000)),  // a minute apart: a person
      ClickAt(3, 1, t), ClickAt(3, 1, t + Millis(500)),     // the same link twice: still a person
      ClickAt(4, 1, t), ClickAt(4, 1, t + Millis(500)),    ClickAt(4, 1, t + Millis(900)),  // 3
  };
  MarkBursts(hits, rules);
  const auto v = [&](size_t i) { return hits[i].verdict; };
  EXPECT_EQ(v(0), HitVerdict::kScanner);
  EXPECT_EQ(v(1), HitVerdict::kScanner);
  EXPECT_EQ(v(2), HitVerdict::kHuman);
  EXPECT_EQ(v(3), HitVerdict::kHuman);
  EXPECT_EQ(v(4), HitVerdict::kHuman);
  EXPECT_EQ(v(5), HitVerdict::kHuman);
  EXPECT_EQ(v(6), HitVerdict::kScanner);
  EXPECT_EQ(v(8), HitVerdict::kScanner);
}

TEST(HitClassifier, HitsTooSoonAfterTheSendAreMachines) {
  const Timestamp sent = FromUnixMillis(1'767'225'600'000);
  HitRules rules;
  std::vector<TrackingHit> hits = {
      {HitKind::kOpen, 1, 1, 0, HitVerdict::kHuman, sent + Millis(500)},
      {HitKind::kOpen, 1, 2, 0, HitVerdict::kHuman, sent + Millis(30'000)},
      {HitKind::kOpen, 1, 3, 0, HitVerdict::kHuman, sent + Millis(500)},  // send time unknown
      {HitKind::kOpen, 1, 1, 0, HitVerdict::kPrivacyProxy, sent + Millis(100)},
  };
  JudgeInContext(std::span<TrackingHit>(hits), rules, [&](int64_t d) -> std::optional<Timestamp> {
    if (d == 3) return std::nullopt;
    return sent;
  });
  EXPECT_EQ(hits[0].verdict, HitVerdict::kScanner);
  EXPECT_EQ(hits[1].verdict, HitVerdict::kHuman);
  EXPECT_EQ(hits[2].verdict, HitVerdict::kHuman);
  EXPECT_EQ(hits[3].verdict, HitVerdict::kPrivacyProxy);  // a machine's verdict stays
  rules.too_soon = Millis(0);
  hits[0].verdict = HitVerdict::kHuman;
  JudgeInContext(std::span<TrackingHit>(hits), rules, [&](int64_t) { return sent; });
  EXPECT_EQ(hits[0].verdict, HitVerdict::kHuman);
}

}  // namespace
}  // namespace pregon

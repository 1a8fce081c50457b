#include "engine/message_tracking.h"

#include <gtest/gtest.h>

#include "core/html_links.h"

namespace pregon {
namespace {

constexpr const char* kKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

TrackingSettings Settings(bool tracking_on = true) {
  TrackingSettings s;
  s.signer = std::make_shared<const TrackingSigner>(*TrackingSigner::FromSecretKey(kKey));
  s.public_url = "https://t.example/";
  s.unsubscribe_url = "https://t.example";
  s.tracking_on = tracking_on;
  return s;
}

OutgoingMessage Message() {
  OutgoingMessage m;
  m.campaign_id = 7;
  m.delivery_id = 42;
  m.html =
      "<html><body style=\"x\"><a href=\"https://shop.example/?a=1&amp;b=2\">Buy</a>"
      "<a href=\"https://other.example/{{id}}-7\">per recipient</a>"
      "<a href=\"mailto:x@y.z\">mail</a></body></html>";
  m.text = "Hola";
  return m;
}

// The claim of a URL's token under https://t.example/<prefix>.
std::optional<TrackingClaim> ClaimOf(const TrackingSettings& s, std::string url, std::string prefix,
                                     std::string suffix = "") {
  const std::string base = "https://t.example/" + prefix;
  if (url.rfind(base, 0) != 0) return std::nullopt;
  std::string token = url.substr(base.size());
  if (!suffix.empty()) token = token.substr(0, token.size() - suffix.size());
  return s.signer->Verify(token);
}

TEST(MessageTracking, RewritesStoredLinksAndAddsHoneypotPixelAndFooter) {
  const TrackingSettings s = Settings();
  MessageTracking tracking(s, 7, true, {"https://shop.example/?a=1&b=2"});
  OutgoingMessage m = Message();
  tracking.Decorate(m);
  const auto links = FindLinks(m.html);
  ASSERT_EQ(links.size(), 5u);  // honeypot, 3 of the body, the footer's
  // The honeypot first: link 0, right after <body>.
  EXPECT_EQ(m.html.find("<body style=\"x\"><a href=\"https://t.example/t/c/"), 6u);
  EXPECT_EQ(ClaimOf(s, links[0].url, "t/c/"), (TrackingClaim{TrackingKind::kClick, 7, 42, 0}));
  EXPECT_EQ(ClaimOf(s, links[1].url, "t/c/"), (TrackingClaim{TrackingKind::kClick, 7, 42, 1}));
  EXPECT_EQ(links[2].url, "https://other.example/{{id}}-7");  // not in the table: as it was
  EXPECT_EQ(links[3].url, "mailto:x@y.z");
  EXPECT_EQ(ClaimOf(s, links[4].url, "u/"), (TrackingClaim{TrackingKind::kUnsubscribe, 7, 42, 0}));
  // The pixel, last in the body.
  const size_t pixel = m.html.find("<img src=\"https://t.example/t/o/");
  ASSERT_NE(pixel, std::string::npos);
  EXPECT_LT(pixel, m.html.find("</body>"));
  EXPECT_GT(pixel, m.html.find("Darse de baja"));
  const size_t src = pixel + 10, end = m.html.find('"', src);
  EXPECT_EQ(ClaimOf(s, m.html.substr(src, end - src), "t/o/", ".gif"),
            (TrackingClaim{TrackingKind::kOpen, 7, 42, 0}));
  EXPECT_NE(m.text.find("Unsubscribe: https://t.example/u/"), std::string::npos);
}

TEST(MessageTracking, WithTrackingOffOnlyTheUnsubscribeFooterIsAdded) {
  for (bool deployment_on : {false, true}) {
    MessageTracking tracking(Settings(deployment_on), 7, /*track=*/!deployment_on,
                             {"https://shop.example/?a=1&b=2"});
    OutgoingMessage m = Message();
    tracking.Decorate(m);
    EXPECT_EQ(m.html.find("/t/"), std::string::npos) << m.html;
    EXPECT_NE(m.html.find("https://shop.example/?a=1&amp;b=2"), std::string::npos);
    EXPECT_NE(m.html.find("https://t.example/u/"), std::string::npos);
  }
}

TEST(MessageTracking, TestSendsAndDeploymentsWithoutAKeyAreLeftAlone) {
  MessageTracking tracking(Settings(), 7, true, {"https://shop.example/?a=1&b=2"});
  OutgoingMessage test = Message();
  test.delivery_id = 0;
  tracking.Decorate(test);
  EXPECT_EQ(test.html, Message().html);
  TrackingSettings keyless = Settings();
  keyless.signer = nullptr;
  MessageTracking none(keyless, 7, true, {"https://shop.example/?a=1&b=2"});
  EXPECT_FALSE(none.active());
  OutgoingMessage m = Message();
  none.Decorate(m);
  EXPECT_EQ(m.html, Message().html);
}

TEST(MessageTracking, HtmlWithoutBodyTagsGetsTheirPartsAtTheEnds) {
  MessageTracking tracking(Settings(), 7, true, {});
  OutgoingMessage m;
  m.campaign_id = 7;
  m.delivery_id = 1;
  m.html = "<p>hi</p>";
  tracking.Decorate(m);
  EXPECT_EQ(m.html.rfind("<a href=\"https://t.example/t/c/", 0), 0u);
  EXPECT_NE(m.html.find("<p>hi</p><p style"), std::string::npos);
  EXPECT_EQ(m.html.substr(m.html.size() - 1), ">");
  EXPECT_NE(m.html.find("<img src="), std::string::npos);
}

TEST(MessageTracking, TelegramHtmlTextsGetTheirLinksRewrittenAndNothingElse) {
  const TrackingSettings s = Settings();
  MessageTracking tracking(s, 7, true, {"https://shop.example/a"},
                           MessageTracking::Medium::kTelegramHtml);
  OutgoingMessage m;
  m.campaign_id = 7;
  m.delivery_id = 9;
  m.text = "<b>Hola</b> <a href=\"https://shop.example/a\">oferta</a>";
  tracking.Decorate(m);
  const auto links = FindLinks(m.text);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(ClaimOf(s, links[0].url, "t/c/"), (TrackingClaim{TrackingKind::kClick, 7, 9, 1}));
  EXPECT_EQ(m.text.find("<img"), std::string::npos);
  EXPECT_EQ(m.text.find("/u/"), std::string::npos) << "no e-mail footer in a chat";
  MessageTracking off(s, 7, false, {"https://shop.example/a"},
                      MessageTracking::Medium::kTelegramHtml);
  EXPECT_FALSE(off.active()) << "nothing at all to add when links are not tracked";
}

}  // namespace
}  // namespace pregon

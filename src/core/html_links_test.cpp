#include "core/html_links.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(HtmlLinks, FindsEveryAnchorWithItsValuePositionAndDecodedUrl) {
  const std::string html =
      "<p><A class=btn HREF=\"https://shop.example/?a=1&amp;b=2\">Buy</A> "
      "<a href='http://x.example/p'>x</a> <a name=top>no href</a> <abbr href=\"https://no/\">"
      "<a\nhref=https://bare.example/q>bare</a></p>";
  const auto links = FindLinks(html);
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].url, "https://shop.example/?a=1&b=2");
  EXPECT_EQ(html.substr(links[0].value_begin, links[0].value_end - links[0].value_begin),
            "https://shop.example/?a=1&amp;b=2");
  EXPECT_EQ(links[1].url, "http://x.example/p");
  EXPECT_EQ(links[2].url, "https://bare.example/q");
  for (const auto& l : links) EXPECT_TRUE(l.tracked) << l.url;
}

TEST(HtmlLinks, LeavesMailtoTemplatedAndOptedOutLinksUntracked) {
  const std::string html =
      "<a href=\"mailto:a@b.c\">m</a><a href=\"https://x.example/?u={{id}}\">t</a>"
      "<a data-pregon-notrack href=\"https://x.example/keep\">k</a><a href=\"#top\">h</a>"
      "<a href=\"https://x.example/ok\">ok</a>";
  const auto links = FindLinks(html);
  ASSERT_EQ(links.size(), 5u);
  EXPECT_FALSE(links[0].tracked);
  EXPECT_FALSE(links[1].tracked);
  EXPECT_FALSE(links[2].tracked);
  EXPECT_FALSE(links[3].tracked);
  EXPECT_TRUE(links[4].tracked);
}

TEST(HtmlLinks, TrackedUrlsAreDistinctInOrderOfFirstAppearance) {
  const std::string html =
      "<!--[if mso]><a href=\"https://b.example/\">VML</a><![endif]-->"
      "<a href=\"https://a.example/\">1</a><a href=\"https://b.example/\">2</a>"
      "<a href=\"https://a.example/\">3</a>";
  EXPECT_EQ(TrackedUrls(html),
            (std::vector<std::string>{"https://b.example/", "https://a.example/"}));
  EXPECT_TRUE(TrackedUrls("plain text, no links").empty());
}

TEST(HtmlLinks, UnterminatedTagsDoNotReadPastTheEnd) {
  EXPECT_TRUE(FindLinks("<a href=\"https://x.example/").size() <= 1);
  EXPECT_TRUE(FindLinks("<a").empty());
  EXPECT_TRUE(FindLinks("<").empty());
  EXPECT_TRUE(FindLinks("<a href=").size() <= 1);
}

TEST(HtmlLinks, BodyBoundsAreFoundCaseInsensitively) {
  const std::string html = "<html><BODY class=\"x\"><p>hi</p></Body></html>";
  EXPECT_EQ(html.substr(BodyStart(html), 3), "<p>");
  EXPECT_EQ(html.substr(BodyEnd(html), 7), "</Body>");
  EXPECT_EQ(BodyStart("<p>no body</p>"), 0u);
  EXPECT_EQ(BodyEnd("<p>no body</p>"), 14u);
  EXPECT_EQ(BodyStart("<bodyx><body>y"), 13u);
}

}  // namespace
}  // namespace pregon

#include "http/ui/page.h"

#include <gtest/gtest.h>

namespace pregon::http::ui {
namespace {

// A login link sends people back only to this site.
TEST(Page, LocalPathKeepsOnlyPathsOfThisSite) {
  EXPECT_EQ(LocalPath("/campaigns?status=sending"), "/campaigns?status=sending");
  EXPECT_EQ(LocalPath("/"), "/");
  for (const char* other : {"//evil.example/x", "/\\evil.example", "https://evil.example/",
                            "javascript:alert(1)", "", "campaigns", "/x\r\nSet-Cookie: a=b"})
    EXPECT_EQ(LocalPath(other), "/") << other;
}

TEST(Page, LoginUrlCarriesTheTargetEncoded) {
  EXPECT_EQ(LoginUrl("/campaigns?q=a b&status=x"),
            "/login?next=%2Fcampaigns%3Fq%3Da%20b%26status%3Dx");
  EXPECT_EQ(LoginUrl("/"), "/login");
  EXPECT_EQ(LoginUrl("//evil.example"), "/login");
}

// A listing asks for a page and one more row: that row only says a next page exists.
TEST(Page, AListingTrimmedToItsPageSaysWhetherMoreFollow) {
  std::vector<int> rows{1, 2, 3};
  EXPECT_TRUE(TrimToPage(rows, 2));
  EXPECT_EQ(rows, (std::vector<int>{1, 2}));
  EXPECT_FALSE(TrimToPage(rows, 2));
  EXPECT_EQ(rows.size(), 2u);
  std::vector<int> none;
  EXPECT_FALSE(TrimToPage(none, 100));
}

}  // namespace
}  // namespace pregon::http::ui

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

}  // namespace
}  // namespace pregon::http::ui

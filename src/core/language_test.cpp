#include "core/language.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(PreferredLanguage, FollowsTheBrowsersOrderAndQualities) {
  EXPECT_EQ(PreferredLanguage("es-CO,es;q=0.9,en;q=0.8"), Language::kSpanish);
  EXPECT_EQ(PreferredLanguage("en-US,en;q=0.9,es;q=0.8"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("fr-FR, es;q=0.5, en;q=0.4"), Language::kSpanish);
  EXPECT_EQ(PreferredLanguage("en;q=0.5, ES;q=0.7"), Language::kSpanish);  // case-insensitive
  EXPECT_EQ(PreferredLanguage("es;q=0.5, en;q=0.5"), Language::kSpanish);  // first of equals
  EXPECT_EQ(PreferredLanguage("ES"), Language::kSpanish);
}

TEST(PreferredLanguage, EnglishWhenNeitherIsAcceptable) {
  EXPECT_EQ(PreferredLanguage(""), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("fr, de;q=0.8"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("es;q=0"), Language::kEnglish);          // q=0: not acceptable
  EXPECT_EQ(PreferredLanguage("est, esperanto"), Language::kEnglish);  // not "es"
}

TEST(PreferredLanguage, MalformedEntriesAreSkippedNotFatal) {
  EXPECT_EQ(PreferredLanguage("es;q=2, en"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("es;q=abc, en;q=0.1"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage(",,;, es;q=0.300"), Language::kSpanish);
  EXPECT_EQ(PreferredLanguage("es;x=1"), Language::kEnglish);
  EXPECT_EQ(LanguageCode(Language::kSpanish), "es");
  EXPECT_EQ(LanguageCode(Language::kEnglish), "en");
}

}  // namespace
}  // namespace pregon

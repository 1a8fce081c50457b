#include "http/ui/texts.h"

#include <gtest/gtest.h>

#include "http/ui/view.h"

namespace pregon::http::ui {
namespace {

size_t Placeholders(const std::string& text) {
  size_t n = 0;
  for (size_t at = text.find("{}"); at != std::string::npos; at = text.find("{}", at + 2)) ++n;
  return n;
}

TEST(Texts, BothLanguagesSayEveryThingWithTheSamePlaceholders) {
  const auto& es = Texts(Language::kSpanish);
  const auto& en = Texts(Language::kEnglish);
  ASSERT_GT(en.size(), 100u);
  for (const auto& [key, text] : en.items()) {
    ASSERT_TRUE(es.contains(key)) << key << " has no Spanish text";
    ASSERT_TRUE(text.is_string() && es[key].is_string()) << key;
    EXPECT_FALSE(text.get<std::string>().empty()) << key;
    EXPECT_FALSE(es[key].get<std::string>().empty()) << key;
    EXPECT_EQ(Placeholders(text), Placeholders(es[key])) << key;
  }
  for (const auto& [key, text] : es.items())
    EXPECT_TRUE(en.contains(key)) << key << " is only in Spanish";
}

// A template that names a text neither language has would show its key to users.
TEST(Texts, EveryTextATemplateNamesExists) {
  int named = 0;
  for (const TemplateSource& t : Templates()) {
    for (const std::string& key : TextKeysIn(t.source)) {
      ++named;
      EXPECT_TRUE(Texts(Language::kEnglish).contains(key)) << t.name << " names t." << key;
      EXPECT_TRUE(Texts(Language::kSpanish).contains(key)) << t.name << " names t." << key;
    }
  }
  EXPECT_GT(named, 40);
}

TEST(Texts, AFragmentGetsOnlyTheTextsItsTemplatesName) {
  EXPECT_EQ(TextKeysIn("{{t.a_1}} {{#t.b}}x{{/t.b}} {{^t.c}}{{/t.c}} {{name}} {{tt.d}}"),
            (std::vector<std::string>{"a_1", "b", "b", "c", "c"}));
  const nlohmann::json texts = TextsNamedBy({"_progress"}, Language::kSpanish);
  EXPECT_EQ(texts.at("progress_of"), Text(Language::kSpanish, "progress_of"));
  EXPECT_FALSE(texts.contains("nav_campaigns"));
  EXPECT_LT(texts.size(), 5u);
}

TEST(Texts, FormatFillsPlaceholdersAndAMissingKeyShowsItself) {
  EXPECT_EQ(FormatText(Language::kEnglish, "confirm_send", "3"), "Send 3 campaign(s) now?");
  EXPECT_EQ(FormatText(Language::kSpanish, "confirm_send", "3"), "¿Enviar ahora 3 campaña(s)?");
  EXPECT_EQ(Text(Language::kSpanish, "no_such_key"), "no_such_key");
}

TEST(Texts, ThePageLanguageIsTheUsersChoiceElseTheBrowsers) {
  HttpRequest req;
  req.headers.Add("Accept-Language", "es-CL,es;q=0.9");
  EXPECT_EQ(PageLanguage(req), Language::kSpanish);
  req.headers.Add("Cookie", "pregon_lang=en");
  EXPECT_EQ(PageLanguage(req), Language::kEnglish);
  req.headers.Set("Cookie", "pregon_lang=fr");  // not one of ours: the browser's then
  EXPECT_EQ(PageLanguage(req), Language::kSpanish);
}

}  // namespace
}  // namespace pregon::http::ui

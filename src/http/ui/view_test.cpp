#include "http/ui/view.h"

#include <gtest/gtest.h>

namespace pregon::http::ui {
namespace {

TEST(View, EveryTemplateParses) {
  int templates = 0;
  for (const TemplateSource& t : Templates()) {
    ++templates;
    const std::string html = Render(t.name, {{"t", nlohmann::json::object()}});
    EXPECT_NE(html.rfind("[template", 0), 0u) << html;
    EXPECT_NE(html.rfind("[missing", 0), 0u) << html;
  }
  EXPECT_GE(templates, 10);
  EXPECT_EQ(Render("no_such_page", {}), "[missing template no_such_page]");
}

// Names, messages, subjects come from operators and contacts: never markup.
TEST(View, ValuesAreEscapedEvenInAttributesAndPartialsIncluded) {
  const std::string evil = "<script>alert('x')</script>\"&";
  const std::string html = Render("_campaign_table", {{"selectable", true},
                                                      {"rows",
                                                       {{{"id", 7},
                                                         {"name", evil},
                                                         {"sender", evil},
                                                         {"list", "L"},
                                                         {"status", "sending"},
                                                         {"status_label", "Sending"},
                                                         {"finished", 1},
                                                         {"total", 2},
                                                         {"percent", 50},
                                                         {"finished_text", "1"},
                                                         {"total_text", "2"}}}}});
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("id=\"progress-7\""), std::string::npos) << "the _progress partial";
  EXPECT_NE(html.find("name=\"ids\" value=\"7\""), std::string::npos);
}

TEST(View, NullAndFalseAreEmptyAndSkipSectionsNumbersAreText) {
  EXPECT_EQ(
      Render("_event_row", {{"ts", nullptr}, {"ts_text", 5}, {"kind", false}, {"message", 1.5}}),
      "<tr><td><time datetime=\"\">5</time></td><td></td><td>1.5</td></tr>\n");
  EXPECT_EQ(
      Render("_line_report", {{"summary", ""}, {"has_issues", ""}}),
      "<article role=\"status\" class=\"import-report\">\n<p><strong></strong></p>\n\n</article>\n")
      << "\"\" is written as nothing and skips a section";
  for (const nlohmann::json& no : {nlohmann::json(false), nlohmann::json(nullptr)}) {
    const std::string html =
        Render("_campaign_table", {{"selectable", no}, {"rows", {{{"id", 1}}}}});
    EXPECT_EQ(html.find("type=\"checkbox\""), std::string::npos) << html;
  }
}

}  // namespace
}  // namespace pregon::http::ui

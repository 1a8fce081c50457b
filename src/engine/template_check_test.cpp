#include "engine/template_check.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

const std::set<std::string> kFields = {"name", "email", "address", "Ciudad", "plan"};

std::string ErrorOf(std::string_view text) {
  Status s = CheckTemplate("--text", text, kFields);
  return s.ok() ? "" : s.message();
}

TEST(TemplateCheckTest, AcceptsKnownFieldsSectionsAndComments) {
  EXPECT_EQ(ErrorOf("Hola {{name}}, ofertas en {{ Ciudad }}"), "");
  EXPECT_EQ(ErrorOf("{{{name}}} {{&email}} {{! a note }} {{#plan}}Plan {{plan}}{{/plan}}"), "");
  EXPECT_EQ(ErrorOf("{{^plan}}no plan{{/plan}} {{#Ciudad}}{{.}}{{/Ciudad}}"), "");
  EXPECT_EQ(ErrorOf("no tags at all, just { and } and }}"), "");
}

TEST(TemplateCheckTest, UnknownFieldIsRefusedWithItsPosition) {
  EXPECT_EQ(
      ErrorOf("Hola\n  {{nmae}}"),
      "--text: line 2, column 3: unknown field 'nmae' (known: Ciudad, address, email, name, plan)");
  EXPECT_NE(ErrorOf("{{#vip}}x{{/vip}}").find("line 1, column 1: unknown field 'vip'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("{{ciudad}}").find("unknown field 'ciudad'"),
            std::string::npos);  // case matters
}

TEST(TemplateCheckTest, SyntaxErrorsAreRefusedWithTheirPosition) {
  EXPECT_EQ(ErrorOf("Hola {{name"), "--text: line 1, column 6: '{{' is never closed with '}}'");
  EXPECT_EQ(ErrorOf("{{{name}}"), "--text: line 1, column 1: '{{{' is never closed with '}}}'");
  EXPECT_EQ(ErrorOf("x\n{{#plan}}open"),
            "--text: line 2, column 1: section 'plan' is never closed (no {{/plan}})");
  EXPECT_EQ(ErrorOf("{{/plan}}"), "--text: line 1, column 1: '{{/plan}}' closes no open section");
  EXPECT_EQ(ErrorOf("{{#plan}}{{#name}}{{/plan}}{{/name}}"),
            "--text: line 1, column 19: '{{/plan}}' closes section 'name' (opened at line 1)");
  EXPECT_EQ(ErrorOf("{{}}"), "--text: line 1, column 1: empty tag name");
  EXPECT_EQ(ErrorOf("{{.}}"),
            "--text: line 1, column 1: '{{.}}' is only meaningful inside a section");
  EXPECT_NE(ErrorOf("{{> footer}}").find("partials"), std::string::npos);
  EXPECT_NE(ErrorOf("{{=<% %>=}}").find("delimiters"), std::string::npos);
}

TEST(TemplateCheckTest, DottedNamesCheckTheirFirstPart) {
  EXPECT_EQ(ErrorOf("{{plan.level}}"), "");
  EXPECT_NE(ErrorOf("{{tier.level}}").find("unknown field 'tier'"), std::string::npos);
}

}  // namespace
}  // namespace pregon

#include "engine/message_renderer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pregon {
namespace {

DeliveryTask Task() {
  DeliveryTask t;
  t.delivery_id = 4;
  t.address = "1001";
  t.name = "<Ana> *la_jefa*";
  t.fields_json = R"({"plan":"pro.max"})";
  return t;
}

TEST(MessageRendererTest, TextValuesAreEscapedForTheTelegramParseMode) {
  Campaign c;
  c.text_body = "<b>{{name}}</b> {{plan}}";
  c.parse_mode = "HTML";
  EXPECT_EQ(MessageRenderer(c).Render(Task()).text, "<b>&lt;Ana&gt; *la_jefa*</b> pro.max");
  EXPECT_EQ(MessageRenderer(c).Render(Task()).parse_mode, "HTML");
  c.text_body = "*{{name}}* {{plan}}";
  c.parse_mode = "MarkdownV2";
  EXPECT_EQ(MessageRenderer(c).Render(Task()).text, "*<Ana\\> \\*la\\_jefa\\** pro\\.max");
  c.parse_mode = "Markdown";
  EXPECT_EQ(MessageRenderer(c).Render(Task()).text, "*<Ana> \\*la\\_jefa\\** pro.max");
  c.parse_mode = "";
  EXPECT_EQ(MessageRenderer(c).Render(Task()).text, "*<Ana> *la_jefa** pro.max");
}

TEST(MessageRendererTest, ProviderTemplateCarriesTheModelNotTheContent) {
  Campaign c;
  c.id = 2;
  c.template_id = "bienvenida";
  c.subject = "unused {{name}}";
  const OutgoingMessage m = MessageRenderer(c).Render(Task());
  EXPECT_EQ(m.template_id, "bienvenida");
  EXPECT_TRUE(m.subject.empty());
  EXPECT_EQ(nlohmann::json::parse(m.template_model_json),
            nlohmann::json({{"name", "<Ana> *la_jefa*"},
                            {"email", "1001"},
                            {"address", "1001"},
                            {"plan", "pro.max"}}));
}

TEST(MessageRendererTest, AttachmentsAreSharedByEveryMessage) {
  Campaign c;
  c.text_body = "x";
  c.attachments = {{"a.txt", "text/plain", 2, "hi"}};
  MessageRenderer r(c);
  const OutgoingMessage a = r.Render(Task()), b = r.Render(Task());
  ASSERT_TRUE(a.attachments);
  EXPECT_EQ(a.attachments, b.attachments);  // one copy, not one per message
  EXPECT_EQ((*a.attachments)[0].content, "hi");
  c.attachments.clear();
  EXPECT_FALSE(MessageRenderer(c).Render(Task()).attachments);
}

TEST(MessageRendererTest, PersonalisesAndEscapesOnlyHtml) {
  Campaign c;
  c.id = 3;
  c.subject = "Hola {{name}}";
  c.text_body = "{{name}} de {{Ciudad}}";
  c.html_body = "<p>{{name}} de {{Ciudad}}</p>";
  MessageRenderer r(c);
  DeliveryTask t;
  t.delivery_id = 9;
  t.address = "a@x.com";
  t.name = "Ana <b>& \"Co\"";
  t.fields_json = R"({"Ciudad":"Viña del Mar"})";
  auto m = r.Render(t);
  EXPECT_EQ(m.subject, "Hola Ana <b>& \"Co\"");
  EXPECT_EQ(m.text, "Ana <b>& \"Co\" de Viña del Mar");
  EXPECT_EQ(m.html, "<p>Ana &lt;b&gt;&amp; &quot;Co&quot; de Viña del Mar</p>");
  EXPECT_EQ(m.to, "a@x.com");
  EXPECT_EQ(m.campaign_id, 3);
  EXPECT_EQ(m.delivery_id, 9);
  EXPECT_EQ(m.idempotency_key, "pregon-3-9");
}

TEST(MessageRendererTest, MalformedFieldsRenderEmpty) {
  Campaign c;
  c.text_body = "[{{Ciudad}}]";
  DeliveryTask t;
  t.fields_json = "{not json";
  EXPECT_EQ(MessageRenderer(c).Render(t).text, "[]");
}

}  // namespace
}  // namespace pregon

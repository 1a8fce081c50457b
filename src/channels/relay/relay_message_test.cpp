#include "channels/relay/relay_message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pregon {
namespace {

using Json = nlohmann::json;

OutgoingMessage Message() {
  OutgoingMessage m;
  m.campaign_id = 7;
  m.delivery_id = 42;
  m.to = "ana@example.com";
  m.to_name = "Ana \"La Jefa\" Pérez";
  m.subject = "Hola {{name}}";
  m.text = "line 1\nline 2";
  m.html = "<p>Hola</p>";
  return m;
}

Json Body(std::string_view from_email, std::string_view from_name, const OutgoingMessage& m) {
  std::string out;
  AppendRelayMessageJson(
      from_email, from_name, m,
      EncodeAttachments(m.attachments ? *m.attachments : std::vector<Attachment>{}), out);
  return Json::parse(out);
}

TEST(RelayMessageTest, UrlJoinsBaseAndAccount) {
  EXPECT_EQ(RelayMessagesUrl("https://api.example.com/", "5"),
            "https://api.example.com/accounts/5/messages");
  EXPECT_EQ(RelayMessagesUrl("http://127.0.0.1:8080", "a/b"),
            "http://127.0.0.1:8080/accounts/a%2Fb/messages");
}

TEST(RelayMessageTest, BodyHasTheRelayShape) {
  const Json body = Body("news@example.com", "Pregón", Message());
  const Json expected = {
      {"from_email", "news@example.com"},
      {"from_name", "Pregón"},
      {"recipients",
       {{{"type", "to"}, {"email", "ana@example.com"}, {"name", "Ana \"La Jefa\" Pérez"}}}},
      {"subject", "Hola {{name}}"},
      {"html", "<p>Hola</p>"},
      {"text", "line 1\nline 2"},
  };
  EXPECT_EQ(body, expected);
}

TEST(RelayMessageTest, OmitsEmptyOptionalParts) {
  OutgoingMessage m = Message();
  m.to_name.clear();
  m.html.clear();
  const Json body = Body("news@example.com", "", m);
  EXPECT_FALSE(body.contains("from_name"));
  EXPECT_FALSE(body.contains("html"));
  EXPECT_FALSE(body.contains("reply_to"));
  EXPECT_FALSE(body["recipients"][0].contains("name"));
  EXPECT_EQ(body["text"], "line 1\nline 2");

  m.text.clear();
  m.html = "<b>x</b>";
  m.reply_to = "replies@example.com";
  const Json with_reply = Body("news@example.com", "", m);
  EXPECT_FALSE(with_reply.contains("text"));
  EXPECT_EQ(with_reply["reply_to"], Json({{"email", "replies@example.com"}}));
}

TEST(RelayMessageTest, AttachmentsAreBase64InTheBody) {
  OutgoingMessage m = Message();
  m.attachments = std::make_shared<const std::vector<Attachment>>(
      std::vector<Attachment>{{"factura.pdf", "application/pdf", 5, std::string("%PDF\0", 5)},
                              {"a.txt", "text/plain", 2, "hi"}});
  const Json body = Body("news@example.com", "", m);
  ASSERT_EQ(body["attachments"].size(), 2u);
  EXPECT_EQ(body["attachments"][0], Json({{"filename", "factura.pdf"},
                                          {"content_type", "application/pdf"},
                                          {"base64_content", "JVBERgA="}}));
  EXPECT_EQ(body["attachments"][1]["base64_content"], "aGk=");
}

TEST(RelayMessageTest, TemplateSendsTheModelInsteadOfContent) {
  EXPECT_EQ(RelayTemplateMessageUrl("https://api.example.com/", "5", "tpl 1"),
            "https://api.example.com/accounts/5/templates/tpl%201/message");
  OutgoingMessage m = Message();
  m.template_id = "tpl";
  m.template_model_json = R"({"name":"Ana","Ciudad":"Lima"})";
  const Json body = Body("news@example.com", "", m);
  EXPECT_EQ(body["model"], Json({{"name", "Ana"}, {"Ciudad", "Lima"}}));
  EXPECT_FALSE(body.contains("subject"));
  EXPECT_FALSE(body.contains("html"));
  EXPECT_FALSE(body.contains("text"));
  EXPECT_EQ(body["recipients"][0]["email"], "ana@example.com");
}

TEST(RelayMessageTest, SubjectIsAlwaysPresent) {
  OutgoingMessage m = Message();
  m.subject.clear();
  EXPECT_EQ(Body("a@b.cl", "", m)["subject"], "");
}

}  // namespace
}  // namespace pregon

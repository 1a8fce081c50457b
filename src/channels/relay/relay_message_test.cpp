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
  AppendRelayMessageJson(from_email, from_name, m, out);
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

TEST(RelayMessageTest, SubjectIsAlwaysPresent) {
  OutgoingMessage m = Message();
  m.subject.clear();
  EXPECT_EQ(Body("a@b.cl", "", m)["subject"], "");
}

}  // namespace
}  // namespace pregon

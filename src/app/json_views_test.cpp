#include "app/json_views.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(JsonViews, SenderNeverShowsItsSecrets) {
  Sender s;
  s.name = "mail";
  s.kind = ChannelKind::kSmtp;
  s.smtp_url = "smtps://user:hunter2@smtp.example.com:465";
  s.api_key = "key-123";
  s.bot_token = "123:bot-secret";
  const std::string text = SenderJson(s).dump();
  for (const char* secret : {"hunter2", "key-123", "bot-secret"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  EXPECT_EQ(SenderJson(s)["smtp_url"], "smtps://user:***@smtp.example.com:465");
  EXPECT_EQ(SenderJson(s)["has_api_key"], true);
}

TEST(JsonViews, StatusHasTheContractKeysAndCountersAddUp) {
  Campaign c;
  c.id = 7;
  c.name = "x";
  Counters k{1, 2, 3, 4, 5, 6, 7};
  auto j = CampaignStatusJson(c, k);
  for (const char* key :
       {"id", "status", "total", "pending", "in_flight", "sent", "failed", "unavailable",
        "suppressed", "unknown", "started_at", "completed_at", "post_reports_status"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["total"], 28);
  EXPECT_EQ(j["started_at"], nullptr);
  auto full = CampaignJson(c, k, "mail", "L");
  EXPECT_EQ(full["counters"]["total"], 28);
  EXPECT_FALSE(full["counters"].contains("status"));
  EXPECT_EQ(full["batch_pause"], "0s");
  EXPECT_EQ(full["window"], nullptr);
}

TEST(JsonViews, UsersAndTokensNeverShowHashes) {
  User u;
  u.username = "ana";
  u.password_hash = "$argon2id$secret";
  EXPECT_EQ(UserJson(u).dump().find("argon2id"), std::string::npos);
  EXPECT_EQ(UserJson(u)["can_log_in"], true);
  ApiToken t;
  t.token_hash = "deadbeef";
  EXPECT_EQ(ApiTokenJson(t).dump().find("deadbeef"), std::string::npos);
}

TEST(JsonViews, ContactFieldsAreAnObjectEvenWhenStoredBadly) {
  EXPECT_EQ(ContactJson({1, "a@x.com", "", "A", R"({"Ciudad":"Lima"})"})["fields"]["Ciudad"],
            "Lima");
  EXPECT_TRUE(ContactJson({1, "a@x.com", "", "A", "not json"})["fields"].is_object());
}

}  // namespace
}  // namespace pregon

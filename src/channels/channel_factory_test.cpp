#include "channels/channel_factory.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "channels/channel_test_util.h"

namespace pregon {
namespace {

Sender Named(ChannelKind kind) {
  Sender sender;
  sender.name = "s";
  sender.kind = kind;
  return sender;
}

TEST(MakeChannelTest, MakesRelayChannels) {
  Sender sender = Named(ChannelKind::kRelay);
  sender.base_url = "https://relay.example.com";
  sender.api_key = "k";
  sender.account_id = "1";
  sender.from_email = "news@example.com";
  const auto channel = MakeChannel(sender, {});
  EXPECT_TRUE(channel.ok()) << channel.status().ToString();
}

TEST(MakeChannelTest, RejectsIncompleteSenders) {
  Sender sender = Named(ChannelKind::kRelay);
  sender.base_url = "https://relay.example.com";
  const auto channel = MakeChannel(sender, {});
  EXPECT_EQ(channel.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(channel.status().message().find("sender 's'"), std::string::npos);
}

TEST(MakeChannelTest, MakesSandboxChannelsWritingToBaseUrl) {
  const std::string path = testing_util::TempPath("factory-outbox.jsonl");
  Sender sender = Named(ChannelKind::kSandbox);
  sender.base_url = path;
  FakeClock clock;
  ChannelSettings settings;
  settings.clock = &clock;
  auto channel = MakeChannel(sender, settings);
  ASSERT_TRUE(channel.ok()) << channel.status().ToString();
  OutgoingMessage message;
  message.to = "a@b.cl";
  const auto results = (*channel)->SendBatch(std::vector<OutgoingMessage>{message});
  EXPECT_EQ(results[0].outcome, SendOutcome::kSent);
  EXPECT_EQ(testing_util::ReadLines(path).size(), 1u);
}

TEST(MakeChannelTest, MakesSmtpAndTelegramChannels) {
  Sender smtp = Named(ChannelKind::kSmtp);
  smtp.smtp_url = "smtp://user:pa%40ss@mail.example.com:587";
  smtp.from_email = "news@example.com";
  Sender telegram = Named(ChannelKind::kTelegram);
  telegram.bot_token = "123:abc";
  for (const Sender& sender : {smtp, telegram}) {
    const auto channel = MakeChannel(sender, {});
    EXPECT_TRUE(channel.ok()) << channel.status().ToString();
  }
}

TEST(MakeChannelTest, BadSecretsAreRefusedWithoutBeingRepeated) {
  Sender telegram = Named(ChannelKind::kTelegram);
  telegram.bot_token = "123:abc/../secret";
  const auto bad_token = MakeChannel(telegram, {});
  EXPECT_EQ(bad_token.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad_token.status().message().find("secret"), std::string::npos);

  Sender smtp = Named(ChannelKind::kSmtp);
  smtp.smtp_url = "smtp://user:s3cret%0A@mail.example.com";  // decodes to a control character
  smtp.from_email = "news@example.com";
  const auto bad_url = MakeChannel(smtp, {});
  EXPECT_EQ(bad_url.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_url.status().message().find("sender 's'"), std::string::npos);
  EXPECT_EQ(bad_url.status().message().find("s3cret"), std::string::npos)
      << bad_url.status().message();
}

TEST(ValidateSenderForChannelTest, RefusesWhatOnlyTheChannelKnowsWithoutOpeningAnything) {
  Sender smtp = Named(ChannelKind::kSmtp);
  smtp.from_email = "news@example.com";
  smtp.smtp_url = "smtp://user:s3cret@mail.example.com:587?starttls=never";
  EXPECT_TRUE(ValidateSenderForChannel(smtp).ok());
  smtp.smtp_url = "smtp://user:s3cret@mail.example.com:587?starttls=maybe";
  const Status bad_query = ValidateSenderForChannel(smtp);
  EXPECT_EQ(bad_query.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_query.message().find("starttls"), std::string::npos) << bad_query.message();
  EXPECT_EQ(bad_query.message().find("s3cret"), std::string::npos) << bad_query.message();

  Sender telegram = Named(ChannelKind::kTelegram);
  telegram.bot_token = "123:abc/../secret";
  EXPECT_EQ(ValidateSenderForChannel(telegram).code(), StatusCode::kInvalidArgument);

  // A sandbox sender's outbox is not created by validating it.
  Sender sandbox = Named(ChannelKind::kSandbox);
  sandbox.base_url = testing::TempDir() + "/never-created.jsonl";
  EXPECT_TRUE(ValidateSenderForChannel(sandbox).ok());
  EXPECT_FALSE(std::filesystem::exists(sandbox.base_url));
}

}  // namespace
}  // namespace pregon

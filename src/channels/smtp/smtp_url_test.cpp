#include "channels/smtp/smtp_url.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(ParseSmtpUrlTest, TakesTheCredentialsOutDecoded) {
  const auto endpoint =
      ParseSmtpUrl("smtps://news%40example.com:p%40ss%3Aw%C3%B6rd%2F1@mail.example.com:465");
  ASSERT_TRUE(endpoint.ok()) << endpoint.status().ToString();
  EXPECT_EQ(endpoint->url, "smtps://mail.example.com:465/");
  EXPECT_EQ(endpoint->username, "news@example.com");
  EXPECT_EQ(endpoint->password, "p@ss:wörd/1");
  EXPECT_EQ(endpoint->tls, SmtpTls::kImplicit);
  EXPECT_TRUE(endpoint->login_options.empty());
}

TEST(ParseSmtpUrlTest, PlainUrlsAndOptions) {
  const auto plain = ParseSmtpUrl("smtp://127.0.0.1:2525");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->url, "smtp://127.0.0.1:2525/");
  EXPECT_TRUE(plain->username.empty());
  EXPECT_TRUE(plain->password.empty());
  EXPECT_EQ(plain->tls, SmtpTls::kStartTlsRequired);  // the safe default

  const auto with_options = ParseSmtpUrl("smtp://user;AUTH=LOGIN:pw@mail.example.com/ehlo.example");
  ASSERT_TRUE(with_options.ok());
  EXPECT_EQ(with_options->url, "smtp://mail.example.com/ehlo.example");
  EXPECT_EQ(with_options->username, "user");
  EXPECT_EQ(with_options->password, "pw");
  EXPECT_EQ(with_options->login_options, "AUTH=LOGIN");
}

TEST(ParseSmtpUrlTest, StartTlsPolicyFromTheQuery) {
  EXPECT_EQ(ParseSmtpUrl("smtp://h:587?starttls=required")->tls, SmtpTls::kStartTlsRequired);
  EXPECT_EQ(ParseSmtpUrl("smtp://h:587?starttls=optional")->tls, SmtpTls::kStartTlsOptional);
  const auto never = ParseSmtpUrl("smtp://u:pw@127.0.0.1:2525?starttls=never");
  ASSERT_TRUE(never.ok()) << never.status().ToString();
  EXPECT_EQ(never->tls, SmtpTls::kNone);
  EXPECT_EQ(never->url, "smtp://127.0.0.1:2525/");  // the query is ours, not the server's
  for (const char* bad :
       {"smtp://h?starttls=maybe", "smtp://h?tls=1", "smtps://h?starttls=never"}) {
    SCOPED_TRACE(bad);
    auto r = ParseSmtpUrl(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("starttls"), std::string::npos) << r.status().message();
  }
}

TEST(ParseSmtpUrlTest, RefusesBadUrlsWithoutRepeatingThem) {
  for (const char* url :
       {"http://user:topsecret@mail.example.com", "smtp://user:topsecret@", "not a url topsecret",
        "smtp://user:top%0Asecret@mail.example.com", "smtp://:topsecret@mail.example.com"}) {
    SCOPED_TRACE(url);
    const auto endpoint = ParseSmtpUrl(url);
    ASSERT_FALSE(endpoint.ok());
    EXPECT_EQ(endpoint.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(endpoint.status().message().find("topsecret"), std::string::npos)
        << endpoint.status().message();
  }
}

}  // namespace
}  // namespace pregon

#include "app/ops/mail_dns.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

bool Has(const Finding& v, std::string_view text) {
  return v.message.find(text) != std::string::npos;
}

TEST(MailDns, OneSpfRecordAmongOtherTxtIsOk) {
  const Finding v = JudgeSpf(
      "example.com", {"google-site-verification=abc", "v=spf1 include:_spf.provider.net ~all"});
  EXPECT_EQ(v.level, CheckLevel::kOk);
  EXPECT_EQ(v.message, "SPF \"v=spf1 include:_spf.provider.net ~all\"");
  EXPECT_EQ(JudgeSpf("example.com", {"V=SPF1 -all"}).level, CheckLevel::kOk)
      << "the version is case-insensitive";
}

TEST(MailDns, NoSpfIsAWarningAndTwoAnError) {
  const Finding none = JudgeSpf("example.com", {"v=spf10 -all", "something else"});
  EXPECT_EQ(none.level, CheckLevel::kWarning);
  EXPECT_TRUE(Has(none, "no SPF record")) << none.message;
  EXPECT_EQ(JudgeSpf("example.com", {}).level, CheckLevel::kWarning);
  const Finding two = JudgeSpf("example.com", {"v=spf1 mx -all", "v=spf1 include:x.net ~all"});
  EXPECT_EQ(two.level, CheckLevel::kError);
  EXPECT_TRUE(Has(two, "2 SPF records at example.com")) << two.message;
  EXPECT_TRUE(Has(two, "merge them into one")) << two.message;
}

TEST(MailDns, SpfThatLetsAnyoneSendOrLooksUpTooMuch) {
  EXPECT_EQ(JudgeSpf("example.com", {"v=spf1 +all"}).level, CheckLevel::kWarning);
  EXPECT_EQ(JudgeSpf("example.com", {"v=spf1 mx all"}).level, CheckLevel::kWarning);
  EXPECT_EQ(JudgeSpf("example.com", {"v=spf1 mx -all"}).level, CheckLevel::kOk);
  std::string eleven = "v=spf1";
  for (int i = 0; i < 9; ++i) eleven += " include:s" + std::to_string(i) + ".example.net";
  EXPECT_EQ(JudgeSpf("example.com", {eleven + " a mx -all"}).level, CheckLevel::kError);
  EXPECT_EQ(JudgeSpf("example.com", {eleven + " a ip4:192.0.2.1 -all"}).level, CheckLevel::kOk)
      << "ten lookups is the limit, not over it";
}

TEST(MailDns, DmarcPolicies) {
  const Finding reject =
      JudgeDmarc("example.com", {"v=DMARC1; p=reject; rua=mailto:d@example.com"});
  EXPECT_EQ(reject.level, CheckLevel::kOk);
  EXPECT_EQ(reject.message, "DMARC p=reject");
  const Finding none = JudgeDmarc("example.com", {"v=DMARC1;p=none"});
  EXPECT_EQ(none.level, CheckLevel::kOk) << "p=none is allowed, and said";
  EXPECT_TRUE(Has(none, "p=none: receivers only report")) << none.message;
  EXPECT_TRUE(Has(none, "no rua=")) << none.message;
  const Finding missing = JudgeDmarc("example.com", {"v=spf1 -all", "v=dmarc1; p=reject"});
  EXPECT_EQ(missing.level, CheckLevel::kWarning) << "v=DMARC1 must match exactly";
  EXPECT_TRUE(Has(missing, "no DMARC record")) << missing.message;
  EXPECT_TRUE(Has(missing, "_dmarc.example.com")) << missing.message;
  EXPECT_EQ(JudgeDmarc("example.com", {"v=DMARC1; p=none", "v=DMARC1; p=reject"}).level,
            CheckLevel::kWarning);
  const Finding no_policy = JudgeDmarc("example.com", {"v=DMARC1; rua=mailto:d@example.com"});
  EXPECT_EQ(no_policy.level, CheckLevel::kWarning);
  EXPECT_TRUE(Has(no_policy, "no valid p=")) << no_policy.message;
}

TEST(MailDns, DkimKeysAtTheSelectorsTried) {
  const Finding found = JudgeDkim(
      "example.com", {{"default", {}}, {"s1", {"v=DKIM1; k=rsa; p=MIIBIjANBg"}}, {"s2", {}}});
  EXPECT_EQ(found.level, CheckLevel::kOk);
  EXPECT_EQ(found.message, "DKIM key at s1._domainkey.example.com");
  EXPECT_EQ(JudgeDkim("example.com", {{"s1", {"p=a"}}, {"s2", {"p=b"}}}).message,
            "DKIM keys at s1._domainkey.example.com, s2._domainkey.example.com");
  const Finding none = JudgeDkim("example.com", {{"default", {}}, {"k1", {"hello"}}});
  EXPECT_EQ(none.level, CheckLevel::kWarning);
  EXPECT_TRUE(Has(none, "(default, k1)._domainkey.example.com")) << none.message;
  EXPECT_TRUE(Has(none, "PREGON_DKIM_SELECTORS")) << none.message;
  const Finding revoked = JudgeDkim("example.com", {{"k1", {"v=DKIM1; p="}}});
  EXPECT_EQ(revoked.level, CheckLevel::kWarning);
  EXPECT_TRUE(Has(revoked, "revoked")) << revoked.message;
  EXPECT_EQ(JudgeDkim("example.com", {{"k1", {"v=DKIM2; p=abc"}}}).level, CheckLevel::kWarning);
  EXPECT_EQ(JudgeDkim("example.com", {{"k1", {"k=rsa; p=abc"}}}).level, CheckLevel::kOk)
      << "v= is optional";
}

TEST(MailDns, SelectorsSettingAndDomains) {
  auto selectors = ParseDkimSelectors(" default, selector1 ,2024.mail,k_1 ");
  ASSERT_TRUE(selectors.ok()) << selectors.status().ToString();
  EXPECT_EQ(*selectors, (std::vector<std::string>{"default", "selector1", "2024.mail", "k_1"}));
  EXPECT_TRUE(ParseDkimSelectors("")->empty());
  for (const char* bad : {"a,,b", "a b", "x/y", ".a", "a..b", "a,"})
    EXPECT_EQ(ParseDkimSelectors(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  EXPECT_EQ(MailDomainOf("News@Mail.Example.COM"), "mail.example.com");
  EXPECT_EQ(MailDomainOf("no-at-sign"), "");
}

}  // namespace
}  // namespace pregon

#include "app/auth/credentials.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>

namespace pregon {
namespace {

TEST(Credentials, TokensAreRandomPrefixedAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = NewSecretToken("pgn_");
    ASSERT_EQ(t.size(), 4u + 43u) << t;
    EXPECT_EQ(t.rfind("pgn_", 0), 0u);
    for (char c : t.substr(4))
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << t;
    EXPECT_TRUE(seen.insert(t).second) << "duplicate token";
  }
}

TEST(Credentials, SecretHashIsStableHexAndDistinct) {
  const std::string h = HashSecret("pgn_abc");
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h, HashSecret("pgn_abc"));
  EXPECT_NE(h, HashSecret("pgn_abd"));
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h.find("pgn_abc"), std::string::npos);
}

TEST(Credentials, PasswordsAreArgon2idAndVerify) {
  auto h = HashPassword("correct horse battery");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_EQ(h->find("correct horse"), std::string::npos);
  EXPECT_NE(*h, *HashPassword("correct horse battery"));  // salted
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("", "anything"));  // a user without a password cannot log in
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "anything"));
}

TEST(Credentials, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(Credentials, PasswordLengthIsChecked) {
  EXPECT_FALSE(ValidatePassword("short").ok());
  EXPECT_TRUE(ValidatePassword("longenough").ok());
  EXPECT_FALSE(ValidatePassword(std::string(2000, 'x')).ok());
}

}  // namespace
}  // namespace pregon

#include "core/tracking_token.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

const char kKey[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const char kOtherKey[] = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

TEST(TrackingToken, ASignedClaimVerifiesAsItself) {
  auto signer = TrackingSigner::FromSecretKey(kKey);
  ASSERT_TRUE(signer.ok());
  const TrackingClaim claim{TrackingKind::kUnsubscribe, 7, 1234, 0};
  const std::string token = signer->Sign(claim);
  EXPECT_EQ(token.rfind("u7.1234.0.", 0), 0u) << token;
  EXPECT_EQ(
      token.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_"),
      std::string::npos)
      << "URL-safe: " << token;
  EXPECT_EQ(signer->Verify(token), claim);
  const TrackingClaim click{TrackingKind::kClick, 7, 1234, 3};
  EXPECT_EQ(signer->Verify(signer->Sign(click)), click);
}

TEST(TrackingToken, ForgedAlteredTruncatedOrForeignTokensAreRefused) {
  auto signer = TrackingSigner::FromSecretKey(kKey);
  auto other = TrackingSigner::FromSecretKey(kOtherKey);
  const std::string token = signer->Sign({TrackingKind::kUnsubscribe, 7, 1234, 0});
  const std::string mac = token.substr(token.rfind('.') + 1);
  EXPECT_FALSE(signer->Verify("u7.1235.0." + mac)) << "another delivery";
  EXPECT_FALSE(signer->Verify("u8.1234.0." + mac)) << "another campaign";
  EXPECT_FALSE(signer->Verify("c7.1234.0." + mac)) << "another kind";
  EXPECT_FALSE(signer->Verify(token.substr(0, token.size() - 1))) << "truncated";
  EXPECT_FALSE(signer->Verify(other->Sign({TrackingKind::kUnsubscribe, 7, 1234, 0})))
      << "another key";
  EXPECT_FALSE(signer->Verify("7-1234")) << "the old unsigned form";
  EXPECT_FALSE(signer->Verify(""));
  EXPECT_FALSE(signer->Verify(std::string(200, 'a')));
}

TEST(TrackingToken, TheKeyIs64HexDigitsAndIsNeverEchoed) {
  auto bad = TrackingSigner::FromSecretKey("not-a-key-but-a-secret");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("64 hex digits"), std::string::npos);
  EXPECT_EQ(bad.status().message().find("not-a-key"), std::string::npos);
}

}  // namespace
}  // namespace pregon

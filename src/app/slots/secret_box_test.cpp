#include "app/slots/secret_box.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

constexpr std::string_view kKey =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

TEST(SecretBox, SealsSoOnlyTheSameKeyOpens) {
  auto box = SecretBox::FromKey(kKey);
  ASSERT_TRUE(box.ok()) << box.status().ToString();
  const std::string sealed = box->Seal("hunter2 ñ");
  EXPECT_EQ(sealed.find("hunter2"), std::string::npos) << "never in clear";
  EXPECT_NE(box->Seal("hunter2 ñ"), sealed) << "a fresh nonce each time";
  EXPECT_EQ(*box->Open(sealed), "hunter2 ñ");
  auto other = SecretBox::FromKey(std::string(64, 'f'));
  EXPECT_FALSE(other->Open(sealed).ok());
  std::string altered = sealed;
  altered[30] = altered[30] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->Open(altered).ok());
  EXPECT_FALSE(box->Open("not base64!").ok());
}

TEST(SecretBox, AKeyIs64HexDigitsAndIsNeverEchoed) {
  auto short_key = SecretBox::FromKey("abcd");
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.status().message().find("abcd"), std::string::npos);
  EXPECT_FALSE(SecretBox::FromKey(std::string(64, 'z')).ok());
}

}  // namespace
}  // namespace pregon

#include "core/text.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(Text, TrimSpaceTab) {
  EXPECT_EQ(TrimSpaceTab(" \t a b\t "), "a b");
  EXPECT_EQ(TrimSpaceTab("   "), "");
  EXPECT_EQ(TrimSpaceTab("\na\n"), "\na\n");  // only spaces and tabs
}

TEST(Text, AsciiLowerLeavesOtherBytes) { EXPECT_EQ(AsciiLower("MiXeD Ñ 42"), "mixed Ñ 42"); }

TEST(Text, TruncateNeverSplitsACharacter) {
  std::string s = "añb";  // ñ is two bytes: a, 0xC3, 0xB1, b
  TruncateUtf8(s, 2);
  EXPECT_EQ(s, "a");
  s = "añb";
  TruncateUtf8(s, 3);
  EXPECT_EQ(s, "añ");
  s = "short";
  TruncateUtf8(s, 100);
  EXPECT_EQ(s, "short");
}

TEST(Text, OneLineCollapsesWhitespaceAndControls) {
  EXPECT_EQ(OneLine("  550 5.1.1\r\n  user\tunknown\x1b[31m ", 100), "550 5.1.1 user unknown [31m");
  EXPECT_EQ(OneLine("ñññ", 5), "ññ");
  EXPECT_EQ(OneLine("", 10), "");
}

}  // namespace
}  // namespace pregon

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

TEST(Text, TailNeverStartsInsideACharacter) {
  EXPECT_EQ(Utf8Tail("añb", 2), "b");  // the last 2 bytes start inside ñ
  EXPECT_EQ(Utf8Tail("añb", 3), "ñb");
  EXPECT_EQ(Utf8Tail("short", 100), "short");
  EXPECT_EQ(Utf8Tail("€", 2), "");  // a character longer than the tail: nothing
}

TEST(Text, OneLineCollapsesWhitespaceAndControls) {
  EXPECT_EQ(OneLine("  550 5.1.1\r\n  user\tunknown\x1b[31m ", 100), "550 5.1.1 user unknown [31m");
  EXPECT_EQ(OneLine("ñññ", 5), "ññ");
  EXPECT_EQ(OneLine("", 10), "");
}

TEST(Text, HasControlByteFindsWhatEndsALine) {
  EXPECT_TRUE(HasControlByte("key\r\nX-Evil: 1"));
  EXPECT_TRUE(HasControlByte(std::string("a\0b", 3)));
  EXPECT_TRUE(HasControlByte("tab\there"));
  EXPECT_TRUE(HasControlByte("del\x7f"));
  EXPECT_FALSE(HasControlByte("Bearer abc-123_XYZ ñ"));
  EXPECT_FALSE(HasControlByte(""));
}

// A login name cannot forge a log line, reach the terminal, or fake an escape.
TEST(Text, LogSafeEscapesControlsAndBackslashes) {
  EXPECT_EQ(LogSafe("admin\nWARN forged"), "admin\\x0aWARN forged");
  EXPECT_EQ(LogSafe("\x1b[31mred"), "\\x1b[31mred");
  EXPECT_EQ(LogSafe("a\\x0ab"), "a\\x5cx0ab");
  EXPECT_EQ(LogSafe("José"), "José");
  EXPECT_EQ(LogSafe(std::string(300, 'a'), 10), "aaaaaaaaaa...");
  EXPECT_EQ(LogSafe("ñññññ", 5), "ññ...");
}

}  // namespace
}  // namespace pregon

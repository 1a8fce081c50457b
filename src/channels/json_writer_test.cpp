#include "channels/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pregon {
namespace {

std::string Quoted(std::string_view value) {
  std::string out;
  AppendJsonString(out, value);
  return out;
}

TEST(JsonWriterTest, PlainTextIsCopied) {
  EXPECT_EQ(Quoted(""), R"("")");
  EXPECT_EQ(Quoted("hello"), R"("hello")");
  EXPECT_EQ(Quoted("a longer plain sentence, past eight bytes"),
            R"("a longer plain sentence, past eight bytes")");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Quoted("say \"hi\"\\now"), R"("say \"hi\"\\now")");
  EXPECT_EQ(Quoted("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(Quoted(std::string_view("\x01\x1f\0", 3)), R"("\u0001\u001f\u0000")");
}

TEST(JsonWriterTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(Quoted("María ñandú 😀 €"), "\"María ñandú 😀 €\"");
  EXPECT_EQ(Quoted("a\xFF"
                   "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");                                               // stray byte
  EXPECT_EQ(Quoted("\xC3"), "\"\xEF\xBF\xBD\"");                  // truncated sequence
  EXPECT_EQ(Quoted("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong '/'
  EXPECT_EQ(Quoted("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
}

TEST(JsonWriterTest, OutputAlwaysParsesBackToTheValidInput) {
  // Every escape position relative to the 8-byte fast path.
  for (size_t pad = 0; pad < 17; ++pad) {
    const std::string value = std::string(pad, 'x') + "\"é\n\\" + std::string(pad, 'y');
    const auto parsed = nlohmann::json::parse(Quoted(value));
    EXPECT_EQ(parsed.get<std::string>(), value) << "pad " << pad;
  }
}

TEST(JsonWriterTest, KeysAndIntegers) {
  std::string out = "{";
  AppendJsonKey(out, "id");
  AppendJsonInt(out, -9007199254740993);
  out += "}";
  EXPECT_EQ(out, R"({"id":-9007199254740993})");
}

}  // namespace
}  // namespace pregon

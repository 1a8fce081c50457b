#include "http/json_limits.h"

#include <gtest/gtest.h>

#include <string>

namespace pregon::http {
namespace {

TEST(JsonLimits, OrdinaryBodiesPass) {
  EXPECT_EQ(CheckJsonLimits(R"({"name":"c","ids":[1,2,3],"a":{"b":[{"c":null}]}})"), std::nullopt);
  EXPECT_EQ(CheckJsonLimits(R"({"a":"[[[[{{{{ \"quoted\" "})"), std::nullopt);
  // Not JSON at all: for the parser that follows to say.
  EXPECT_EQ(CheckJsonLimits(R"({"a":)"), std::nullopt);
}

// A million small keys is a 12 MB body but gigabytes as a tree: refused after the limit's
// worth of values, before any tree exists.
TEST(JsonLimits, TooManyValuesAreRefusedWhileStreaming) {
  std::string body = "{";
  for (int i = 0; i < 200'000; ++i) body += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":0";
  body += "}";
  auto why = CheckJsonLimits(body);
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "the JSON body has more than 10000 values");
  // The array and its 9,999 numbers are 10,000 values: the limit itself passes.
  std::string at_limit = "[0";
  for (int i = 1; i < 9'999; ++i) at_limit += ",0";
  EXPECT_EQ(CheckJsonLimits(at_limit + "]"), std::nullopt);
  EXPECT_TRUE(CheckJsonLimits(at_limit + ",0]").has_value());
}

TEST(JsonLimits, ARepeatedKeyIsNamedWithItsPath) {
  auto why = CheckJsonLimits(R"({"name":"a","list":[{"x":1},{"x":2,"x":3}]})");
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "the key $.list[1].x is given more than once");
  EXPECT_EQ(CheckJsonLimits(R"({"a":{"x":1},"b":{"x":1}})"), std::nullopt) << "other objects";
  EXPECT_EQ(*CheckJsonLimits(R"({"name":"a","name":"b"})"),
            "the key $.name is given more than once");
}

TEST(JsonLimits, KeysWithControlCharactersOrTooLongAreRefused) {
  EXPECT_EQ(*CheckJsonLimits(R"({"na\nme":1})"), "the key $.na\\x0ame contains control characters");
  auto why = CheckJsonLimits("{\"" + std::string(200, 'k') + "\":1}");
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("longer than 128 bytes"), std::string::npos);
}

TEST(JsonLimits, DeepNestingIsRefusedWithoutRecursion) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(*CheckJsonLimits(deep), "the JSON body is nested deeper than 32 levels");
  EXPECT_EQ(CheckJsonLimits(std::string(32, '[') + std::string(32, ']')), std::nullopt);
  EXPECT_TRUE(CheckJsonLimits(std::string(33, '[') + std::string(33, ']')).has_value());
}

TEST(JsonLimits, LimitsAreSettable) {
  JsonLimits small;
  small.max_elements = 3;
  EXPECT_EQ(CheckJsonLimits(R"({"a":1})", small), std::nullopt);  // object, key, value
  EXPECT_TRUE(CheckJsonLimits(R"({"a":1,"b":2})", small).has_value());
}

}  // namespace
}  // namespace pregon::http

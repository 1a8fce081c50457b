#include "core/seen_keys.h"

#include <gtest/gtest.h>

#include <string>

namespace pregon {
namespace {

TEST(SeenKeys, RemembersTheFirstLineOfEachKey) {
  SeenKeys seen;
  EXPECT_EQ(seen.Find("ana@example.com"), std::nullopt);
  seen.Insert("ana@example.com", 2);
  seen.Insert("bob@example.com", 3);
  seen.Insert("ana@example.com", 9);  // a repeat keeps the first line
  EXPECT_EQ(seen.Find("ana@example.com"), 2);
  EXPECT_EQ(seen.Find("bob@example.com"), 3);
  EXPECT_EQ(seen.Find("carol@example.com"), std::nullopt);
  EXPECT_EQ(seen.size(), 2u);
}

TEST(SeenKeys, KeepsEveryKeyAcrossGrowth) {
  SeenKeys seen;
  constexpr int kKeys = 100'000;  // many growths of the table
  for (int i = 0; i < kKeys; ++i) seen.Insert("user" + std::to_string(i) + "@example.com", i + 2);
  ASSERT_EQ(seen.size(), static_cast<size_t>(kKeys));
  for (int i = 0; i < kKeys; i += 997)
    EXPECT_EQ(seen.Find("user" + std::to_string(i) + "@example.com"), i + 2) << i;
  EXPECT_EQ(seen.Find("user100000@example.com"), std::nullopt);
  EXPECT_EQ(seen.Find(""), std::nullopt);
}

}  // namespace
}  // namespace pregon

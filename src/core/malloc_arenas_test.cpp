#include "core/malloc_arenas.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(MallocArenasTest, OnePerCpuUnlessTheOperatorChose) {
  EXPECT_EQ(ArenaLimitFor(nullptr, nullptr, 2), 2);
  EXPECT_EQ(ArenaLimitFor(nullptr, nullptr, 0), 1);  // the CPU count is unknown
  EXPECT_EQ(ArenaLimitFor(nullptr, "glibc.malloc.tcache_count=0", 4), 4);
  EXPECT_EQ(ArenaLimitFor("8", nullptr, 2), std::nullopt);
  EXPECT_EQ(ArenaLimitFor(nullptr, "glibc.malloc.arena_max=6:glibc.malloc.tcache_count=0", 2),
            std::nullopt);
}

}  // namespace
}  // namespace pregon

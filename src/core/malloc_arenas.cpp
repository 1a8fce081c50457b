#include "core/malloc_arenas.h"

#include <malloc.h>

#include <cstdlib>
#include <string_view>
#include <thread>

namespace pregon {

std::optional<int> ArenaLimitFor(const char* malloc_arena_max, const char* tunables,
                                 unsigned cpus) {
  if (malloc_arena_max != nullptr) return std::nullopt;
  if (tunables != nullptr &&
      std::string_view(tunables).find("malloc.arena_max") != std::string_view::npos) {
    return std::nullopt;
  }
  return static_cast<int>(cpus > 0 ? cpus : 1);
}

void LimitMallocArenas() {
  const std::optional<int> limit =
      ArenaLimitFor(std::getenv("MALLOC_ARENA_MAX"), std::getenv("GLIBC_TUNABLES"),
                    std::thread::hardware_concurrency());
  if (limit) mallopt(M_ARENA_MAX, *limit);
}

}  // namespace pregon

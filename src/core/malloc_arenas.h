// How many malloc arenas glibc may create in this process.
//
// glibc gives threads their own arenas, up to 8 per CPU. A worker with many threads
// (`worker --concurrency 256`) then spreads its small allocations over 16 arenas on two
// CPUs, each keeping its own free and fragmented pages: measured, 80 MB of RSS for a heap
// that peaked at 24 MB. One arena per CPU keeps the contention low (a worker's threads
// mostly wait on the network and the store) and brought the same send to 59 MB
// (docs/BENCHMARKS.md).
#pragma once

#include <optional>

namespace pregon {

// The arena cap to set: one per CPU (at least one), or none when the operator chose one
// (`malloc_arena_max` is MALLOC_ARENA_MAX, `tunables` GLIBC_TUNABLES; null when unset).
std::optional<int> ArenaLimitFor(const char* malloc_arena_max, const char* tunables, unsigned cpus);

// Caps the arenas at one per CPU, unless the operator chose a number (MALLOC_ARENA_MAX, or
// glibc.malloc.arena_max in GLIBC_TUNABLES). Call first in main, before any thread starts.
void LimitMallocArenas();

}  // namespace pregon

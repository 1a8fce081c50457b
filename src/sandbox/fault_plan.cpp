#include "sandbox/fault_plan.h"

#include <fmt/format.h>

namespace pregon {

FaultPlan::FaultPlan(double fail_rate, int throttle_every, uint64_t seed)
    : fail_rate_(fail_rate), throttle_every_(static_cast<uint64_t>(throttle_every)), seed_(seed) {}

Fault FaultPlan::Next() {
  const uint64_t n = requests_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (throttle_every_ > 0 && n % throttle_every_ == 0) return Fault::kThrottle;
  if (fail_rate_ <= 0) return Fault::kNone;
  // The top 53 bits as a uniform double in [0, 1).
  const double u = static_cast<double>(Mix64(seed_ ^ Mix64(n)) >> 11) * 0x1.0p-53;
  return u < fail_rate_ ? Fault::kFail : Fault::kNone;
}

uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

uint64_t StableHash(std::string_view text) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

std::string FormatUuid(uint64_t high, uint64_t low) {
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xFFFF,
                     high & 0xFFF, 0x8000 | ((low >> 48) & 0x3FFF), low & 0xFFFFFFFFFFFFULL);
}

}  // namespace pregon

// FaultPlan: decides which sandbox send requests fail, reproducibly.
//
// The n-th send request (counting from 1 across both APIs) is throttled when
// throttle_every > 0 and n is a multiple of it; otherwise it fails when a hash of
// (seed, n) falls below fail_rate. The same options and request order always give the
// same faults, so a test can count on them.
//
// Thread-safety: Next() may be called from any number of threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace pregon {

enum class Fault { kNone, kFail, kThrottle };

class FaultPlan {
 public:
  // REQUIRES: 0 <= fail_rate <= 1, throttle_every >= 0.
  FaultPlan(double fail_rate, int throttle_every, uint64_t seed);

  // The fault for the next request.
  Fault Next();

 private:
  const double fail_rate_;
  const uint64_t throttle_every_;
  const uint64_t seed_;
  std::atomic<uint64_t> requests_{0};
};

// SplitMix64's finaliser: spreads the bits of `x` evenly (a fast, well-tested mixer).
uint64_t Mix64(uint64_t x);

// A stable 64-bit hash of `text` (FNV-1a), the same on every platform and run.
uint64_t StableHash(std::string_view text);

// Formats 128 bits as a version-4-shaped UUID: "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".
std::string FormatUuid(uint64_t high, uint64_t low);

}  // namespace pregon

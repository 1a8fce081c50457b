// For the rate limiters' tests (header-only): how a provider counting messages per second
// would see a series of send times.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace pregon::testing_util {

// The most sends within any window of one second. REQUIRES: times_ms sorted.
inline size_t BusiestSecond(const std::vector<int64_t>& times_ms) {
  size_t worst = 0;
  for (size_t i = 0, j = 0; i < times_ms.size(); ++i) {
    while (j < times_ms.size() && times_ms[j] < times_ms[i] + 1000) ++j;
    worst = std::max(worst, j - i);
  }
  return worst;
}

}  // namespace pregon::testing_util

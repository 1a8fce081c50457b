#include "engine/latency_histogram.h"

#include <bit>
#include <cmath>

namespace pregon {

// Values below 2^kSubBits get a bucket each; above, a value with its top bit at position p
// lands in the sub-bucket given by the kSubBits bits below that top bit.
int LatencyHistogram::BucketOf(uint64_t v) {
  constexpr uint64_t kSub = uint64_t{1} << kSubBits;
  if (v < kSub) return static_cast<int>(v);
  const int top = 63 - std::countl_zero(v);  // >= kSubBits
  const int shift = top - kSubBits;
  const uint64_t sub = (v >> shift) & (kSub - 1);
  return static_cast<int>(((shift + 1) << kSubBits) + sub);
}

uint64_t LatencyHistogram::UpperEdge(int bucket) {
  constexpr uint64_t kSub = uint64_t{1} << kSubBits;
  if (bucket < static_cast<int>(kSub)) return static_cast<uint64_t>(bucket);
  const int shift = (bucket >> kSubBits) - 1;
  const uint64_t sub = static_cast<uint64_t>(bucket) & (kSub - 1);
  return ((kSub + sub + 1) << shift) - 1;
}

void LatencyHistogram::Record(Micros latency, uint64_t count) {
  const uint64_t v = latency.count() > 0 ? static_cast<uint64_t>(latency.count()) : 0;
  buckets_[BucketOf(v)].fetch_add(count, std::memory_order_relaxed);
  total_.fetch_add(count, std::memory_order_relaxed);
}

LatencyHistogram::Micros LatencyHistogram::Percentile(double q) const {
  const uint64_t total = count();
  if (total == 0) return Micros(0);
  const double clamped = std::min(1.0, std::max(0.0, q));
  const auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(clamped * total)));
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets_[b].load(std::memory_order_relaxed);
    if (seen >= rank) return Micros(static_cast<int64_t>(UpperEdge(b)));
  }
  return Micros(static_cast<int64_t>(UpperEdge(kBuckets - 1)));
}

}  // namespace pregon

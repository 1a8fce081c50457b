// LatencyHistogram: how long deliveries took from being claimed (marked in_flight) to having
// their result committed, for the worker's summary and the benchmark's p50/p99.
//
// Log-linear buckets (16 per power of two, so any percentile is within ~6 % of the true
// value) over microseconds, kept in atomics: every worker thread records into the same
// histogram without a lock, at a cost of one relaxed increment per chunk.
//
// Thread-safety: Record and Percentile may be called concurrently.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

namespace pregon {

class LatencyHistogram {
 public:
  using Micros = std::chrono::microseconds;

  // Counts `count` observations of `latency` (negative latencies count as zero).
  void Record(Micros latency, uint64_t count = 1);
  uint64_t count() const { return total_.load(std::memory_order_relaxed); }
  // The latency at or below which a fraction `q` (0..1) of observations lie: the upper
  // edge of the bucket holding that rank. Zero when nothing was recorded.
  Micros Percentile(double q) const;

 private:
  static constexpr int kSubBits = 4;  // 16 sub-buckets per power of two
  static constexpr int kBuckets = (64 - kSubBits + 1) << kSubBits;
  static int BucketOf(uint64_t micros);
  static uint64_t UpperEdge(int bucket);

  std::array<std::atomic<uint64_t>, kBuckets> buckets_{};
  std::atomic<uint64_t> total_{0};
};

}  // namespace pregon

#include "engine/latency_histogram.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace pregon {
namespace {

using Micros = LatencyHistogram::Micros;

TEST(LatencyHistogram, EmptyHasZeroPercentiles) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.Percentile(0.5), Micros(0));
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (int v = 0; v < 10; ++v) h.Record(Micros(v));
  EXPECT_EQ(h.Percentile(0.5), Micros(4));  // rank 5 of 0..9
  EXPECT_EQ(h.Percentile(1.0), Micros(9));
  EXPECT_EQ(h.Percentile(0.0), Micros(0));
}

TEST(LatencyHistogram, PercentilesOfAUniformSpreadAreWithinBucketPrecision) {
  LatencyHistogram h;
  for (int v = 1; v <= 100'000; ++v) h.Record(Micros(v));
  for (double q : {0.5, 0.9, 0.99}) {
    const double truth = q * 100'000;
    const double got = static_cast<double>(h.Percentile(q).count());
    EXPECT_GE(got, truth) << q;               // the upper edge of the holding bucket
    EXPECT_LE(got, truth * 1.0625 + 1) << q;  // 16 sub-buckets per octave
  }
}

TEST(LatencyHistogram, WeightedRecordCountsEveryObservation) {
  LatencyHistogram h;
  h.Record(Micros(1000), 99);
  h.Record(Micros(500'000), 1);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_LT(h.Percentile(0.99).count(), 1100);
  EXPECT_GE(h.Percentile(1.0).count(), 500'000);
}

TEST(LatencyHistogram, NegativeLatencyCountsAsZero) {
  LatencyHistogram h;
  h.Record(Micros(-5));
  EXPECT_EQ(h.Percentile(1.0), Micros(0));
}

TEST(LatencyHistogram, ConcurrentRecordsAreAllCounted) {
  LatencyHistogram h;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&h] {
      for (int i = 0; i < 10'000; ++i) h.Record(Micros(i));
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(h.count(), 40'000u);
}

}  // namespace
}  // namespace pregon

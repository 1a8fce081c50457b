#include "core/prometheus_text.h"

#include <gtest/gtest.h>

#include <limits>

namespace pregon {
namespace {

TEST(PrometheusText, WritesFamiliesAndEscapedSamples) {
  PrometheusText p;
  p.Family("pregon_x", "gauge", "An example.");
  p.Sample("pregon_x", {}, 3);
  p.Sample("pregon_x", {{"a", "q\"b\\c\nd"}, {"b", "2"}}, 0.25);
  p.Sample("pregon_x", {{"le", "+Inf"}}, std::numeric_limits<double>::infinity());
  EXPECT_EQ(p.text(),
            "# HELP pregon_x An example.\n# TYPE pregon_x gauge\npregon_x 3\n"
            "pregon_x{a=\"q\\\"b\\\\c\\nd\",b=\"2\"} 0.25\npregon_x{le=\"+Inf\"} +Inf\n");
}

TEST(PrometheusText, WritesHistogramsCumulativeWithInfAsTheCount) {
  PrometheusText p;
  const double bounds[] = {0.1, 1};
  const uint64_t counts[] = {2, 3};  // 2 at most 0.1 s, 3 in (0.1, 1], 1 above (count 6)
  p.Histogram("pregon_h_seconds", {{"channel", "smtp"}}, bounds, counts, 6, 7.5);
  EXPECT_EQ(p.text(),
            "pregon_h_seconds_bucket{channel=\"smtp\",le=\"0.1\"} 2\n"
            "pregon_h_seconds_bucket{channel=\"smtp\",le=\"1\"} 5\n"
            "pregon_h_seconds_bucket{channel=\"smtp\",le=\"+Inf\"} 6\n"
            "pregon_h_seconds_sum{channel=\"smtp\"} 7.5\n"
            "pregon_h_seconds_count{channel=\"smtp\"} 6\n");
}

}  // namespace
}  // namespace pregon

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

}  // namespace
}  // namespace pregon

// The Prometheus text exposition format (version 0.0.4), written: a family's # HELP and
// # TYPE lines, then its samples, label values escaped (\\, \", \n).
//
//   PrometheusText p;
//   p.Family("pregon_deliveries", "gauge", "Deliveries by status.");
//   p.Sample("pregon_deliveries", {{"status", "sent"}}, 1234);
//   p.text();  // "# HELP pregon_deliveries ...\n# TYPE ...\npregon_deliveries{status=\"sent\"}
//   1234\n"
//
// Not thread-safe; one per scrape.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pregon {

class PrometheusText {
 public:
  using Labels = std::vector<std::pair<std::string_view, std::string_view>>;
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  // A histogram's samples: name_bucket{labels, le} (cumulative, then +Inf = count), name_sum
  // and name_count. `counts[i]` counts the observations in (bounds[i-1], bounds[i]] — not
  // cumulative; those above the last bound are count minus their sum.
  void Histogram(std::string_view name, const Labels& labels, std::span<const double> bounds,
                 std::span<const uint64_t> counts, uint64_t count, double sum);
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// pregon_build_info{version="…"} 1.
void WriteBuildInfo(PrometheusText& out);

}  // namespace pregon

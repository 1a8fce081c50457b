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
  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

}  // namespace pregon

#include "core/prometheus_text.h"

#include <fmt/format.h>

#include <cmath>

#include "core/version.h"

namespace pregon {

void PrometheusText::Family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void PrometheusText::Sample(std::string_view name, const Labels& labels, double value) {
  out_ += name;
  if (!labels.empty()) {
    out_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i) out_ += ',';
      out_ += labels[i].first;
      out_ += "=\"";
      for (char c : labels[i].second) {
        if (c == '\\' || c == '"') out_ += '\\';
        if (c == '\n') {
          out_ += "\\n";
          continue;
        }
        out_ += c;
      }
      out_ += '"';
    }
    out_ += '}';
  }
  if (std::isinf(value)) {
    out_ += value > 0 ? " +Inf\n" : " -Inf\n";
  } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
    fmt::format_to(std::back_inserter(out_), " {}\n", static_cast<long long>(value));
  } else {
    fmt::format_to(std::back_inserter(out_), " {}\n", value);
  }
}

void PrometheusText::Histogram(std::string_view name, const Labels& labels,
                               std::span<const double> bounds, std::span<const uint64_t> counts,
                               uint64_t count, double sum) {
  const std::string base(name);
  const std::string bucket = base + "_bucket";
  Labels with_le = labels;
  with_le.emplace_back("le", "");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < bounds.size() && i < counts.size(); ++i) {
    cumulative += counts[i];
    const std::string le = fmt::format("{}", bounds[i]);
    with_le.back().second = le;
    Sample(bucket, with_le, static_cast<double>(cumulative));
  }
  with_le.back().second = "+Inf";
  Sample(bucket, with_le, static_cast<double>(count));
  Sample(base + "_sum", labels, sum);
  Sample(base + "_count", labels, static_cast<double>(count));
}

void WriteBuildInfo(PrometheusText& out) {
  out.Family("pregon_build_info", "gauge", "pregon's version.");
  out.Sample("pregon_build_info", {{"version", kPregonVersion}}, 1);
}

}  // namespace pregon

// RequestMetrics: the HTTP requests `serve` answered, for /metrics — counted by route class
// (api, tracking, hooks, unsubscribe, health, metrics, other: never a path with an id in it)
// and status, with a latency histogram per route class.
//
// Thread-safety: Record and Render may be called from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/mutex.h"
#include "core/prometheus_text.h"
#include "core/thread_annotations.h"

namespace pregon::http {

// The class of a request path, the only label /metrics gives it.
std::string_view RouteClass(std::string_view path);

class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   1,     5};

  void Record(std::string_view path, int status, double seconds);
  void Render(PrometheusText& out) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};  // not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable Mutex mu_;
  // Keyed by RouteClass's own static names: counting a request allocates nothing.
  std::map<std::pair<std::string_view, int>, uint64_t> requests_ GUARDED_BY(mu_);
  std::map<std::string_view, Histogram> latency_ GUARDED_BY(mu_);
};

}  // namespace pregon::http

#include "http/request_metrics.h"

#include <algorithm>

namespace pregon::http {

std::string_view RouteClass(std::string_view path) {
  const auto starts = [&](std::string_view prefix) {
    return path.substr(0, prefix.size()) == prefix;
  };
  if (starts("/api/")) return "api";
  if (starts("/t/")) return "tracking";
  if (starts("/hooks/")) return "hooks";
  if (starts("/u/")) return "unsubscribe";
  if (path == "/healthz" || path == "/readyz") return "health";
  if (path == "/metrics") return "metrics";
  return "other";
}

void RequestMetrics::Record(std::string_view path, int status, double seconds) {
  const std::string_view route = RouteClass(path);
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin());
  MutexLock lock(mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  if (bucket < kBuckets.size()) ++h.buckets[bucket];
  ++h.count;
  h.sum += seconds;
}

void RequestMetrics::Render(PrometheusText& out) const {
  MutexLock lock(mu_);
  out.Family("pregon_http_requests_total", "counter",
             "HTTP requests answered, by route class and status.");
  for (const auto& [key, n] : requests_) {
    const std::string status = std::to_string(key.second);
    out.Sample("pregon_http_requests_total", {{"route", key.first}, {"status", status}},
               static_cast<double>(n));
  }
  out.Family("pregon_http_request_duration_seconds", "histogram",
             "Time to answer an HTTP request (a stream's first answer), by route class.");
  for (const auto& [route, h] : latency_)
    out.Histogram("pregon_http_request_duration_seconds", {{"route", route}}, kBuckets, h.buckets,
                  h.count, h.sum);
}

}  // namespace pregon::http

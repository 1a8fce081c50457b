// EngineMetrics: what this process's engine did, for /metrics (serve's, or a worker's
// `--metrics-listen`) — messages handed to providers by channel and outcome, how long the
// provider took to answer each chunk, throttles and blocks, lease rescues and lost leases,
// and the in-flight permits each sender's gate holds and has waiting. Counters run from the
// process's start; labels are channel kinds, outcomes and sender names only (never a
// campaign id or an address).
//
//   EngineMetrics metrics;
//   Engine engine(store, clock, options, &metrics);  // the engine counts into it
//   PrometheusText p;
//   metrics.Render(p);
//
// Thread-safety: the Count/Observe calls are relaxed atomic increments, made from every
// worker thread without a lock; Render and AttachLimits may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>

#include "channels/channel.h"
#include "core/mutex.h"
#include "core/prometheus_text.h"
#include "core/sender.h"
#include "core/thread_annotations.h"
#include "engine/latency_histogram.h"

namespace pregon {

class SenderLimits;

class EngineMetrics {
 public:
  // Upper bounds of the provider latency buckets, in seconds: a local relay answers in
  // milliseconds, a congested SMTP server in tens of seconds.
  static constexpr std::array<double, 12> kLatencyBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                             0.5,   1,    2.5,   5,    10,  30};

  void CountOutcome(ChannelKind channel, SendOutcome outcome, uint64_t n = 1);
  // One message's time with the provider, from its hand-over to the channel to its result
  // (a batch channel's results all come when the batch is done).
  void ObserveProviderCall(ChannelKind channel, std::chrono::microseconds took);
  void CountThrottle(ChannelKind channel, bool sender_blocked);
  void CountRescues(int64_t ranges) { rescues_.fetch_add(ranges, std::memory_order_relaxed); }
  void CountLostLease() { lost_leases_.fetch_add(1, std::memory_order_relaxed); }

  // Per delivery, from being claimed to its result being committed (the run summary's p50
  // and p99).
  LatencyHistogram& claim_to_result() { return claim_to_result_; }
  const LatencyHistogram& claim_to_result() const { return claim_to_result_; }
  int64_t lost_leases() const { return lost_leases_.load(std::memory_order_relaxed); }

  // The gates whose permits Render reports: the running engine's, or none (nullptr).
  void AttachLimits(const SenderLimits* limits);

  void Render(PrometheusText& out) const;

 private:
  static constexpr size_t kChannels = 4;  // ChannelKind
  static constexpr size_t kOutcomes = 4;  // SendOutcome
  using Counter = std::atomic<uint64_t>;
  struct Latency {
    std::array<Counter, kLatencyBuckets.size()> buckets{};  // not cumulative
    Counter count{0};
    Counter sum_micros{0};
  };
  void RenderLimits(PrometheusText& out) const;

  std::array<std::array<Counter, kOutcomes>, kChannels> messages_{};
  std::array<Latency, kChannels> latency_{};
  std::array<std::array<Counter, 2>, kChannels> throttles_{};  // [throttled, sender_blocked]
  std::atomic<int64_t> rescues_{0}, lost_leases_{0};
  LatencyHistogram claim_to_result_;
  mutable Mutex mu_;
  const SenderLimits* limits_ GUARDED_BY(mu_) = nullptr;
};

}  // namespace pregon

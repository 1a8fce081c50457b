#include "engine/engine_metrics.h"

#include <algorithm>

#include "engine/sender_limits.h"

namespace pregon {

namespace {

constexpr ChannelKind kChannelKinds[] = {ChannelKind::kRelay, ChannelKind::kSmtp,
                                         ChannelKind::kTelegram, ChannelKind::kSandbox};
constexpr SendOutcome kSendOutcomes[] = {SendOutcome::kSent, SendOutcome::kTransient,
                                         SendOutcome::kPermanent, SendOutcome::kUnavailable};

size_t Index(ChannelKind k) { return static_cast<size_t>(k); }
size_t Index(SendOutcome o) { return static_cast<size_t>(o); }

}  // namespace

void EngineMetrics::CountOutcome(ChannelKind channel, SendOutcome outcome, uint64_t n) {
  messages_[Index(channel)][Index(outcome)].fetch_add(n, std::memory_order_relaxed);
}

void EngineMetrics::ObserveProviderCall(ChannelKind channel, std::chrono::microseconds took) {
  const double seconds = std::max<double>(0, static_cast<double>(took.count()) / 1e6);
  Latency& l = latency_[Index(channel)];
  const auto bucket = static_cast<size_t>(
      std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) -
      kLatencyBuckets.begin());
  if (bucket < kLatencyBuckets.size()) l.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  l.count.fetch_add(1, std::memory_order_relaxed);
  l.sum_micros.fetch_add(static_cast<uint64_t>(std::max<int64_t>(0, took.count())),
                         std::memory_order_relaxed);
}

void EngineMetrics::CountThrottle(ChannelKind channel, bool sender_blocked) {
  throttles_[Index(channel)][sender_blocked ? 1 : 0].fetch_add(1, std::memory_order_relaxed);
}

void EngineMetrics::AttachLimits(const SenderLimits* limits) {
  MutexLock lock(mu_);
  limits_ = limits;
}

void EngineMetrics::Render(PrometheusText& out) const {
  out.Family("pregon_messages_total", "counter",
             "Messages handed to providers by this process, by channel and outcome.");
  for (ChannelKind k : kChannelKinds)
    for (SendOutcome o : kSendOutcomes)
      out.Sample("pregon_messages_total",
                 {{"channel", ChannelKindName(k)}, {"outcome", SendOutcomeName(o)}},
                 static_cast<double>(messages_[Index(k)][Index(o)].load()));
  out.Family("pregon_provider_latency_seconds", "histogram",
             "Time from handing a message to its channel to its result, by channel (for the "
             "channels that send a batch at once, SMTP and the sandbox: the batch's time).");
  for (ChannelKind k : kChannelKinds) {
    const Latency& l = latency_[Index(k)];
    std::array<uint64_t, kLatencyBuckets.size()> buckets{};
    for (size_t i = 0; i < buckets.size(); ++i) buckets[i] = l.buckets[i].load();
    out.Histogram("pregon_provider_latency_seconds", {{"channel", ChannelKindName(k)}},
                  kLatencyBuckets, buckets, l.count.load(),
                  static_cast<double>(l.sum_micros.load()) / 1e6);
  }
  out.Family("pregon_provider_throttles_total", "counter",
             "Times a provider made this process pause a sender: it asked to slow down "
             "(throttled) or refused the sender (sender_blocked), by channel.");
  for (ChannelKind k : kChannelKinds)
    for (size_t blocked : {0, 1})
      out.Sample(
          "pregon_provider_throttles_total",
          {{"channel", ChannelKindName(k)}, {"kind", blocked ? "sender_blocked" : "throttled"}},
          static_cast<double>(throttles_[Index(k)][blocked].load()));
  out.Family("pregon_lease_rescues_total", "counter",
             "Batches whose worker died (lease expired) taken back by this process's scheduler.");
  out.Sample("pregon_lease_rescues_total", {}, static_cast<double>(rescues_.load()));
  out.Family("pregon_leases_lost_total", "counter",
             "Batches this process stopped working because its lease was lost (it was too slow "
             "to renew; another worker has the batch).");
  out.Sample("pregon_leases_lost_total", {}, static_cast<double>(lost_leases_.load()));
  RenderLimits(out);
}

void EngineMetrics::RenderLimits(PrometheusText& out) const {
  std::vector<SenderLimits::GateLoad> loads;
  {
    MutexLock lock(mu_);
    if (limits_) loads = limits_->GateLoads();
  }
  out.Family("pregon_limiter_permits_held", "gauge",
             "In-flight permits taken now from a sender's gate (its concurrency), by sender.");
  for (const auto& g : loads) out.Sample("pregon_limiter_permits_held", {{"pool", g.pool}}, g.held);
  out.Family("pregon_limiter_permits_waiting", "gauge",
             "Worker threads waiting now for a sender's in-flight permit, by sender.");
  for (const auto& g : loads)
    out.Sample("pregon_limiter_permits_waiting", {{"pool", g.pool}}, g.waiting);
}

}  // namespace pregon

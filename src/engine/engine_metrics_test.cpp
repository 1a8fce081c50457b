#include "engine/engine_metrics.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/clock.h"
#include "engine/sender_limits.h"

namespace pregon {
namespace {

using std::chrono::microseconds;

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(EngineMetrics, CountsOutcomesThrottlesAndRescuesByChannel) {
  EngineMetrics m;
  m.CountOutcome(ChannelKind::kSmtp, SendOutcome::kSent, 3);
  m.CountOutcome(ChannelKind::kSmtp, SendOutcome::kPermanent);
  m.CountThrottle(ChannelKind::kRelay, /*sender_blocked=*/true);
  m.CountRescues(2);
  m.CountLostLease();
  PrometheusText p;
  m.Render(p);
  const std::string& t = p.text();
  EXPECT_TRUE(Has(t, R"(pregon_messages_total{channel="smtp",outcome="sent"} 3)")) << t;
  EXPECT_TRUE(Has(t, R"(pregon_messages_total{channel="smtp",outcome="permanent"} 1)"));
  EXPECT_TRUE(Has(t, R"(pregon_messages_total{channel="relay",outcome="sent"} 0)"));
  EXPECT_TRUE(
      Has(t, R"(pregon_provider_throttles_total{channel="relay",kind="sender_blocked"} 1)"));
  EXPECT_TRUE(Has(t, R"(pregon_provider_throttles_total{channel="relay",kind="throttled"} 0)"));
  EXPECT_TRUE(Has(t, "pregon_lease_rescues_total 2"));
  EXPECT_TRUE(Has(t, "pregon_leases_lost_total 1"));
  EXPECT_EQ(m.lost_leases(), 1);
}

TEST(EngineMetrics, ProviderLatencyLandsInItsBucket) {
  EngineMetrics m;
  m.ObserveProviderCall(ChannelKind::kTelegram, microseconds(30'000));      // in (0.025, 0.05]
  m.ObserveProviderCall(ChannelKind::kTelegram, microseconds(60'000'000));  // above 30 s
  PrometheusText p;
  m.Render(p);
  const std::string& t = p.text();
  EXPECT_TRUE(Has(t, R"(pregon_provider_latency_seconds_bucket{channel="telegram",le="0.025"} 0)"))
      << t;
  EXPECT_TRUE(Has(t, R"(pregon_provider_latency_seconds_bucket{channel="telegram",le="0.05"} 1)"));
  EXPECT_TRUE(Has(t, R"(pregon_provider_latency_seconds_bucket{channel="telegram",le="30"} 1)"));
  EXPECT_TRUE(Has(t, R"(pregon_provider_latency_seconds_bucket{channel="telegram",le="+Inf"} 2)"));
  EXPECT_TRUE(Has(t, R"(pregon_provider_latency_seconds_sum{channel="telegram"} 60.03)"));
  EXPECT_TRUE(Has(t, R"(pregon_provider_latency_seconds_count{channel="smtp"} 0)"));
}

TEST(EngineMetrics, ReportsTheAttachedGatesPermitsHeldAndWaiting) {
  SystemClock clock;
  SenderLimits limits(clock);
  EngineMetrics m;
  m.AttachLimits(&limits);
  InFlightGate& gate = limits.InFlight(7, "news", 4);
  EXPECT_EQ(gate.Acquire(4), 4);
  std::thread waiter([&] { gate.Release(gate.Acquire(1)); });
  while (gate.waiting() == 0) std::this_thread::yield();
  PrometheusText p;
  m.Render(p);
  EXPECT_TRUE(Has(p.text(), R"(pregon_limiter_permits_held{pool="news"} 4)")) << p.text();
  EXPECT_TRUE(Has(p.text(), R"(pregon_limiter_permits_waiting{pool="news"} 1)"));
  gate.Release(4);
  waiter.join();
  EXPECT_EQ(gate.held(), 0);
  m.AttachLimits(nullptr);  // the engine is gone: no gates reported
  PrometheusText after;
  m.Render(after);
  EXPECT_EQ(after.text().find("pool=\"news\""), std::string::npos);
}

}  // namespace
}  // namespace pregon

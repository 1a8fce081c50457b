// A deterministic simulation of the dispatch core, after FoundationDB's and TigerBeetle's:
// the real Dispatcher, Scheduler and store (SQLite in a temp dir, and the throw-away
// PostgreSQL) against a simulated provider, a store that fails calls or loses their answers,
// an operator who pauses, resumes, cancels, reschedules and suppresses at any moment (even
// while a chunk is on the wire), and workers killed mid-range — all on a FakeClock and all
// driven by one seed, so a failure replays exactly.
//
// After every step it checks that counters sum, that at_most_once never delivers a
// recipient twice, and that nothing arrives after a pause or cancel beyond what was already
// in flight; at the end, with the faults off and the clock running on, that every campaign
// reached a final state and each delivery's status agrees with what the provider saw.
//
//   SIM_SEED=N   replay one seed      SIM_SEEDS=N   soak N seeds (default: a few, quick)

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/dispatcher.h"
#include "engine/scheduler.h"
#include "store/forwarding.h"
#include "store/store_factory.h"
#include "store/store_test_backends.h"

namespace pregon {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(gen_) < p; }
  int Between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Between(0, static_cast<int>(v.size()) - 1))];
  }

 private:
  std::mt19937_64 gen_;
};

// The domain of a recipient whose message crashes the worker that sends it.
constexpr const char* kPoison = "@poison.sim.test";
bool IsPoison(const std::string& address) { return address.ends_with(kPoison); }

// What the simulated provider took, by delivery.
struct ProviderLog {
  std::map<int64_t, int> taken;                  // delivery id -> copies the provider accepted
  std::map<int64_t, int64_t> taken_by_campaign;  // campaign id -> messages accepted
  // Tries that may spend an attempt (anything but a throttle or a sender block), by delivery.
  std::map<int64_t, int> spent;
  std::set<int64_t> barred;  // deliveries still pending when their recipient was suppressed
  std::vector<int64_t> taken_when_barred;
  void Take(const OutgoingMessage& m) {
    ++taken[m.delivery_id];
    ++taken_by_campaign[m.campaign_id];
    if (barred.count(m.delivery_id)) taken_when_barred.push_back(m.delivery_id);
  }
};

// A pause or cancel, as the operator saw it return: what had arrived and what was in flight.
struct StopMark {
  int64_t arrived = 0;
  int64_t in_flight = 0;
};

struct SimCampaign {
  int64_t id = 0;
  int recipients = 0;
  DeliveryGuarantee guarantee = DeliveryGuarantee::kAtMostOnce;
  std::vector<std::string> addresses;
};

class Simulation;

// One worker process: its own limits, dispatcher and channels. Killed, it writes nothing more
// (every store call fails without reaching the store) until the simulation restarts it.
struct Worker {
  int index = 0;
  bool dead = false;
  EngineOptions options;
  std::unique_ptr<WorkQueueWrapper> queue;
  std::unique_ptr<SenderLimits> limits;
  std::unique_ptr<Dispatcher> dispatcher;
};

class Simulation {
 public:
  Simulation(uint64_t seed, std::unique_ptr<Store> store) : rng_(seed), store_(std::move(store)) {}

  // Runs `steps` random steps, then lets the clock run on with the faults off. Returns the
  // first broken invariant, or "" when all held.
  std::string Run(int steps);

  bool chaos() const { return chaos_; }
  Rng& rng() { return rng_; }
  FakeClock& clock() { return clock_; }
  ProviderLog& provider() { return provider_; }
  // Acts on campaign `on` (0 = any).
  void OperatorActs(int64_t on = 0);
  void Kill(Worker& w) { w.dead = true; }

 private:
  void MakeSenders();
  void CreateCampaign();
  void RestartWorker(Worker& w);
  // Records a pause or cancel that returned: from now on only what was in flight may arrive.
  void Stopped(int64_t campaign_id);
  // Records a suppression: a delivery of `address` not yet sent must never be.
  void Suppressed(const SimCampaign& sc, const std::string& address);
  void WorkerStep(Worker& w);
  void AdvanceClock();
  std::string CheckInvariants();
  std::string CheckFinal();
  void Quiesce();

  Rng rng_;
  FakeClock clock_;
  std::unique_ptr<Store> store_;
  EngineOptions base_options_;
  ProviderLog provider_;
  std::vector<int64_t> senders_;
  std::vector<SimCampaign> campaigns_;
  std::map<int64_t, StopMark> stopped_;  // campaigns paused or cancelled, and when
  std::vector<std::unique_ptr<Worker>> workers_;
  bool chaos_ = true;
  int step_ = 0;
};

// The provider: each message meets one fate, drawn from the seed. Some fates mean the
// provider took it (sent, a timeout after accepting); the rest never reached it.
class SimChannel : public Channel {
 public:
  SimChannel(Simulation& sim, Worker& worker) : sim_(sim), worker_(worker) {}

  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> messages) override {
    std::vector<SendResult> out;
    for (const auto& m : messages) {
      if (IsPoison(m.to)) sim_.Kill(worker_);  // it crashes the worker, every time
      if (worker_.dead) {                      // the process died mid-batch: the rest never left
        out.push_back({SendOutcome::kTransient, "", "killed", {}, false});
        ++sim_.provider().spent[m.delivery_id];
        continue;
      }
      out.push_back(Fate(m));
      // Mid-send, mostly on the campaign on the wire: what is sent after this must have been
      // in flight already.
      if (sim_.chaos() && sim_.rng().Chance(0.03))
        sim_.OperatorActs(sim_.rng().Chance(0.7) ? m.campaign_id : 0);
      if (sim_.chaos() && sim_.rng().Chance(0.01)) sim_.Kill(worker_);
    }
    if (sim_.chaos() && sim_.rng().Chance(0.01) && !out.empty()) {  // a short answer
      ++sim_.provider().spent[messages[out.size() - 1].delivery_id];
      out.pop_back();
    }
    return out;
  }

 private:
  SendResult Fate(const OutgoingMessage& m) {
    SendResult r = Draw(m);
    if (!r.throttled && !r.sender_blocked) ++sim_.provider().spent[m.delivery_id];
    return r;
  }

  SendResult Draw(const OutgoingMessage& m) {
    Rng& rng = sim_.rng();
    if (!sim_.chaos() || rng.Chance(0.6)) {
      sim_.provider().Take(m);
      return {SendOutcome::kSent, "p" + std::to_string(m.delivery_id), "", {}, false};
    }
    SendResult r{SendOutcome::kTransient, "", "", {}, false};
    switch (rng.Between(0, 8)) {
      case 0:
        r.error = "HTTP 503";
        break;
      case 1:
        r.outcome = SendOutcome::kPermanent;
        r.error = "HTTP 400 bad address";
        break;
      case 2:
        r.outcome = SendOutcome::kUnavailable;
        r.error = "HTTP 403 blocked";
        break;
      case 3:
        r.error = "HTTP 429";
        r.throttled = true;
        r.retry_after = Millis(rng.Between(1, 3) * 1000);
        break;
      case 4:
        r.error = "HTTP 429 without Retry-After";
        r.throttled = true;
        break;
      case 5:
        r.error = "HTTP 402 quota";
        r.sender_blocked = true;
        break;
      case 6:
        r.error = "timeout: connect";  // never reached the provider
        break;
      default:  // the provider took it, the answer came too late
        sim_.provider().Take(m);
        r.error = "timeout: no answer";
        r.ambiguous = true;
        break;
    }
    return r;
  }

  Simulation& sim_;
  Worker& worker_;
};

// The store as a worker sees it: calls fail before reaching it, or reach it and lose their
// answer; a kill stops everything after it.
class FaultyQueue : public WorkQueueWrapper {
 public:
  FaultyQueue(WorkQueue& target, Simulation& sim, Worker& worker)
      : WorkQueueWrapper(target), sim_(sim), worker_(worker) {}

  Result<std::optional<RangeLease>> ClaimRange(std::string_view owner, Timestamp now,
                                               Millis ttl) override {
    return Call([&] { return WorkQueueWrapper::ClaimRange(owner, now, ttl); });
  }
  Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis ttl) override {
    return Call([&] { return WorkQueueWrapper::RenewLease(lease, now, ttl); });
  }
  Result<std::vector<DeliveryTask>> BeginDeliveries(RangeLease& lease, Timestamp now,
                                                    int limit) override {
    return Call([&] { return WorkQueueWrapper::BeginDeliveries(lease, now, limit); });
  }
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override {
    return Call([&] { return WorkQueueWrapper::RecordOutcomes(lease, outcomes, now); });
  }
  Result<ReleaseKind> ReleaseRange(const RangeLease& lease, Timestamp now,
                                   Timestamp hold_until) override {
    return Call([&] { return WorkQueueWrapper::ReleaseRange(lease, now, hold_until); });
  }
  Status PauseSender(int64_t sender_id, Timestamp until) override {
    return Call([&] { return WorkQueueWrapper::PauseSender(sender_id, until); });
  }
  Status DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                       Timestamp now) override {
    return Call([&] { return WorkQueueWrapper::DeferCampaign(campaign_id, until, reason, now); });
  }

 private:
  template <class F>
  auto Call(F call) -> decltype(call()) {
    if (worker_.dead) return Status::Unavailable("worker killed");
    if (!sim_.chaos()) return call();
    Rng& rng = sim_.rng();
    if (rng.Chance(0.01)) {  // killed before or after this call reached the store
      if (rng.Chance(0.5)) (void)call();
      worker_.dead = true;
      return Status::Unavailable("worker killed");
    }
    if (rng.Chance(0.02)) return Status::Transient("database is locked");
    if (rng.Chance(0.02)) {
      (void)call();
      return Status::Transient("connection lost after COMMIT");
    }
    return call();
  }

  Simulation& sim_;
  Worker& worker_;
};

void Simulation::MakeSenders() {
  for (int i = 0; i < 2; ++i) {
    Sender s;
    s.name = "sim" + std::to_string(i);
    s.kind = ChannelKind::kSandbox;
    s.concurrency = rng_.Between(1, 4);
    senders_.push_back(*store_->CreateSender(s));
  }
}

void Simulation::CreateCampaign() {
  SimCampaign sc;
  sc.recipients = rng_.Between(0, 30);
  const std::string tag = "c" + std::to_string(campaigns_.size());
  auto list = *store_->EnsureList(tag, clock_.Now());
  std::vector<ContactRecord> rows;
  // Some campaigns hold a message that crashes whichever worker sends it: its range is
  // rescued again and again until it is parked, and the campaign must still end.
  const int poison =
      sc.recipients > 0 && rng_.Chance(0.25) ? rng_.Between(0, sc.recipients - 1) : -1;
  for (int i = 0; i < sc.recipients; ++i) {
    sc.addresses.push_back(tag + "-" + std::to_string(i) + (i == poison ? kPoison : "@sim.test"));
    rows.push_back({sc.addresses.back(), "", "N", "{}"});
  }
  if (!rows.empty()) (void)*store_->ImportContacts(list.id, rows, clock_.Now());
  Campaign c;
  c.name = tag;
  c.sender_id = rng_.Pick(senders_);
  c.list_id = list.id;
  c.text_body = "hola {{name}}";
  c.throttle.batch_size = rng_.Between(1, 12);
  c.throttle.batch_pause = Millis(rng_.Pick(std::vector<int>{0, 0, 30'000, 300'000}));
  c.throttle.max_attempts = rng_.Between(1, 4);
  c.guarantee = rng_.Chance(0.5) ? DeliveryGuarantee::kAtMostOnce : DeliveryGuarantee::kAtLeastOnce;
  sc.guarantee = c.guarantee;
  const bool later = rng_.Chance(0.3);
  if (later) {
    c.status = CampaignStatus::kScheduled;
    c.scheduled_at = clock_.Now() + Millis(rng_.Between(1, 600) * 1000);
  }
  sc.id = *store_->CreateCampaign(c, clock_.Now());
  if (!later) (void)store_->ApplyCampaignAction(sc.id, CampaignAction::kSend, clock_.Now());
  campaigns_.push_back(sc);
}

void Simulation::OperatorActs(int64_t on) {
  if (campaigns_.empty()) return;
  const SimCampaign* picked = &rng_.Pick(campaigns_);
  for (const SimCampaign& c : campaigns_)
    if (c.id == on) picked = &c;
  const SimCampaign& sc = *picked;
  const Timestamp now = clock_.Now();
  switch (rng_.Between(0, 5)) {
    case 0:
    case 1: {
      if (store_->ApplyCampaignAction(sc.id, CampaignAction::kPause, now).ok()) Stopped(sc.id);
      break;
    }
    case 2: {
      if (store_->ApplyCampaignAction(sc.id, CampaignAction::kResume, now).ok())
        stopped_.erase(sc.id);
      break;
    }
    case 3: {
      if (!rng_.Chance(0.3)) break;  // rarer: it ends the campaign
      if (store_->ApplyCampaignAction(sc.id, CampaignAction::kCancel, now).ok()) Stopped(sc.id);
      break;
    }
    case 4: {
      auto c = store_->GetCampaign(sc.id);
      if (!c.ok() || c->status != CampaignStatus::kScheduled) break;
      c->scheduled_at = now + Millis(rng_.Between(0, 300) * 1000);
      (void)store_->UpdateCampaign(*c, false, now);
      break;
    }
    default: {
      if (sc.addresses.empty()) break;
      Suppression s;
      s.address = rng_.Pick(sc.addresses);
      s.reason = SuppressionReason::kManual;
      s.created_at = now;
      if (store_->AddSuppressions(std::span<const Suppression>(&s, 1)).ok())
        Suppressed(sc, s.address);
      break;
    }
  }
}

void Simulation::Stopped(int64_t campaign_id) {
  if (stopped_.count(campaign_id)) return;  // the first stop is the one that counts
  stopped_[campaign_id] = {provider_.taken_by_campaign[campaign_id],
                           store_->GetCounters(campaign_id)->in_flight};
}

void Simulation::Suppressed(const SimCampaign& sc, const std::string& address) {
  DeliveryQuery q;
  q.campaign_id = sc.id;
  q.limit = 1000;
  const std::vector<Delivery> deliveries = *store_->ListDeliveries(q);
  for (const Delivery& d : deliveries)
    if (d.address == address && d.status == DeliveryStatus::kPending) provider_.barred.insert(d.id);
}

void Simulation::RestartWorker(Worker& w) {
  w.dead = false;
  w.options = base_options_;
  w.options.owner = "sim-" + std::to_string(w.index) + "-" + std::to_string(step_);
  w.options.make_channel = [this, &w](const Sender&) -> Result<std::unique_ptr<Channel>> {
    return std::unique_ptr<Channel>(std::make_unique<SimChannel>(*this, w));
  };
  w.queue = std::make_unique<FaultyQueue>(*store_, *this, w);
  w.limits = std::make_unique<SenderLimits>(clock_);
  w.dispatcher = std::make_unique<Dispatcher>(EngineStore(*w.queue, *store_, *store_), clock_,
                                              *w.limits, w.options);
}

void Simulation::WorkerStep(Worker& w) {
  if (w.dead) RestartWorker(w);
  auto lease = w.queue->ClaimRange(w.options.owner, clock_.Now(), w.options.lease_ttl);
  if (!lease.ok() || !lease->has_value()) return;
  std::atomic<bool> stop{false};
  (void)w.dispatcher->ProcessRange(**lease, stop);
}

void Simulation::AdvanceClock() {
  const int kind = rng_.Between(0, 9);
  if (kind < 5) {
    clock_.Advance(Millis(rng_.Between(0, 2000)));
  } else if (kind < 8) {
    clock_.Advance(Millis(rng_.Between(0, 2 * static_cast<int>(base_options_.lease_ttl.count()))));
  } else if (auto next = store_->NextWakeup(clock_.Now()); next.ok() && next->has_value()) {
    clock_.Set(**next);
  }
}

std::string Simulation::CheckInvariants() {
  std::ostringstream bad;
  for (const SimCampaign& sc : campaigns_) {
    auto k = store_->GetCounters(sc.id);
    if (!k.ok()) return "reading counters: " + k.status().ToString();
    for (int64_t n : {k->pending, k->in_flight, k->sent, k->failed, k->unavailable, k->suppressed,
                      k->unknown, k->cancelled}) {
      if (n < 0) bad << "campaign " << sc.id << ": a negative counter; ";
    }
    if (k->total() != 0 && k->total() != sc.recipients)
      bad << "campaign " << sc.id << ": counters sum to " << k->total() << ", not " << sc.recipients
          << "; ";
    if (auto mark = stopped_.find(sc.id); mark != stopped_.end()) {
      const int64_t after = provider_.taken_by_campaign[sc.id] - mark->second.arrived;
      if (after > mark->second.in_flight)
        bad << "campaign " << sc.id << ": " << after << " messages arrived after it was paused or "
            << "cancelled with " << mark->second.in_flight << " in flight; ";
    }
  }
  for (int64_t id : provider_.taken_when_barred)
    bad << "delivery " << id << " was sent after its recipient was suppressed; ";
  for (const SimCampaign& sc : campaigns_) {
    if (sc.guarantee != DeliveryGuarantee::kAtMostOnce) continue;
    DeliveryQuery q;
    q.campaign_id = sc.id;
    q.limit = 1000;
    const std::vector<Delivery> deliveries = *store_->ListDeliveries(q);
    for (const Delivery& d : deliveries) {
      if (provider_.taken[d.id] > 1)
        bad << "campaign " << sc.id << " (at_most_once): " << d.address << " got "
            << provider_.taken[d.id] << " copies; ";
    }
  }
  return bad.str();
}

void Simulation::Quiesce() {
  chaos_ = false;
  for (const SimCampaign& sc : campaigns_) {
    if (store_->ApplyCampaignAction(sc.id, CampaignAction::kResume, clock_.Now()).ok())
      stopped_.erase(sc.id);
  }
  Scheduler scheduler(*store_, *store_, clock_, base_options_);
  for (int guard = 0; guard < 5000; ++guard) {
    (void)scheduler.RunPass();
    bool worked = false;
    for (auto& w : workers_) {
      if (w->dead) RestartWorker(*w);
      auto lease = w->queue->ClaimRange(w->options.owner, clock_.Now(), w->options.lease_ttl);
      if (!lease.ok() || !lease->has_value()) continue;
      std::atomic<bool> stop{false};
      (void)w->dispatcher->ProcessRange(**lease, stop);
      worked = true;
    }
    if (worked) continue;
    auto next = store_->NextWakeup(clock_.Now());
    if (!next.ok() || !next->has_value()) break;
    clock_.Set(**next);
  }
}

std::string Simulation::CheckFinal() {
  std::ostringstream bad;
  for (const SimCampaign& sc : campaigns_) {
    auto c = *store_->GetCampaign(sc.id);
    if (!IsFinal(c.status)) {
      bad << "campaign " << sc.id << " never finished: " << CampaignStatusName(c.status) << "; ";
      continue;
    }
    auto k = *store_->GetCounters(sc.id);
    if (k.in_flight != 0) bad << "campaign " << sc.id << ": deliveries left in flight; ";
    if (k.pending != 0) bad << "campaign " << sc.id << ": deliveries left pending; ";
    DeliveryQuery q;
    q.campaign_id = sc.id;
    q.limit = 1000;
    const std::vector<Delivery> deliveries = *store_->ListDeliveries(q);
    for (const Delivery& d : deliveries) {
      const int taken = provider_.taken[d.id];
      const std::string who = "campaign " + std::to_string(sc.id) + " " +
                              std::string(DeliveryStatusName(d.status)) + " delivery " + d.address +
                              " taken " + std::to_string(taken) + " times; ";
      switch (d.status) {
        case DeliveryStatus::kSent:
          if (taken < 1) bad << "provider never got a sent " << who;
          if (sc.guarantee == DeliveryGuarantee::kAtMostOnce && taken != 1) bad << who;
          break;
        case DeliveryStatus::kFailed:
          // Throttles and sender blocks pause the sender; they never spend an attempt.
          if (provider_.spent[d.id] == 0 && d.last_error.find("parked") == std::string::npos)
            bad << "throttles alone failed " << who;
          [[fallthrough]];
        case DeliveryStatus::kCancelled:
        case DeliveryStatus::kSuppressed:
        case DeliveryStatus::kUnavailable:
          // Under at_least_once an earlier ambiguous try may have arrived.
          if (sc.guarantee == DeliveryGuarantee::kAtMostOnce && taken != 0) bad << who;
          break;
        case DeliveryStatus::kUnknown:
          // at_least_once resends what may be lost; it ends unknown only when its attempts ran
          // out, or when its range was parked or cancelled with it in flight.
          if (sc.guarantee == DeliveryGuarantee::kAtLeastOnce &&
              d.last_error.rfind("gave up", 0) != 0 &&
              d.last_error != "lease expired while in flight")
            bad << "at_least_once did not resend " << who;
          break;
        case DeliveryStatus::kPending:
        case DeliveryStatus::kInFlight:
          bad << who;
          break;
      }
    }
  }
  return bad.str();
}

std::string Simulation::Run(int steps) {
  base_options_.concurrency = 1;
  base_options_.lease_ttl = Millis(30'000);
  base_options_.max_rescues = rng_.Between(1, 3);                          // low: ranges get parked
  base_options_.retry = RetryOptions{Millis(2'000), Millis(60'000), 0.0};  // no jitter: replayable
  base_options_.sender_block_pause = Millis(300'000);
  base_options_.record_retries = 2;
  MakeSenders();
  for (int i = 0; i < 3; ++i) {
    workers_.push_back(std::make_unique<Worker>());
    workers_.back()->index = i;
    RestartWorker(*workers_.back());
  }
  Scheduler scheduler(*store_, *store_, clock_, base_options_);
  for (step_ = 0; step_ < steps; ++step_) {
    const int roll = rng_.Between(0, 99);
    if (roll < 6 && campaigns_.size() < 6) {
      CreateCampaign();
    } else if (roll < 20) {
      (void)scheduler.RunPass();
    } else if (roll < 65) {
      WorkerStep(*workers_[static_cast<size_t>(rng_.Between(0, 2))]);
    } else if (roll < 75) {
      OperatorActs();
    } else {
      AdvanceClock();
    }
    if (std::string bad = CheckInvariants(); !bad.empty())
      return "step " + std::to_string(step_) + ": " + bad;
  }
  Quiesce();
  if (std::string bad = CheckInvariants(); !bad.empty()) return "after the run: " + bad;
  if (std::string bad = CheckFinal(); !bad.empty()) return "at the end: " + bad;
  return "";
}

std::vector<uint64_t> Seeds(int default_count) {
  if (const char* one = std::getenv("SIM_SEED"); one != nullptr && *one != '\0')
    return {std::strtoull(one, nullptr, 10)};
  int count = default_count;
  if (const char* n = std::getenv("SIM_SEEDS"); n != nullptr && *n != '\0') count = std::atoi(n);
  std::vector<uint64_t> seeds;
  for (int i = 1; i <= count; ++i) seeds.push_back(static_cast<uint64_t>(i));
  return seeds;
}

class DispatchSimulation : public ::testing::TestWithParam<testing::TestBackend> {};

TEST_P(DispatchSimulation, EverySeedKeepsTheGuarantees) {
  const auto level = spdlog::get_level();
  spdlog::set_level(spdlog::level::off);
  // PostgreSQL commits cost more: fewer seeds by default, the same with SIM_SEEDS.
  const int default_seeds = GetParam().name == "sqlite" ? 12 : 3;
  for (uint64_t seed : Seeds(default_seeds)) {
    auto url = GetParam().fresh_url();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    auto store = OpenStore(*url);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Migrate().ok());
    Simulation sim(seed, std::move(store).value());
    const std::string bad = sim.Run(400);
    if (!bad.empty()) {
      spdlog::set_level(level);
      FAIL() << "seed " << seed << " on " << GetParam().name << ", " << bad
             << "\n  replay: SIM_SEED=" << seed
             << " ./build/pregon_engine_tests --gtest_filter='*DispatchSimulation*"
             << GetParam().name << "'";
    }
  }
  spdlog::set_level(level);
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatchSimulation, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace pregon

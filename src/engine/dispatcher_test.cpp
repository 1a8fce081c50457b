// The dispatcher with a FakeClock and a scripted channel: a 12-minute pause is tested in
// microseconds.
#include "engine/dispatcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <thread>

#include "engine/scheduler.h"
#include "store/forwarding.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

// A channel that records what it was asked to send and answers from a script.
class RecordingChannel : public Channel {
 public:
  std::vector<OutgoingMessage>* sent;
  std::function<SendResult(const OutgoingMessage&)> answer;
  size_t max_results = SIZE_MAX;  // a faulty channel answers fewer messages than it sent
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> msgs) override {
    std::vector<SendResult> out;
    for (const auto& m : msgs) {
      sent->push_back(m);
      out.push_back(answer ? answer(m) : SendResult{SendOutcome::kSent, "id", "", {}, false});
    }
    if (out.size() > max_results) out.resize(max_results);
    return out;
  }
};

// A channel that streams, like the HTTP ones: what is submitted stays out until the
// dispatcher waits for results, then the oldest one is answered (one per Collect).
class StreamingChannel : public Channel {
 public:
  std::vector<OutgoingMessage>* sent = nullptr;
  std::vector<std::chrono::milliseconds>* waits = nullptr;  // of every Collect
  std::function<void(const StreamingChannel&)> on_submit;   // before the message is added
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage>) override {
    ADD_FAILURE() << "the dispatcher streams";
    return {};
  }
  bool streams() const override { return true; }
  void Submit(uint64_t tag, const OutgoingMessage& message) override {
    if (on_submit) on_submit(*this);
    sent->push_back(message);
    out_.push_back(tag);
  }
  void Collect(std::chrono::milliseconds wait, const OnResult& on_result) override {
    if (waits != nullptr) waits->push_back(wait);
    if (out_.empty() || wait.count() == 0) return;
    SendResult r{SendOutcome::kSent, "id", "", {}, false};
    const uint64_t tag = out_.front();
    out_.pop_front();
    on_result(tag, r);
  }
  size_t pending() const override { return out_.size(); }

 private:
  std::deque<uint64_t> out_;
};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::NewTempSqliteStore();
    options_.make_channel = [this](const Sender&) -> Result<std::unique_ptr<Channel>> {
      auto ch = std::make_unique<RecordingChannel>();
      ch->sent = &sent_;
      ch->answer = answer_;
      ch->max_results = max_results_;
      return std::unique_ptr<Channel>(std::move(ch));
    };
  }

  int64_t Campaign(int n, int batch, Millis pause, double rate = 0, SendWindow window = {},
                   int max_attempts = 0) {
    Sender s;
    s.name = "s";
    s.kind = ChannelKind::kSandbox;
    s.concurrency = concurrency_;
    s.rate = rate;
    auto sid = *store_->CreateSender(s);
    auto list = *store_->EnsureList("L", clock_.Now());
    std::vector<ContactRecord> rows;
    for (int i = 0; i < n; ++i) rows.push_back({"c" + std::to_string(i) + "@x.com", "", "C", "{}"});
    EXPECT_TRUE(store_->ImportContacts(list.id, rows, clock_.Now()).ok());
    pregon::Campaign c;
    c.name = "c";
    c.sender_id = sid;
    c.list_id = list.id;
    c.text_body = "hi {{name}}";
    c.throttle.batch_size = batch;
    c.throttle.batch_pause = pause;
    c.window = window;
    if (max_attempts > 0) c.throttle.max_attempts = max_attempts;
    c.guarantee = guarantee_;
    auto id = *store_->CreateCampaign(c, clock_.Now());
    EXPECT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
    return id;
  }

  // Scheduler passes and claims until nothing is due; advances the fake clock to the next
  // wake-up when idle. Returns how far the clock moved.
  Millis Drain() {
    Scheduler sched(*store_, *store_, clock_, options_);
    SenderLimits limits(clock_);
    Dispatcher d(*store_, clock_, limits, options_);
    std::atomic<bool> stop{false};
    Timestamp start = clock_.Now();
    for (int guard = 0; guard < 10'000; ++guard) {
      EXPECT_TRUE(sched.RunPass().ok());
      auto lease = store_->ClaimRange("t", clock_.Now(), options_.lease_ttl);
      if (lease.ok() && lease->has_value()) {
        EXPECT_TRUE(d.ProcessRange(**lease, stop).ok());
        continue;
      }
      auto next = store_->NextWakeup(clock_.Now());
      if (!next->has_value()) break;
      clock_.Set(**next);
    }
    return std::chrono::duration_cast<Millis>(clock_.Now() - start);
  }

  // Channels that stream, each reporting (when asked to) what it saw at every Submit
  // (in_flight counts the deliveries of `campaign` marked in flight in the store).
  void UseStreamingChannels(int64_t campaign, std::vector<int64_t>* in_flight = nullptr,
                            std::vector<size_t>* pending = nullptr) {
    options_.make_channel = [=, this](const Sender&) -> Result<std::unique_ptr<Channel>> {
      auto ch = std::make_unique<StreamingChannel>();
      ch->sent = &sent_;
      ch->waits = &collect_waits_;
      if (in_flight != nullptr) {
        ch->on_submit = [=, this](const StreamingChannel& c) {
          in_flight->push_back(store_->GetCounters(campaign)->in_flight);
          pending->push_back(c.pending());
        };
      }
      return std::unique_ptr<Channel>(std::move(ch));
    };
  }

  // Starts the campaign's ranges and has one dispatcher, on `work`, process the first.
  Status ProcessFirstRange(WorkQueue& work, SenderLimits& limits) {
    EXPECT_TRUE(Scheduler(*store_, *store_, clock_, options_).RunPass().ok());
    Dispatcher d(EngineStore(work, *store_, *store_), clock_, limits, options_);
    std::atomic<bool> stop{false};
    auto lease = **store_->ClaimRange("w", clock_.Now(), options_.lease_ttl);
    return d.ProcessRange(lease, stop);
  }

  FakeClock clock_;
  int concurrency_ = 10;
  EngineOptions options_;
  std::unique_ptr<Store> store_;
  std::vector<OutgoingMessage> sent_;
  std::vector<std::chrono::milliseconds> collect_waits_;  // of the streaming channels
  std::function<SendResult(const OutgoingMessage&)> answer_;
  size_t max_results_ = SIZE_MAX;
  DeliveryGuarantee guarantee_ = DeliveryGuarantee::kAtMostOnce;
};

size_t TimesSentTo(const std::vector<OutgoingMessage>& sent, const std::string& to) {
  return static_cast<size_t>(
      std::count_if(sent.begin(), sent.end(), [&](const auto& m) { return m.to == to; }));
}

SendResult AmbiguousTimeout() {
  SendResult r{SendOutcome::kTransient, "", "timeout: no answer", {}, false};
  r.ambiguous = true;
  return r;
}

// A provider that took the message but answered too late: at_most_once sends it once and
// reports it unknown; at_least_once sends it again (same idempotency key) until it is sent.
TEST_F(DispatcherTest, ATimeoutAfterTheRequestIsNeverResentUnderAtMostOnce) {
  answer_ = [](const OutgoingMessage& m) {
    return m.to == "c1@x.com" ? AmbiguousTimeout()
                              : SendResult{SendOutcome::kSent, "id", "", {}, false};
  };
  auto id = Campaign(3, 10, Millis(0), 0, {}, /*max_attempts=*/3);
  Drain();
  EXPECT_EQ(TimesSentTo(sent_, "c1@x.com"), 1u);
  auto counters = *store_->GetCounters(id);
  EXPECT_EQ(counters.unknown, 1);
  EXPECT_EQ(counters.sent, 2);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kPartial);
}

TEST_F(DispatcherTest, ATimeoutAfterTheRequestIsResentWithTheSameKeyUnderAtLeastOnce) {
  guarantee_ = DeliveryGuarantee::kAtLeastOnce;
  int timeouts = 0;
  answer_ = [&](const OutgoingMessage& m) {
    if (m.to == "c1@x.com" && timeouts++ < 1) return AmbiguousTimeout();
    return SendResult{SendOutcome::kSent, "id", "", {}, false};
  };
  auto id = Campaign(3, 10, Millis(0), 0, {}, /*max_attempts=*/3);
  Drain();
  std::vector<std::string> keys;
  for (const auto& m : sent_)
    if (m.to == "c1@x.com") keys.push_back(m.idempotency_key);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_EQ(store_->GetCounters(id)->sent, 3);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kDone);
}

// A channel that answers fewer messages than it was given: the unanswered ones may have
// gone, so at_most_once records them unknown instead of sending them again.
TEST_F(DispatcherTest, MissingResultsAreNotResentUnderAtMostOnce) {
  max_results_ = 1;
  auto id = Campaign(4, 10, Millis(0), 0, {}, /*max_attempts=*/3);
  Drain();
  EXPECT_EQ(sent_.size(), 4u) << "each message handed to the channel once";
  auto counters = *store_->GetCounters(id);
  EXPECT_EQ(counters.sent, 1);
  EXPECT_EQ(counters.unknown, 3);
}

TEST_F(DispatcherTest, SendsEveryoneOnceInBatchOrder) {
  auto id = Campaign(95, 10, Millis(0));
  Drain();
  ASSERT_EQ(sent_.size(), 95u);
  std::set<std::string> to;
  for (auto& m : sent_) to.insert(m.to);
  EXPECT_EQ(to.size(), 95u);
  EXPECT_EQ(sent_.front().text, "hi C");
  auto c = store_->GetCampaign(id);
  EXPECT_EQ(c->status, CampaignStatus::kDone);
  EXPECT_EQ(store_->GetCounters(id)->sent, 95);
}

TEST_F(DispatcherTest, TwelveMinutePauseBetweenBatchesWithoutSleeping) {
  Campaign(30, 10, Millis(12 * 60'000));
  Millis took = Drain();
  EXPECT_EQ(sent_.size(), 30u);
  // Three batches, two pauses of 12 minutes each, on the fake clock.
  EXPECT_GE(took, Millis(24 * 60'000));
  EXPECT_LT(took, Millis(24 * 60'000 + 1000));
}

TEST_F(DispatcherTest, TransientFailuresAreRetriedThenGiveUp) {
  auto id = Campaign(3, 10, Millis(0));
  answer_ = [](const OutgoingMessage& m) {
    if (m.to == "c0@x.com") return SendResult{SendOutcome::kTransient, "", "HTTP 503", {}, false};
    if (m.to == "c1@x.com")
      return SendResult{SendOutcome::kPermanent, "", "HTTP 400 bad address", {}, false};
    return SendResult{SendOutcome::kSent, "ok", "", {}, false};
  };
  Drain();
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->sent, 1);
  EXPECT_EQ(k->failed, 2);
  EXPECT_EQ(k->total(), 3);
  // c0 was tried max_attempts (5) times; c1 once; c2 once.
  std::map<std::string, int> tries;
  for (auto& m : sent_) tries[m.to]++;
  EXPECT_EQ(tries["c0@x.com"], 5);
  EXPECT_EQ(tries["c1@x.com"], 1);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kPartial);
}

// A storm of 429s (without Retry-After) against max_attempts 2: every message still goes
// out once the provider takes it again, none fails.
TEST_F(DispatcherTest, AThrottleStormFailsNobody) {
  auto id = Campaign(10, 10, Millis(0), 0, {}, /*max_attempts=*/2);
  int calls = 0;
  answer_ = [&calls](const OutgoingMessage&) {
    if (++calls <= 25) {
      SendResult r{SendOutcome::kTransient, "", "HTTP 429", {}, false};
      r.throttled = true;
      return r;
    }
    return SendResult{SendOutcome::kSent, "ok", "", {}, false};
  };
  Drain();
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->sent, 10);
  EXPECT_EQ(k->failed, 0);
}

TEST_F(DispatcherTest, ProviderThrottlePausesTheSenderThenResumes) {
  auto id = Campaign(20, 20, Millis(0));
  int calls = 0;
  answer_ = [&calls](const OutgoingMessage&) {
    if (++calls == 3)
      return SendResult{SendOutcome::kTransient, "", "HTTP 429", Millis(5000), false};
    return SendResult{SendOutcome::kSent, "ok", "", {}, false};
  };
  Millis took = Drain();
  EXPECT_EQ(store_->GetCounters(id)->sent, 20);
  EXPECT_GE(took, Millis(5000));
  std::string throttled;
  auto events = store_->ListEvents(id, 0, 100);
  for (auto& e : *events)
    if (e.kind == "throttled") throttled = e.message;
  EXPECT_EQ(throttled, "sender s paused for 5s: provider throttled us (HTTP 429)");
}

TEST_F(DispatcherTest, RateLimitHoldsOnTheFakeClock) {
  Campaign(100, 100, Millis(0), /*rate=*/20);
  Millis took = Drain();
  EXPECT_EQ(sent_.size(), 100u);
  // One token up front, then 99 more at 0.99 x 20/s: 5.0 s — never faster than the rate.
  EXPECT_GE(took, Millis(4990));
  EXPECT_LE(took, Millis(5100));
}

TEST_F(DispatcherTest, ClosedSendWindowWaitsDurablyForTheOpening) {
  // The fake clock starts at 2026-01-01T00:00Z; the window opens at 08:00 UTC.
  auto id = Campaign(10, 5, Millis(0), 0, SendWindow{8 * 60, 21 * 60, "UTC"});
  Millis took = Drain();
  EXPECT_EQ(sent_.size(), 10u);
  EXPECT_EQ(took, Millis(8 * 3'600'000));
  auto events = store_->ListEvents(id, 0, 100);
  std::string waiting;
  for (auto& e : *events)
    if (e.kind == "waiting") waiting = e.message;
  EXPECT_EQ(waiting, "outside the send window 08:00-21:00 UTC; waiting until 2026-01-01 08:00 UTC");
}

// A streaming channel's window slides: each result recorded frees one permit, at once
// claimed for the next delivery, so the channel always has the cap's worth out; and the
// deliveries marked in_flight never exceed the sender's cap (the at_most_once crash window).
TEST_F(DispatcherTest, AStreamingWindowSlidesAndStaysWithinTheCap) {
  auto id = Campaign(40, 40, Millis(0));
  std::vector<int64_t> in_flight;
  std::vector<size_t> pending;
  UseStreamingChannels(id, &in_flight, &pending);
  Drain();
  ASSERT_EQ(sent_.size(), 40u);
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(TimesSentTo(sent_, "c" + std::to_string(i) + "@x.com"), 1u);
  EXPECT_EQ(store_->GetCounters(id)->sent, 40);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kDone);
  EXPECT_EQ(*std::max_element(in_flight.begin(), in_flight.end()), 10);
  // After the first ten, every message went out while the nine others were still out.
  for (size_t i = 10; i < pending.size(); ++i) EXPECT_EQ(pending[i], 9u) << "submit " << i;
}

// A paced sender with results out waits for them until its next send falls due, instead of
// waking every kRefillWait to ask the rate again (at Telegram's 30/s that would be about
// 500 wake-ups a second per thread).
TEST_F(DispatcherTest, APacedSenderWaitsForItsNextSendNotInPolls) {
  auto id = Campaign(20, 20, Millis(0), /*rate=*/20);
  UseStreamingChannels(id);
  Drain();
  EXPECT_EQ(sent_.size(), 20u);
  EXPECT_EQ(store_->GetCounters(id)->sent, 20);
  // 20/s paced at 98.5 %: about 51 ms between sends.
  const auto rate_waits = std::count_if(collect_waits_.begin(), collect_waits_.end(), [](auto w) {
    return w >= std::chrono::milliseconds(10) && w <= std::chrono::milliseconds(52);
  });
  EXPECT_GT(rate_waits, 0);
  for (const auto w : collect_waits_) EXPECT_NE(w, Dispatcher::kRefillWait);
}

// The store fails BeginDeliveries from its `from`-th call on.
class FailsBeginsFrom : public WorkQueueWrapper {
 public:
  FailsBeginsFrom(WorkQueue& target, int from) : WorkQueueWrapper(target), from_(from) {}
  Result<std::vector<DeliveryTask>> BeginDeliveries(RangeLease& lease, Timestamp now,
                                                    int limit) override {
    if (++calls_ >= from_) return Status::Transient("could not connect to the database");
    return WorkQueueWrapper::BeginDeliveries(lease, now, limit);
  }
  const int from_;
  int calls_ = 0;
};

// A claim that fails while messages are out stops the claiming, but what is out is still
// collected and recorded before the range is given back with the error.
TEST_F(DispatcherTest, AFailedClaimStillRecordsWhatIsOut) {
  auto id = Campaign(40, 40, Millis(0));
  UseStreamingChannels(id);
  FailsBeginsFrom faulty(*store_, 6);
  SenderLimits limits(clock_);
  EXPECT_EQ(ProcessFirstRange(faulty, limits).code(), StatusCode::kTransient);
  EXPECT_EQ(sent_.size(), 5u);
  auto k = *store_->GetCounters(id);
  EXPECT_EQ(k.sent, 5);
  EXPECT_EQ(k.in_flight, 0);
  for (const auto& load : limits.GateLoads()) EXPECT_EQ(load.held, 0) << load.pool;
}

// The lease is lost while messages are out: the worker stops at once and writes nothing
// more; the channel's results are waited out and dropped, every permit given back.
class LosesTheLeaseAtRecord : public WorkQueueWrapper {
 public:
  using WorkQueueWrapper::WorkQueueWrapper;
  Status RecordOutcomes(const RangeLease&, std::span<const DeliveryOutcome>, Timestamp) override {
    ++calls_;
    return Status::Conflict("range lease lost");
  }
  int calls_ = 0;
};

TEST_F(DispatcherTest, ALeaseLostWhileStreamingWritesNothingMore) {
  auto id = Campaign(40, 40, Millis(0));
  UseStreamingChannels(id);
  LosesTheLeaseAtRecord faulty(*store_);
  SenderLimits limits(clock_);
  EXPECT_EQ(ProcessFirstRange(faulty, limits).code(), StatusCode::kConflict);
  EXPECT_EQ(faulty.calls_, 1);
  EXPECT_EQ(sent_.size(), 10u);
  EXPECT_EQ(store_->GetCounters(id)->in_flight, 10);  // left for the rescue
  for (const auto& load : limits.GateLoads()) EXPECT_EQ(load.held, 0) << load.pool;
}

// Worker threads share their senders' channels: ranges worked one after the other by two
// dispatchers reuse one channel (and its open connections) instead of one per thread.
TEST_F(DispatcherTest, ThreadsShareTheSendersChannels) {
  Campaign(40, 10, Millis(0));
  int made = 0;
  auto make = options_.make_channel;
  options_.make_channel = [&made, make](const Sender& s) {
    ++made;
    return make(s);
  };
  SenderLimits limits(clock_);
  ChannelPool pool;
  Dispatcher a(*store_, clock_, limits, options_, nullptr, nullptr, &pool);
  Dispatcher b(*store_, clock_, limits, options_, nullptr, nullptr, &pool);
  std::atomic<bool> stop{false};
  int ranges = 0;
  for (; ranges < 100; ++ranges) {
    ASSERT_TRUE(Scheduler(*store_, *store_, clock_, options_).RunPass().ok());
    auto lease = store_->ClaimRange("w", clock_.Now(), options_.lease_ttl);
    if (!lease->has_value()) break;
    EXPECT_TRUE((ranges % 2 == 0 ? a : b).ProcessRange(**lease, stop).ok());
  }
  EXPECT_GE(ranges, 2);
  EXPECT_EQ(sent_.size(), 40u);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(pool.idle(store_->ListSenders()->front().id), 1u);
}

// A thread waiting for its turn at the sender's in-flight cap holds no channel: it gave its
// channel back before it waited, and takes one again once it has permits.
TEST_F(DispatcherTest, AThreadWaitingForPermitsHoldsNoChannel) {
  auto id = Campaign(5, 5, Millis(0));
  const int64_t sender = store_->GetCampaign(id)->sender_id;
  ASSERT_TRUE(Scheduler(*store_, *store_, clock_, options_).RunPass().ok());
  SenderLimits limits(clock_);
  InFlightGate& gate = limits.InFlight(sender, "s", concurrency_);
  ASSERT_EQ(gate.Acquire(concurrency_, concurrency_), concurrency_);  // another thread's turn
  ChannelPool pool;
  Dispatcher d(*store_, clock_, limits, options_, nullptr, nullptr, &pool);
  std::atomic<bool> stop{false};
  auto lease = **store_->ClaimRange("w", clock_.Now(), options_.lease_ttl);
  Status processed;
  std::thread worker([&] { processed = d.ProcessRange(lease, stop); });
  while (gate.waiting() == 0) std::this_thread::yield();
  EXPECT_EQ(pool.idle(sender), 1u) << "the waiting thread gave its channel back";
  gate.Release(concurrency_);
  worker.join();
  EXPECT_TRUE(processed.ok()) << processed.ToString();
  EXPECT_EQ(sent_.size(), 5u);
  EXPECT_EQ(pool.idle(sender), 1u);
}

TEST_F(DispatcherTest, LostLeaseStopsTheWorkerWithoutWriting) {
  auto id = Campaign(10, 10, Millis(0));
  Scheduler(*store_, *store_, clock_, options_).RunPass().status();
  auto lease = **store_->ClaimRange("old", clock_.Now(), options_.lease_ttl);
  clock_.Advance(options_.lease_ttl + Millis(1));
  ASSERT_TRUE(store_->RescueExpiredLeases(clock_.Now(), 5).ok());
  auto other = **store_->ClaimRange("new", clock_.Now(), options_.lease_ttl);
  SenderLimits limits(clock_);
  Dispatcher d(*store_, clock_, limits, options_);
  std::atomic<bool> stop{false};
  EXPECT_EQ(d.ProcessRange(lease, stop).code(), StatusCode::kConflict);
  EXPECT_TRUE(sent_.empty());
  EXPECT_EQ(store_->GetCounters(id)->pending, 10);
  (void)other;
}

// RecordOutcomes commits, then its answer is lost (the connection broke after COMMIT), up to
// `lose` times: the worker tries again (recording is idempotent) and must not send those
// messages twice.
class LosesRecordAnswers : public WorkQueueWrapper {
 public:
  LosesRecordAnswers(WorkQueue& target, int lose) : WorkQueueWrapper(target), lose_(lose) {}
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override {
    Status st = WorkQueueWrapper::RecordOutcomes(lease, outcomes, now);
    if (!st.ok() || lost_ >= lose_) return st;
    ++lost_;
    return Status::Transient("the database connection broke during COMMIT");
  }
  const int lose_;
  int lost_ = 0;
};

// The store refuses RecordOutcomes outright (nothing written), `fail` times.
class FailsRecords : public WorkQueueWrapper {
 public:
  FailsRecords(WorkQueue& target, int fail) : WorkQueueWrapper(target), fail_(fail) {}
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override {
    if (failed_ >= fail_) return WorkQueueWrapper::RecordOutcomes(lease, outcomes, now);
    ++failed_;
    return Status::Transient("database is locked");
  }
  const int fail_;
  int failed_ = 0;
};

// The store fails BeginDeliveries once, between two chunks.
class FailsOneBegin : public WorkQueueWrapper {
 public:
  using WorkQueueWrapper::WorkQueueWrapper;
  Result<std::vector<DeliveryTask>> BeginDeliveries(RangeLease& lease, Timestamp now,
                                                    int limit) override {
    if (++calls_ == 2) return Status::Transient("could not connect to the database");
    return WorkQueueWrapper::BeginDeliveries(lease, now, limit);
  }
  int calls_ = 0;
};

TEST_F(DispatcherTest, ALostRecordAnswerSendsNothingTwice) {
  auto id = Campaign(30, 30, Millis(0));
  LosesRecordAnswers faulty(*store_, 2);
  EngineStore stores(faulty, *store_, *store_);
  ASSERT_TRUE(Scheduler(*store_, *store_, clock_, options_).RunPass().ok());
  SenderLimits limits(clock_);
  Dispatcher d(stores, clock_, limits, options_);
  std::atomic<bool> stop{false};
  auto lease = **store_->ClaimRange("w", clock_.Now(), options_.lease_ttl);
  EXPECT_TRUE(d.ProcessRange(lease, stop).ok());
  EXPECT_EQ(faulty.lost_, 2);
  Drain();  // finalises
  std::map<std::string, int> got;
  for (auto& m : sent_) got[m.to]++;
  EXPECT_EQ(got.size(), 30u);
  for (auto& [to, n] : got) EXPECT_EQ(n, 1) << to;
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->sent, 30);
  EXPECT_EQ(k->unknown, 0);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kDone);
}

// The store stays down past every retry: the messages in flight stay in flight, the error
// is returned, and the rescue after the lease expires settles them (unknown under
// at_most_once) instead of sending them again; the rest goes out once.
TEST_F(DispatcherTest, AStoreThatNeverRecordsLeavesTheChunkToTheRescue) {
  auto id = Campaign(20, 20, Millis(0));
  FailsRecords faulty(*store_, 1 + options_.record_retries);
  SenderLimits limits(clock_);
  EXPECT_EQ(ProcessFirstRange(faulty, limits).code(), StatusCode::kTransient);
  const int64_t chunk = static_cast<int64_t>(sent_.size());
  EXPECT_EQ(store_->GetCounters(id)->in_flight, chunk);
  clock_.Advance(options_.lease_ttl + Millis(1));
  Drain();
  EXPECT_EQ(sent_.size(), 20u);
  auto k = *store_->GetCounters(id);
  EXPECT_EQ(k.unknown, chunk);
  EXPECT_EQ(k.sent, 20 - chunk);
}

// A store error between chunks: what was sent is recorded, the range is given back at once
// (no lease left to expire, no rescue counted) and claimed again after the backoff.
TEST_F(DispatcherTest, AStoreErrorBetweenChunksGivesTheRangeBackWithABackoff) {
  auto id = Campaign(20, 20, Millis(0));
  FailsOneBegin faulty(*store_);
  SenderLimits limits(clock_);
  EXPECT_EQ(ProcessFirstRange(faulty, limits).code(), StatusCode::kTransient);
  const int64_t chunk = static_cast<int64_t>(sent_.size());
  ASSERT_GT(chunk, 0);
  auto k = *store_->GetCounters(id);
  EXPECT_EQ(k.sent, chunk);
  EXPECT_EQ(k.in_flight, 0);
  EXPECT_FALSE(store_->ClaimRange("x", clock_.Now(), options_.lease_ttl)->has_value());
  EXPECT_EQ(**store_->NextWakeup(clock_.Now()), clock_.Now() + options_.error_backoff);
  Drain();
  EXPECT_EQ(sent_.size(), 20u);
  EXPECT_EQ(store_->GetCounters(id)->sent, 20);
  const std::vector<CampaignEvent> events = *store_->ListEvents(id, 0, 100);
  for (const auto& e : events) EXPECT_NE(e.kind, "lease_rescued");
}

// A sender whose channel cannot be set up (its outbox cannot be opened, its settings are
// wrong) is paused with an event saying why; no range is parked and the campaign does not
// fail. Once the sender works again, everyone gets the message.
TEST_F(DispatcherTest, AnUnusableSenderIsPausedNotBlamedOnTheMessages) {
  int attempts = 0;
  options_.make_channel = [&](const Sender&) -> Result<std::unique_ptr<Channel>> {
    if (++attempts <= 3) return Status::Unavailable("cannot open outbox /nope/out.jsonl");
    auto ch = std::make_unique<RecordingChannel>();
    ch->sent = &sent_;
    return std::unique_ptr<Channel>(std::move(ch));
  };
  options_.max_rescues = 1;
  auto id = Campaign(10, 5, Millis(0));
  const Timestamp start = clock_.Now();
  Scheduler sched(*store_, *store_, clock_, options_);
  SenderLimits limits(clock_);
  Dispatcher d(*store_, clock_, limits, options_);
  std::atomic<bool> stop{false};
  const auto unfinished = [&] {
    const CampaignStatus status = store_->GetCampaign(id)->status;
    return status == CampaignStatus::kQueued || status == CampaignStatus::kSending;
  };
  for (int guard = 0; guard < 100 && unfinished(); ++guard) {
    ASSERT_TRUE(sched.RunPass().ok());
    auto lease = store_->ClaimRange("w", clock_.Now(), options_.lease_ttl);
    if (lease.ok() && lease->has_value()) {
      (void)d.ProcessRange(**lease, stop);  // fails while the channel cannot be made
      continue;
    }
    auto next = store_->NextWakeup(clock_.Now());
    if (!next->has_value()) break;
    clock_.Set(**next);
  }
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kDone);
  EXPECT_EQ(sent_.size(), 10u);
  EXPECT_GE(clock_.Now() - start, 3 * options_.sender_block_pause) << "paused after each failure";
  int unusable = 0;
  const std::vector<CampaignEvent> events = *store_->ListEvents(id, 0, 100);
  for (const auto& e : events) {
    EXPECT_NE(e.kind, "range_parked");
    if (e.kind == "sender_unusable") {
      ++unusable;
      EXPECT_NE(e.message.find("cannot open outbox /nope/out.jsonl"), std::string::npos)
          << e.message;
    }
  }
  EXPECT_EQ(unusable, 3);
}

// Another process saw the provider's Retry-After and paused the sender: this worker sends
// nothing more after the chunk it is in, and the rest goes once the pause is over.
TEST_F(DispatcherTest, ASenderPausedElsewhereStopsThisWorkerWithinOneChunk) {
  auto id = Campaign(50, 50, Millis(0));
  const int64_t sender = store_->GetCampaign(id)->sender_id;
  const Timestamp pause_end = clock_.Now() + Millis(60'000);
  bool paused = false;
  int before_pause_end = 0;
  answer_ = [&](const OutgoingMessage&) {
    if (!paused) {
      paused = true;
      EXPECT_TRUE(store_->PauseSender(sender, pause_end).ok());
    }
    if (clock_.Now() < pause_end) ++before_pause_end;
    return SendResult{SendOutcome::kSent, "id", "", {}, false};
  };
  Drain();
  const int chunk = std::max(1, 10 / std::max(1, options_.concurrency));
  EXPECT_EQ(before_pause_end, chunk);
  EXPECT_EQ(sent_.size(), 50u);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kDone);
}

// Counts the loads of attachments' bytes (the big part of a cached campaign).
class AttachmentLoads : public CampaignStoreWrapper {
 public:
  using CampaignStoreWrapper::CampaignStoreWrapper;
  Result<std::vector<Attachment>> GetAttachments(int64_t campaign_id) override {
    ++loads;
    return CampaignStoreWrapper::GetAttachments(campaign_id);
  }
  int loads = 0;
};

// A long-running worker keeps only the few campaigns it worked last: one that sent six
// campaigns with attachments, in turns, loads them again rather than holding all six.
TEST_F(DispatcherTest, OnlyTheLastFewCampaignsStayLoaded) {
  constexpr int kCampaigns = static_cast<int>(Dispatcher::kCachedCampaigns) + 2;
  Sender s;
  s.name = "s";
  s.kind = ChannelKind::kSandbox;
  const int64_t sid = *store_->CreateSender(s);
  auto list = *store_->EnsureList("L", clock_.Now());
  std::vector<ContactRecord> rows = {{"a@x.com", "", "A", "{}"}, {"b@x.com", "", "B", "{}"}};
  ASSERT_TRUE(store_->ImportContacts(list.id, rows, clock_.Now()).ok());
  for (int i = 0; i < kCampaigns; ++i) {
    pregon::Campaign c;
    c.name = "c" + std::to_string(i);
    c.sender_id = sid;
    c.list_id = list.id;
    c.text_body = "hi";
    c.throttle.batch_size = 1;  // two batches each, a minute apart: the campaigns take turns
    c.throttle.batch_pause = Millis(60'000);
    c.attachments = {{"f" + std::to_string(i) + ".txt", "text/plain", 5, "bytes"}};
    auto id = *store_->CreateCampaign(c, clock_.Now());
    ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
  }
  AttachmentLoads campaigns(*store_);
  Scheduler sched(*store_, *store_, clock_, options_);
  SenderLimits limits(clock_);
  Dispatcher d(EngineStore(*store_, campaigns, *store_), clock_, limits, options_);
  std::atomic<bool> stop{false};
  for (int guard = 0; guard < 100; ++guard) {
    ASSERT_TRUE(sched.RunPass().ok());
    auto lease = store_->ClaimRange("t", clock_.Now(), options_.lease_ttl);
    if (lease.ok() && lease->has_value()) {
      ASSERT_TRUE(d.ProcessRange(**lease, stop).ok());
      continue;
    }
    auto next = store_->NextWakeup(clock_.Now());
    if (!next->has_value()) break;
    clock_.Set(**next);
  }
  ASSERT_EQ(sent_.size(), static_cast<size_t>(2 * kCampaigns));
  for (const auto& m : sent_) {
    ASSERT_NE(m.attachments, nullptr);
    ASSERT_EQ(m.attachments->size(), 1u);
    EXPECT_EQ(m.attachments->front().content, "bytes");  // a reload still carries the bytes
  }
  EXPECT_EQ(campaigns.loads, 2 * kCampaigns);  // each second batch found its campaign dropped
}

}  // namespace
}  // namespace pregon

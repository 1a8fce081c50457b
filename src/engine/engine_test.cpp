// The engine's parts with a FakeClock: a 12-minute pause is tested in microseconds.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "engine/dispatcher.h"
#include "engine/message_renderer.h"
#include "engine/retry_policy.h"
#include "engine/scheduler.h"
#include "engine/token_bucket.h"
#include "store/forwarding.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

// A channel that records what it was asked to send and answers from a script.
class RecordingChannel : public Channel {
 public:
  std::vector<OutgoingMessage>* sent;
  std::function<SendResult(const OutgoingMessage&)> answer;
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> msgs) override {
    std::vector<SendResult> out;
    for (const auto& m : msgs) {
      sent->push_back(m);
      out.push_back(answer ? answer(m) : SendResult{SendOutcome::kSent, "id", "", {}, false});
    }
    return out;
  }
};

TEST(MessageRenderer, PersonalisesAndEscapesOnlyHtml) {
  Campaign c;
  c.id = 3;
  c.subject = "Hola {{name}}";
  c.text_body = "{{name}} de {{Ciudad}}";
  c.html_body = "<p>{{name}} de {{Ciudad}}</p>";
  MessageRenderer r(c);
  DeliveryTask t;
  t.delivery_id = 9;
  t.address = "a@x.com";
  t.name = "Ana <b>& \"Co\"";
  t.fields_json = R"({"Ciudad":"Viña del Mar"})";
  auto m = r.Render(t);
  EXPECT_EQ(m.subject, "Hola Ana <b>& \"Co\"");
  EXPECT_EQ(m.text, "Ana <b>& \"Co\" de Viña del Mar");
  EXPECT_EQ(m.html, "<p>Ana &lt;b&gt;&amp; &quot;Co&quot; de Viña del Mar</p>");
  EXPECT_EQ(m.to, "a@x.com");
  EXPECT_EQ(m.campaign_id, 3);
  EXPECT_EQ(m.delivery_id, 9);
  EXPECT_EQ(m.idempotency_key, "pregon-3-9");
}

TEST(MessageRenderer, MalformedFieldsRenderEmpty) {
  Campaign c;
  c.text_body = "[{{Ciudad}}]";
  DeliveryTask t;
  t.fields_json = "{not json";
  EXPECT_EQ(MessageRenderer(c).Render(t).text, "[]");
}

TEST(RetryPolicy, BackoffDoublesWithinJitterAndCaps) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.2}, 1);
  for (int i = 0; i < 50; ++i) {
    auto b1 = p.Backoff(1), b3 = p.Backoff(3), b9 = p.Backoff(9);
    EXPECT_GE(b1, Millis(800));
    EXPECT_LE(b1, Millis(1200));
    EXPECT_GE(b3, Millis(3200));
    EXPECT_LE(b3, Millis(4800));
    EXPECT_LE(b9, Millis(12'000));
    EXPECT_GE(b9, Millis(8'000));
  }
}

TEST(RetryPolicy, ClassifiesEachOutcome) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.0}, 1);
  Timestamp now = FromUnixMillis(1'000'000);
  DeliveryTask t;
  t.delivery_id = 1;
  t.attempts = 1;
  EXPECT_EQ(p.Decide(t, {SendOutcome::kSent, "pid", "", {}, false}, 5, now).status,
            DeliveryStatus::kSent);
  EXPECT_EQ(p.Decide(t, {SendOutcome::kPermanent, "", "400", {}, false}, 5, now).status,
            DeliveryStatus::kFailed);
  EXPECT_EQ(p.Decide(t, {SendOutcome::kUnavailable, "", "403", {}, false}, 5, now).status,
            DeliveryStatus::kUnavailable);
  auto retry = p.Decide(t, {SendOutcome::kTransient, "", "503", {}, false}, 5, now);
  EXPECT_EQ(retry.status, DeliveryStatus::kPending);
  EXPECT_EQ(retry.retry_at, now + Millis(1000));
  // The provider's retry_after wins when longer.
  auto throttled = p.Decide(t, {SendOutcome::kTransient, "", "429", Millis(7000), false}, 5, now);
  EXPECT_EQ(throttled.retry_at, now + Millis(7000));
  EXPECT_FALSE(throttled.attempt_not_counted) << "a 503 with Retry-After is still an attempt";
  t.attempts = 5;
  auto gave_up = p.Decide(t, {SendOutcome::kTransient, "", "HTTP 503", {}, false}, 5, now);
  EXPECT_EQ(gave_up.status, DeliveryStatus::kFailed);
  EXPECT_EQ(gave_up.error, "gave up after 5 attempts: HTTP 503");
}

TEST(TokenBucket, HoldsTheRateOnAFakeClock) {
  FakeClock clock;
  TokenBucket bucket(clock, 200, 1);
  Timestamp start = clock.Now();
  int taken = 0;
  while (taken < 2000) taken += bucket.Acquire(50);
  // 2000 messages at 200/s, burst 1: the first is free, the rest take 1999/200 s.
  auto elapsed = clock.Now() - start;
  EXPECT_GE(elapsed, Millis(9990));
  EXPECT_LE(elapsed, Millis(10'010));
}

TEST(TokenBucket, BurstAndReturn) {
  FakeClock clock;
  TokenBucket bucket(clock, 10, 5);
  EXPECT_EQ(bucket.Acquire(100), 5);
  bucket.Return(3);
  EXPECT_EQ(bucket.Acquire(100), 3);
  TokenBucket unlimited(clock, 0, 0);
  EXPECT_EQ(unlimited.Acquire(1000), 1000);
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::NewTempSqliteStore();
    options_.make_channel = [this](const Sender&) -> Result<std::unique_ptr<Channel>> {
      auto ch = std::make_unique<RecordingChannel>();
      ch->sent = &sent_;
      ch->answer = answer_;
      return std::unique_ptr<Channel>(std::move(ch));
    };
  }

  int64_t Campaign(int n, int batch, Millis pause, double rate = 0, SendWindow window = {},
                   int max_attempts = 0) {
    Sender s;
    s.name = "s";
    s.kind = ChannelKind::kSandbox;
    s.concurrency = 10;
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

  FakeClock clock_;
  EngineOptions options_;
  std::unique_ptr<Store> store_;
  std::vector<OutgoingMessage> sent_;
  std::function<SendResult(const OutgoingMessage&)> answer_;
};

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

// A throttle or a blocked sender is not an attempt: even at the last attempt the message
// waits for the sender's pause instead of failing.
TEST(RetryPolicy, ThrottlesAndSenderBlocksNeverUseUpTheAttempts) {
  RetryPolicy p({Millis(1000), Millis(10'000), 0.0}, 1);
  Timestamp now = FromUnixMillis(1'000'000);
  DeliveryTask t;
  t.delivery_id = 1;
  t.attempts = 3;
  SendResult throttle{SendOutcome::kTransient, "", "HTTP 429", Millis(2000), false};
  throttle.throttled = true;
  auto o = p.Decide(t, throttle, 3, now);
  EXPECT_EQ(o.status, DeliveryStatus::kPending);
  EXPECT_TRUE(o.attempt_not_counted);
  EXPECT_EQ(o.retry_at, now + Millis(2000));
  auto blocked = p.Decide(t, {SendOutcome::kTransient, "", "HTTP 402", {}, true}, 3, now);
  EXPECT_EQ(blocked.status, DeliveryStatus::kPending);
  EXPECT_TRUE(blocked.attempt_not_counted);
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

// RecordOutcomes commits, then its answer is lost (the connection broke after COMMIT): the
// worker must not send those messages again — the outcomes are in the store, and the range
// is picked up after its lease expires with nothing in flight.
class LosesOneRecordAnswer : public WorkQueueWrapper {
 public:
  using WorkQueueWrapper::WorkQueueWrapper;
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override {
    Status st = WorkQueueWrapper::RecordOutcomes(lease, outcomes, now);
    if (!st.ok() || lost_ > 0) return st;
    ++lost_;
    return Status::Transient("the database connection broke during COMMIT");
  }
  int lost_ = 0;
};

TEST_F(DispatcherTest, ALostRecordAnswerSendsNothingTwice) {
  auto id = Campaign(30, 30, Millis(0));
  LosesOneRecordAnswer faulty(*store_);
  EngineStore stores(faulty, *store_, *store_);
  ASSERT_TRUE(Scheduler(*store_, *store_, clock_, options_).RunPass().ok());
  SenderLimits limits(clock_);
  Dispatcher d(stores, clock_, limits, options_);
  std::atomic<bool> stop{false};
  auto lease = **store_->ClaimRange("w", clock_.Now(), options_.lease_ttl);
  EXPECT_EQ(d.ProcessRange(lease, stop).code(), StatusCode::kTransient);
  EXPECT_EQ(faulty.lost_, 1);
  const size_t sent_before_rescue = sent_.size();
  ASSERT_GT(sent_before_rescue, 0u);
  // The lease runs out; the range is rescued and finished by a worker whose store answers.
  clock_.Advance(options_.lease_ttl + Millis(1));
  Drain();
  std::map<std::string, int> got;
  for (auto& m : sent_) got[m.to]++;
  EXPECT_EQ(got.size(), 30u);
  for (auto& [to, n] : got) EXPECT_EQ(n, 1) << to;
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->sent, 30);
  EXPECT_EQ(k->unknown, 0);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kDone);
}

// Engine::Run on a FakeClock: the control loop sleeps until the campaign's scheduled time
// (an hour of fake time) and, woken by the clock alone, starts it; a worker sends everyone.
// No real sleep: the fake hour passes in one Advance.
class SharedRecordingChannel : public Channel {
 public:
  struct Log {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::string> to;
    bool AwaitCount(size_t n) {
      std::unique_lock lock(mu);
      return cv.wait_for(lock, std::chrono::seconds(30), [&] { return to.size() >= n; });
    }
  };
  explicit SharedRecordingChannel(Log& log) : log_(log) {}
  std::vector<SendResult> SendBatch(std::span<const OutgoingMessage> msgs) override {
    std::vector<SendResult> out;
    {
      std::lock_guard lock(log_.mu);
      for (const auto& m : msgs) {
        log_.to.push_back(m.to);
        out.push_back(SendResult{SendOutcome::kSent, "id", "", {}, false});
      }
    }
    log_.cv.notify_all();
    return out;
  }

 private:
  Log& log_;
};

TEST(EngineRun, WakesOnTheFakeClockForAScheduledCampaignAndSendsIt) {
  auto store = testing::NewTempSqliteStore();
  FakeClock clock;
  const Timestamp start = clock.Now();
  Sender sender;
  sender.name = "s";
  sender.kind = ChannelKind::kSandbox;
  const int64_t sid = *store->CreateSender(sender);
  auto list = *store->EnsureList("L", start);
  std::vector<ContactRecord> rows;
  for (int i = 0; i < 25; ++i) rows.push_back({"c" + std::to_string(i) + "@x.com", "", "C", "{}"});
  ASSERT_TRUE(store->ImportContacts(list.id, rows, start).ok());
  Campaign c;
  c.name = "c";
  c.sender_id = sid;
  c.list_id = list.id;
  c.text_body = "hi";
  c.throttle.batch_size = 10;
  c.scheduled_at = start + Millis(3'600'000);
  const int64_t id = *store->CreateCampaign(c, start);
  ASSERT_TRUE(store->ApplyCampaignAction(id, CampaignAction::kSchedule, start).ok());

  SharedRecordingChannel::Log log;
  EngineOptions options;
  options.concurrency = 1;
  options.poll_interval = Millis(7'200'000);  // longer than the wait: only the due time wakes it
  options.make_channel = [&log](const Sender&) -> Result<std::unique_ptr<Channel>> {
    return std::unique_ptr<Channel>(std::make_unique<SharedRecordingChannel>(log));
  };
  Engine engine(*store, clock, options);
  Status result = Status::Internal("not run");
  std::thread runner([&] { result = engine.Run(); });
  // The lease keeper, the worker and the control loop all wait on the fake clock.
  ASSERT_TRUE(clock.WaitForWaiters(3));
  EXPECT_EQ(store->GetCampaign(id)->status, CampaignStatus::kScheduled);
  clock.Advance(Millis(3'600'000));
  EXPECT_TRUE(log.AwaitCount(25));
  engine.RequestStop();
  runner.join();
  EXPECT_TRUE(result.ok()) << result.ToString();
  auto done = store->GetCampaign(id);
  EXPECT_EQ(done->status, CampaignStatus::kDone);
  ASSERT_TRUE(done->started_at.has_value());
  EXPECT_EQ(*done->started_at, start + Millis(3'600'000));
  EXPECT_EQ(store->GetCounters(id)->sent, 25);
  std::set<std::string> to(log.to.begin(), log.to.end());
  EXPECT_EQ(to.size(), 25u);
}

}  // namespace
}  // namespace pregon

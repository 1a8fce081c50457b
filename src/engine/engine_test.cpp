#include "engine/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "store/forwarding.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

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

// A node that stops gracefully gives its scheduler leadership up, so that in a rolling
// restart another node schedules at once rather than a lease TTL later.
class LeadershipLog : public WorkQueueWrapper {
 public:
  using WorkQueueWrapper::WorkQueueWrapper;
  Status ReleaseSchedulerLeadership(std::string_view owner) override {
    std::lock_guard lock(mu);
    released.emplace_back(owner);
    return WorkQueueWrapper::ReleaseSchedulerLeadership(owner);
  }
  std::mutex mu;
  std::vector<std::string> released;
};

TEST(EngineRun, AGracefulStopGivesTheSchedulerLeadershipUp) {
  auto store = testing::NewTempSqliteStore();
  FakeClock clock;
  LeadershipLog queue(*store);
  EngineOptions options;
  options.concurrency = 1;
  options.owner = "node-a";
  Engine engine(EngineStore(queue, *store, *store), clock, options);
  Status result = Status::Internal("not run");
  std::thread runner([&] { result = engine.Run(); });
  ASSERT_TRUE(clock.WaitForWaiters(3));
  {
    std::lock_guard lock(queue.mu);
    EXPECT_TRUE(queue.released.empty());  // running: it keeps the leadership
  }
  engine.RequestStop();
  runner.join();
  EXPECT_TRUE(result.ok()) << result.ToString();
  EXPECT_EQ(queue.released, std::vector<std::string>{"node-a"});
}

// Background jobs run on their own thread, each when it said it would next be due; one that
// fails is logged and the others go on.
class CountingJob : public BackgroundJob {
 public:
  CountingJob(const Clock& clock, Millis every, bool fail)
      : clock_(clock), every_(every), fail_(fail) {}
  std::string_view name() const override { return "counting"; }
  Result<std::optional<Timestamp>> RunDue() override {
    calls.fetch_add(1);
    if (fail_) return Status::Transient("the store is busy");
    return std::optional<Timestamp>(clock_.Now() + every_);
  }
  // Waits (in real time, generously) until RunDue has been called `n` times.
  bool AwaitCalls(int n) {
    for (int i = 0; i < 20'000 && calls.load() < n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return calls.load() >= n;
  }
  std::atomic<int> calls{0};

 private:
  const Clock& clock_;
  const Millis every_;
  const bool fail_;
};

TEST(EngineRun, BackgroundJobsRunWhenTheySayTheyAreDue) {
  auto store = testing::NewTempSqliteStore();
  FakeClock clock;
  EngineOptions options;
  options.concurrency = 1;
  options.poll_interval = Millis(7'200'000);  // longer than the job's hour
  Engine engine(*store, clock, options);
  CountingJob hourly(clock, Millis(3'600'000), /*fail=*/false);
  CountingJob failing(clock, Millis(0), /*fail=*/true);
  engine.AddJob(failing);
  engine.AddJob(hourly);
  Status result = Status::Internal("not run");
  std::thread runner([&] { result = engine.Run(); });
  // The lease keeper, the worker, the control loop and the jobs thread wait on the clock.
  ASSERT_TRUE(clock.WaitForWaiters(4));
  EXPECT_EQ(hourly.calls.load(), 1);
  clock.Advance(Millis(3'599'000));
  ASSERT_TRUE(clock.WaitForWaiters(4));
  EXPECT_EQ(hourly.calls.load(), 1) << "not due yet";
  clock.Advance(Millis(1'000));
  EXPECT_TRUE(hourly.AwaitCalls(2));
  EXPECT_GE(failing.calls.load(), 2) << "a failing job is tried again";
  engine.RequestStop();
  runner.join();
  EXPECT_TRUE(result.ok()) << result.ToString();
}

}  // namespace
}  // namespace pregon

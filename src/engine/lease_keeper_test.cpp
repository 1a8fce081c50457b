// The lease heartbeat on a FakeClock: renewals come every ttl/3 of fake time, for exactly
// the leases being worked, without a real sleep.
#include "engine/lease_keeper.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/forwarding.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

struct Renewal {
  int64_t range_id;
  Timestamp now;
};

// Records each renewal instead of writing it.
class RecordsRenewals : public WorkQueueWrapper {
 public:
  using WorkQueueWrapper::WorkQueueWrapper;
  Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis) override {
    {
      std::lock_guard lock(mu_);
      renewals_.push_back({lease.range_id, now});
    }
    cv_.notify_all();
    return CampaignStatus::kSending;
  }
  // Waits (real time, bounded) until n renewals were recorded; returns them.
  std::vector<Renewal> AwaitRenewals(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(30), [&] { return renewals_.size() >= n; });
    return renewals_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Renewal> renewals_;
};

RangeLease Lease(int64_t range_id) {
  RangeLease l;
  l.range_id = range_id;
  l.campaign_id = 1;
  return l;
}

TEST(LeaseKeeper, RenewsEveryThirdOfTheTtlOnTheFakeClock) {
  auto store = testing::NewTempSqliteStore();
  RecordsRenewals work(*store);
  FakeClock clock;
  const Timestamp start = clock.Now();
  LeaseKeeper keeper(work, clock, Millis(30'000));
  keeper.Add(Lease(7));
  ASSERT_TRUE(clock.WaitForWaiters(1));
  clock.Advance(Millis(9'999));
  clock.Advance(Millis(1));
  auto first = work.AwaitRenewals(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].range_id, 7);
  // Renewed when the period had passed, not at the 9.999 s advance before it.
  EXPECT_EQ(first[0].now, start + Millis(10'000));
  ASSERT_TRUE(clock.WaitForWaiters(1));
  clock.Advance(Millis(10'000));
  auto second = work.AwaitRenewals(2);
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[1].now, start + Millis(20'000));
}

TEST(LeaseKeeper, ARemovedLeaseIsNoLongerRenewed) {
  auto store = testing::NewTempSqliteStore();
  RecordsRenewals work(*store);
  FakeClock clock;
  LeaseKeeper keeper(work, clock, Millis(30'000));
  const int64_t a = keeper.Add(Lease(1));
  ASSERT_TRUE(clock.WaitForWaiters(1));
  clock.Advance(Millis(10'000));
  ASSERT_EQ(work.AwaitRenewals(1).size(), 1u);
  keeper.Remove(a);
  keeper.Add(Lease(2));
  // Two more periods: only range 2 is renewed in each.
  for (size_t pass = 2; pass <= 3; ++pass) {
    ASSERT_TRUE(clock.WaitForWaiters(1));
    clock.Advance(Millis(10'000));
    ASSERT_EQ(work.AwaitRenewals(pass).size(), pass);
  }
  auto all = work.AwaitRenewals(3);
  EXPECT_EQ(all[0].range_id, 1);
  EXPECT_EQ(all[1].range_id, 2);
  EXPECT_EQ(all[2].range_id, 2);
}

TEST(LeaseKeeper, StopsAtOnceWhileWaitingALongPeriod) {
  auto store = testing::NewTempSqliteStore();
  RecordsRenewals work(*store);
  FakeClock clock;
  {
    LeaseKeeper keeper(work, clock, Millis(3'600'000));
    keeper.Add(Lease(1));
    ASSERT_TRUE(clock.WaitForWaiters(1));
  }  // the destructor returns without the fake hour passing
  EXPECT_TRUE(work.AwaitRenewals(0).empty());
}

}  // namespace
}  // namespace pregon

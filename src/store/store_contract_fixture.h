// The fixture of the Store contract suite (store_contract*_test.cpp): every test runs
// against every backend of TestBackends(). For tests only.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/store_factory.h"
#include "store/store_test_backends.h"

namespace pregon {

class StoreContract : public ::testing::TestWithParam<testing::TestBackend> {
 protected:
  void SetUp() override {
    auto url = GetParam().fresh_url();
    ASSERT_TRUE(url.ok()) << url.status().ToString();
    url_ = *url;
    store_ = OpenOrDie();
    ASSERT_TRUE(store_->Migrate().ok());
  }

  // Another connection to the same database, as a second node would open.
  std::unique_ptr<Store> OpenOrDie() {
    auto s = OpenStore(url_);
    if (!s.ok()) {
      ADD_FAILURE() << s.status().ToString();
      std::abort();
    }
    return std::move(s).value();
  }

  int64_t MakeSender(std::string name = "s1") {
    Sender s;
    s.name = name;
    s.kind = ChannelKind::kSandbox;
    auto id = store_->CreateSender(s);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return *id;
  }

  // A list of n contacts a0@x.com..a{n-1}@x.com.
  int64_t MakeList(int n, std::string name = "L") {
    auto list = store_->EnsureList(name, clock_.Now());
    EXPECT_TRUE(list.ok());
    std::vector<ContactRecord> rows;
    for (int i = 0; i < n; ++i)
      rows.push_back({"a" + std::to_string(i) + "@x.com", "", "N" + std::to_string(i), "{}"});
    EXPECT_TRUE(store_->ImportContacts(list->id, rows, clock_.Now()).ok());
    return list->id;
  }

  // A one-recipient campaign scheduled `in` from now, not yet stored.
  Campaign ScheduledIn(Millis in) {
    Campaign c;
    c.name = "later";
    c.sender_id = MakeSender();
    c.list_id = MakeList(1);
    c.text_body = "x";
    c.status = CampaignStatus::kScheduled;
    c.scheduled_at = clock_.Now() + in;
    return c;
  }

  int64_t MakeCampaign(int recipients, int batch, Millis pause = Millis(0),
                       DeliveryGuarantee g = DeliveryGuarantee::kAtMostOnce) {
    Campaign c;
    c.name = "c";
    c.sender_id = MakeSender("s" + std::to_string(next_++));
    c.list_id = MakeList(recipients, "L" + std::to_string(next_++));
    c.text_body = "hi";
    c.throttle.batch_size = batch;
    c.throttle.batch_pause = pause;
    c.guarantee = g;
    auto id = store_->CreateCampaign(c, clock_.Now());
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return *id;
  }

  int64_t StartedCampaign(int recipients, int batch, Millis pause = Millis(0),
                          DeliveryGuarantee g = DeliveryGuarantee::kAtMostOnce) {
    auto id = MakeCampaign(recipients, batch, pause, g);
    EXPECT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
    EXPECT_TRUE(store_->StartCampaign(id, clock_.Now()).ok());
    return id;
  }

  RangeLease Claim(std::string owner = "w1") {
    auto l = store_->ClaimRange(owner, clock_.Now(), ttl_);
    EXPECT_TRUE(l.ok()) << l.status().ToString();
    EXPECT_TRUE(l->has_value()) << "no range was claimable";
    return l->value_or(RangeLease{});
  }

  // Sends every delivery of a lease with one outcome status.
  void SendAll(RangeLease lease, DeliveryStatus status = DeliveryStatus::kSent) {
    auto tasks = store_->BeginDeliveries(lease, clock_.Now(), 10'000);
    ASSERT_TRUE(tasks.ok());
    std::vector<DeliveryOutcome> out;
    for (auto& t : *tasks) out.push_back({t.delivery_id, status, "p", "", {}});
    ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  }

  void ExpectConsistent(int64_t id, int64_t total) {
    auto c = store_->GetCounters(id);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->total(), total);
  }

  FakeClock clock_;
  Millis ttl_{30'000};
  std::string url_;
  std::unique_ptr<Store> store_;
  int next_ = 0;
};

}  // namespace pregon

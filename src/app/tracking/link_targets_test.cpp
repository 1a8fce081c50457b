#include "app/tracking/link_targets.h"

#include <gtest/gtest.h>

#include "store/forwarding.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

struct CountingReads : TrackingStoreWrapper {
  using TrackingStoreWrapper::TrackingStoreWrapper;
  Result<std::vector<CampaignLink>> ListCampaignLinks(int64_t id) override {
    ++reads;
    return TrackingStoreWrapper::ListCampaignLinks(id);
  }
  int reads = 0;
};

int64_t NewCampaign(Store& store, FakeClock& clock, const std::string& name) {
  Sender s;
  s.name = name;
  s.kind = ChannelKind::kSandbox;
  Campaign c;
  c.name = name;
  c.sender_id = store.CreateSender(s).value();
  c.list_id = store.EnsureList(name, clock.Now())->id;
  c.text_body = "hi";
  return store.CreateCampaign(c, clock.Now()).value();
}

TEST(LinkTargets, FindsStoredUrlsAndReadsEachTableOnce) {
  FakeClock clock;
  auto store = testing::NewTempSqliteStore();
  const int64_t a = NewCampaign(*store, clock, "a"), b = NewCampaign(*store, clock, "b");
  ASSERT_TRUE(
      store->SaveCampaignLinks(a, std::vector<std::string>{"https://a/1", "https://a/2"}).ok());
  ASSERT_TRUE(store->SaveCampaignLinks(b, std::vector<std::string>{"https://b/1"}).ok());
  CountingReads reads(*store);
  LinkTargets targets(reads, /*max_campaigns=*/1);
  EXPECT_EQ(**targets.Find(a, 2), "https://a/2");
  EXPECT_EQ(**targets.Find(a, 1), "https://a/1");
  EXPECT_EQ(reads.reads, 1);
  EXPECT_FALSE(targets.Find(a, 0)->has_value());
  EXPECT_FALSE(targets.Find(a, 3)->has_value()) << "beyond the table: no redirect";
  EXPECT_EQ(**targets.Find(b, 1), "https://b/1");  // a is dropped: one table at most
  EXPECT_EQ(**targets.Find(a, 1), "https://a/1");
  EXPECT_EQ(reads.reads, 4);
  EXPECT_FALSE(targets.Find(999, 1)->has_value());
}

}  // namespace
}  // namespace pregon

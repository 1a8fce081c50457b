#include "http/api/progress_stream.h"

#include <gtest/gtest.h>

#include "store/store_testing.h"

namespace pregon::http {
namespace {

class ProgressStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Sender s;
    s.name = "s";
    ASSERT_TRUE(store_->CreateSender(s).ok());
    auto list = store_->EnsureList("L", clock_.Now());
    std::vector<ContactRecord> rows = {{"a@x.com", "", "A", "{}"}, {"b@x.com", "", "B", "{}"}};
    ASSERT_TRUE(store_->ImportContacts(list->id, rows, clock_.Now()).ok());
    Campaign c;
    c.name = "c";
    c.sender_id = 1;
    c.list_id = list->id;
    c.text_body = "hi";
    id_ = *store_->CreateCampaign(c, clock_.Now());
  }
  static int Count(const std::string& text, const std::string& what) {
    int n = 0;
    for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
      ++n;
    return n;
  }
  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  int64_t id_ = 0;
};

TEST_F(ProgressStreamTest, SendsProgressOnChangeLogOnceAndEndsWhenFinal) {
  ProgressStream stream(*store_, id_, 0);
  auto first = stream.Poll();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Count(*first, "event: progress\n"), 1);
  EXPECT_EQ(Count(*first, "event: log\n"), 1);  // "created"
  EXPECT_NE(first->find("\"status\":\"draft\""), std::string::npos);
  EXPECT_EQ(*stream.Poll(), "") << "nothing changed";

  ASSERT_TRUE(store_->ApplyCampaignAction(id_, CampaignAction::kSend, clock_.Now()).ok());
  ASSERT_TRUE(store_->StartCampaign(id_, clock_.Now()).ok());
  auto started = *stream.Poll();
  EXPECT_EQ(Count(started, "event: log\n"), 2);  // send, started
  EXPECT_NE(started.find("\"pending\":2"), std::string::npos);
  EXPECT_FALSE(stream.finished());

  auto lease = **store_->ClaimRange("w", clock_.Now(), Millis(30'000));
  auto tasks = *store_->BeginDeliveries(lease, clock_.Now(), 10);
  std::vector<DeliveryOutcome> out;
  for (auto& t : tasks) out.push_back({t.delivery_id, DeliveryStatus::kSent, "p", "", {}});
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  ASSERT_TRUE(store_->ReleaseRange(lease, clock_.Now()).ok());
  ASSERT_TRUE(store_->FinalizeCampaigns(clock_.Now()).ok());
  auto last = *stream.Poll();
  EXPECT_NE(last.find("\"sent\":2"), std::string::npos);
  EXPECT_NE(last.find("event: end\ndata: {\"status\":\"done\"}\n\n"), std::string::npos);
  EXPECT_LT(last.find("event: progress"), last.find("event: end"))
      << "the final state comes before the end";
  EXPECT_TRUE(stream.finished());
  EXPECT_EQ(*stream.Poll(), "");
}

TEST_F(ProgressStreamTest, ResumesTheLogAfterLastEventIdAndTagsProgressWithIt) {
  ASSERT_TRUE(store_->AppendEvent(id_, clock_.Now(), "note", "second").ok());
  auto all = *store_->ListEvents(id_, 0, 10);
  ASSERT_EQ(all.size(), 2u);
  ProgressStream stream(*store_, id_, all[0].id);
  auto text = *stream.Poll();
  EXPECT_EQ(Count(text, "event: log\n"), 1);
  EXPECT_NE(text.find("\"message\":\"second\""), std::string::npos);
  EXPECT_NE(text.find("id: " + std::to_string(all[1].id) + "\nevent: progress"), std::string::npos);
}

TEST_F(ProgressStreamTest, UnknownCampaignIsAnError) {
  ProgressStream stream(*store_, 999, 0);
  EXPECT_EQ(stream.Poll().status().code(), StatusCode::kNotFound);
}

TEST(Sse, EventFormat) {
  EXPECT_EQ(FormatSseEvent("log", "{}", 3), "id: 3\nevent: log\ndata: {}\n\n");
  EXPECT_EQ(FormatSseEvent("end", "{}", std::nullopt), "event: end\ndata: {}\n\n");
}

}  // namespace
}  // namespace pregon::http

#include "app/tracking/hit_recorder.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace pregon {
namespace {

// Records the batches written; send times from `sent`.
class RecordingTrackingStore final : public TrackingStore {
 public:
  Status SaveCampaignLinks(int64_t, std::span<const std::string>) override { return {}; }
  Result<std::vector<CampaignLink>> ListCampaignLinks(int64_t) override {
    return std::vector<CampaignLink>{};
  }
  Result<std::unordered_map<int64_t, Timestamp>> SentTimes(std::span<const int64_t> ids) override {
    ++sent_time_reads;
    std::unordered_map<int64_t, Timestamp> out;
    for (int64_t id : ids)
      if (sent.count(id)) out[id] = sent[id];
    return out;
  }
  Status RecordHits(std::span<const TrackingHit> hits) override {
    if (fail) return Status::Transient("database is locked");
    batches.emplace_back(hits.begin(), hits.end());
    return {};
  }
  Status MarkUnsubscribed(int64_t, Timestamp) override { return {}; }
  Result<bool> RecordFeedback(const MailFeedback&) override { return true; }
  Result<int64_t> CountFeedback(std::string_view, FeedbackType, std::optional<Timestamp>) override {
    return int64_t{0};
  }
  Result<std::vector<DeliveryEngagement>> ListEngagement(const EngagementQuery&) override {
    return std::vector<DeliveryEngagement>{};
  }
  Result<EngagementSummary> GetEngagementSummary(int64_t) override { return EngagementSummary{}; }
  Result<std::vector<EngagementHour>> ListEngagementHours(int64_t) override {
    return std::vector<EngagementHour>{};
  }

  std::map<int64_t, Timestamp> sent;
  std::vector<std::vector<TrackingHit>> batches;
  int sent_time_reads = 0;
  bool fail = false;
};

class HitRecorderTest : public ::testing::Test {
 protected:
  TrackingHit Click(int64_t delivery, int64_t link, Millis after_start) {
    return TrackingHit{HitKind::kClick,     1, delivery, link, HitVerdict::kHuman,
                       start_ + after_start};
  }
  TrackingHit Open(int64_t delivery, Millis after_start) {
    return TrackingHit{HitKind::kOpen, 1, delivery, 0, HitVerdict::kHuman, start_ + after_start};
  }

  FakeClock clock_;
  Timestamp start_ = clock_.Now();
  RecordingTrackingStore store_;
};

TEST_F(HitRecorderTest, HoldsHitsForTheBurstWindowThenWritesThemInOneBatch) {
  HitRecorder recorder(store_, clock_);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(recorder.Add(Open(i, Millis(0))));
  EXPECT_EQ(*recorder.Flush(), 0u) << "younger than the burst window";
  clock_.Advance(Millis(2000));
  EXPECT_EQ(*recorder.Flush(), 100u);
  ASSERT_EQ(store_.batches.size(), 1u) << "one transaction, not one per hit";
  EXPECT_EQ(store_.batches[0].size(), 100u);
  EXPECT_EQ(store_.sent_time_reads, 1);
  EXPECT_EQ(recorder.pending(), 0u);
  EXPECT_EQ(recorder.written(HitKind::kOpen, HitVerdict::kHuman), 100u);
  EXPECT_EQ(recorder.written(HitKind::kClick, HitVerdict::kHuman), 0u);
}

TEST_F(HitRecorderTest, JudgesBurstsAndTooSoonHitsBeforeWriting) {
  store_.sent[1] = start_;
  store_.sent[2] = start_ - Millis(3'600'000);
  store_.sent[3] = start_ - Millis(3'600'000);
  HitRecorder recorder(store_, clock_);
  recorder.Add(Open(1, Millis(500)));  // half a second after its send
  recorder.Add(Click(2, 1, Millis(0)));
  recorder.Add(Click(2, 2, Millis(400)));  // a second link 0.4 s later: a scanner
  recorder.Add(Click(3, 1, Millis(0)));    // one click an hour later: a person
  clock_.Advance(Millis(1'900));
  recorder.Add(Click(2, 3, Millis(1'900)));  // not ripe, but part of the burst: taken along
  clock_.Advance(Millis(600));
  ASSERT_TRUE(recorder.Flush().ok());
  std::map<std::pair<int64_t, int64_t>, HitVerdict> verdicts;
  for (const auto& batch : store_.batches)
    for (const TrackingHit& h : batch) verdicts[{h.delivery_id, h.link_id}] = h.verdict;
  EXPECT_EQ(verdicts.size(), 5u);
  EXPECT_EQ((verdicts[{1, 0}]), HitVerdict::kScanner);
  EXPECT_EQ((verdicts[{2, 1}]), HitVerdict::kScanner);
  EXPECT_EQ((verdicts[{2, 2}]), HitVerdict::kScanner);
  EXPECT_EQ((verdicts[{2, 3}]), HitVerdict::kScanner);
  EXPECT_EQ((verdicts[{3, 1}]), HitVerdict::kHuman);
}

TEST_F(HitRecorderTest, AFullQueueDropsAndCountsInsteadOfGrowing) {
  HitRecorderOptions options;
  options.max_pending = 3;
  HitRecorder recorder(store_, clock_, options);
  for (int i = 0; i < 5; ++i) recorder.Add(Open(i, Millis(0)));
  EXPECT_EQ(recorder.pending(), 3u);
  EXPECT_EQ(recorder.dropped(), 2u);
}

TEST_F(HitRecorderTest, AStoreErrorDropsTheBatchAndLaterOnesStillGoThrough) {
  HitRecorder recorder(store_, clock_);
  recorder.Add(Open(1, Millis(0)));
  store_.fail = true;
  EXPECT_FALSE(recorder.Flush(/*all=*/true).ok());
  EXPECT_EQ(recorder.pending(), 0u);
  store_.fail = false;
  recorder.Add(Open(2, Millis(0)));
  EXPECT_EQ(*recorder.Flush(/*all=*/true), 1u);
}

TEST_F(HitRecorderTest, StopWritesEverythingLeft) {
  {
    HitRecorder recorder(store_, clock_);
    recorder.Start();
    recorder.Add(Open(1, Millis(0)));
    recorder.Add(Click(1, 1, Millis(0)));
  }  // destroyed: stopped
  size_t written = 0;
  for (const auto& b : store_.batches) written += b.size();
  EXPECT_EQ(written, 2u);
}

}  // namespace
}  // namespace pregon

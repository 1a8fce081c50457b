// The Store contract, continued: pregon's own tracking — link tables, batches of judged hits,
// unsubscribes by link and the engagement reads. Instantiated for every backend by
// store_contract_test.cpp (one suite, StoreContract).
#include <gtest/gtest.h>

#include <vector>

#include "store/store_contract_fixture.h"

namespace pregon {
namespace {

TEST_P(StoreContract, CampaignLinksAreSavedOnceAndListedInOrder) {
  const int64_t id = MakeCampaign(1, 1);
  const std::vector<std::string> urls = {"https://a.example/x?y=1&z=2", "https://b.example/"};
  ASSERT_TRUE(store_->SaveCampaignLinks(id, urls).ok());
  // A second worker saving the same table (or a longer one) changes nothing stored.
  const std::vector<std::string> other = {"https://evil.example/", "https://b.example/"};
  ASSERT_TRUE(store_->SaveCampaignLinks(id, other).ok());
  auto links = store_->ListCampaignLinks(id);
  ASSERT_TRUE(links.ok()) << links.status().ToString();
  ASSERT_EQ(links->size(), 2u);
  EXPECT_EQ((*links)[0].id, 1);
  EXPECT_EQ((*links)[0].url, urls[0]);
  EXPECT_EQ((*links)[1].id, 2);
  EXPECT_EQ((*links)[1].url, urls[1]);
  EXPECT_EQ(store_->SaveCampaignLinks(987654, urls).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->ListCampaignLinks(987654)->empty());
}

TEST_P(StoreContract, ACampaignKeepsItsTrackingSetting) {
  const int64_t id = MakeCampaign(1, 1);
  EXPECT_EQ(store_->GetCampaign(id)->tracking, CampaignTracking::kPregon);  // the default
  Campaign c = *store_->GetCampaign(id);
  c.tracking = CampaignTracking::kOff;
  ASSERT_TRUE(store_->UpdateCampaign(c, false, clock_.Now()).ok());
  EXPECT_EQ(store_->GetCampaign(id)->tracking, CampaignTracking::kOff);
  c.tracking = CampaignTracking::kProvider;
  c.id = 0;
  auto other = store_->CreateCampaign(c, clock_.Now());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(store_->GetCampaign(*other)->tracking, CampaignTracking::kProvider);
}

TEST_P(StoreContract, HitBatchesCountHumanAndMachineApartPerDeliveryLinkAndHour) {
  const int64_t id = StartedCampaign(3, 3);
  SendAll(Claim());
  auto page = store_->ListDeliveries(DeliveryQuery{.campaign_id = id});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  const int64_t d0 = (*page)[0].id, d1 = (*page)[1].id;
  ASSERT_TRUE(
      store_->SaveCampaignLinks(id, std::vector<std::string>{"https://a/", "https://b/"}).ok());
  const Timestamp t0 = clock_.Now();
  std::vector<TrackingHit> hits = {
      {HitKind::kOpen, id, d0, 0, HitVerdict::kPrivacyProxy, t0},
      {HitKind::kOpen, id, d0, 0, HitVerdict::kHuman, t0 + Millis(5000)},
      {HitKind::kOpen, id, d0, 0, HitVerdict::kHuman, t0 + Millis(2000)},
      {HitKind::kClick, id, d0, 1, HitVerdict::kHuman, t0 + Millis(7000)},
      {HitKind::kClick, id, d1, 1, HitVerdict::kScanner, t0},
      {HitKind::kClick, id, d1, 2, HitVerdict::kScanner, t0},
      {HitKind::kClick, id, d1, 0, HitVerdict::kScanner, t0},       // the honeypot
      {HitKind::kOpen, id, 99'999'999, 0, HitVerdict::kHuman, t0},  // no such delivery
  };
  ASSERT_TRUE(store_->RecordHits(hits).ok());
  // A second batch adds to the first; first_*_at keep the earliest.
  std::vector<TrackingHit> more = {
      {HitKind::kOpen, id, d0, 0, HitVerdict::kHuman, t0 + Millis(3'600'000)}};
  ASSERT_TRUE(store_->RecordHits(more).ok());

  auto all = store_->ListEngagement(EngagementQuery{.campaign_id = id});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  const DeliveryEngagement& e0 = (*all)[0];
  EXPECT_EQ(e0.delivery.id, d0);
  EXPECT_EQ(e0.opens, 3);
  EXPECT_EQ(e0.machine_opens, 1);
  ASSERT_TRUE(e0.first_open_at.has_value());
  EXPECT_EQ(*e0.first_open_at, t0 + Millis(2000));
  EXPECT_EQ(e0.clicks, 1);
  EXPECT_EQ(*e0.first_click_at, t0 + Millis(7000));
  const DeliveryEngagement& e1 = (*all)[1];
  EXPECT_EQ(e1.clicks, 0);
  EXPECT_EQ(e1.machine_clicks, 3);
  EXPECT_FALSE(e1.first_click_at.has_value());

  auto links = store_->ListCampaignLinks(id);
  ASSERT_TRUE(links.ok());
  EXPECT_EQ((*links)[0].human_clicks, 1);
  EXPECT_EQ((*links)[0].machine_clicks, 1);
  EXPECT_EQ((*links)[1].human_clicks, 0);
  EXPECT_EQ((*links)[1].machine_clicks, 1);

  auto sum = store_->GetEngagementSummary(id);
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(sum->sent, 3);
  EXPECT_EQ(sum->opened, 1);
  EXPECT_EQ(sum->opened_by_machine_only, 0);
  EXPECT_EQ(sum->opens, 3);
  EXPECT_EQ(sum->machine_opens, 1);
  EXPECT_EQ(sum->clicked, 1);
  EXPECT_EQ(sum->clicked_by_machine_only, 1);
  EXPECT_EQ(sum->clicks, 1);
  EXPECT_EQ(sum->machine_clicks, 3);

  auto hours = store_->ListEngagementHours(id);
  ASSERT_TRUE(hours.ok()) << hours.status().ToString();
  int64_t human_opens_first_hour = 0, human_opens_later = 0, scanner_clicks = 0;
  for (const EngagementHour& h : *hours) {
    EXPECT_EQ(ToUnixMillis(h.hour) % 3'600'000, 0);
    if (h.kind == HitKind::kOpen && h.verdict == HitVerdict::kHuman)
      (h.hour <= t0 ? human_opens_first_hour : human_opens_later) += h.hits;
    if (h.kind == HitKind::kClick && h.verdict == HitVerdict::kScanner) scanner_clicks += h.hits;
  }
  EXPECT_EQ(human_opens_first_hour, 3);  // the campaign's: the unknown delivery's one too
  EXPECT_EQ(human_opens_later, 1);
  EXPECT_EQ(scanner_clicks, 3);

  auto opened = store_->ListEngagement(
      EngagementQuery{.campaign_id = id, .filter = EngagementFilter::kOpened});
  ASSERT_EQ(opened->size(), 1u);
  EXPECT_EQ((*opened)[0].delivery.id, d0);
  auto machine = store_->ListEngagement(
      EngagementQuery{.campaign_id = id, .filter = EngagementFilter::kMachineOnly});
  ASSERT_EQ(machine->size(), 1u);
  EXPECT_EQ((*machine)[0].delivery.id, d1);
}

// The campaign's totals are kept as hits arrive (campaign_engagement), not summed from its
// deliveries on each read: after every batch they must equal a recount of the delivery rows,
// including a delivery that moves out of "only a machine opened it" when a human opens it.
TEST_P(StoreContract, KeptEngagementTotalsEqualARecountAfterEveryBatch) {
  const int64_t id = StartedCampaign(4, 4);
  SendAll(Claim());
  auto page = store_->ListDeliveries(DeliveryQuery{.campaign_id = id});
  ASSERT_EQ(page->size(), 4u);
  const Timestamp t0 = clock_.Now();
  const auto hit = [&](HitKind kind, size_t d, HitVerdict verdict) {
    return TrackingHit{kind, id, (*page)[d].id, kind == HitKind::kClick ? 1 : 0, verdict, t0};
  };
  const auto H = HitVerdict::kHuman, P = HitVerdict::kPrivacyProxy, S = HitVerdict::kScanner;
  const std::vector<std::vector<TrackingHit>> batches = {
      {hit(HitKind::kOpen, 0, P), hit(HitKind::kOpen, 1, P), hit(HitKind::kClick, 2, S)},
      {hit(HitKind::kOpen, 0, H), hit(HitKind::kOpen, 0, P), hit(HitKind::kClick, 2, H)},
      {hit(HitKind::kOpen, 1, P), hit(HitKind::kClick, 1, S), hit(HitKind::kOpen, 3, H)},
      {hit(HitKind::kOpen, 1, H), hit(HitKind::kClick, 3, S), hit(HitKind::kClick, 3, H)},
  };
  std::vector<int64_t> machine_only_opened;
  for (const auto& batch : batches) {
    ASSERT_TRUE(store_->RecordHits(batch).ok());
    EngagementSummary want;
    auto rows = store_->ListEngagement(EngagementQuery{.campaign_id = id});
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    for (const DeliveryEngagement& e : *rows) {
      want.opened += e.opens > 0;
      want.opened_by_machine_only += e.opens == 0 && e.machine_opens > 0;
      want.opens += e.opens;
      want.machine_opens += e.machine_opens;
      want.clicked += e.clicks > 0;
      want.clicked_by_machine_only += e.clicks == 0 && e.machine_clicks > 0;
      want.clicks += e.clicks;
      want.machine_clicks += e.machine_clicks;
    }
    auto got = store_->GetEngagementSummary(id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->sent, 4);
    EXPECT_EQ(got->opened, want.opened);
    EXPECT_EQ(got->opened_by_machine_only, want.opened_by_machine_only);
    EXPECT_EQ(got->opens, want.opens);
    EXPECT_EQ(got->machine_opens, want.machine_opens);
    EXPECT_EQ(got->clicked, want.clicked);
    EXPECT_EQ(got->clicked_by_machine_only, want.clicked_by_machine_only);
    EXPECT_EQ(got->clicks, want.clicks);
    EXPECT_EQ(got->machine_clicks, want.machine_clicks);
    machine_only_opened.push_back(got->opened_by_machine_only);
  }
  EXPECT_EQ(machine_only_opened, (std::vector<int64_t>{2, 1, 1, 0})) << "rises, then falls";
  EXPECT_EQ(store_->GetEngagementSummary(987654)->opened, 0) << "a campaign with no hits";
}

TEST_P(StoreContract, UnsubscribesAreMarkedOnceAndListed) {
  const int64_t id = StartedCampaign(2, 2);
  SendAll(Claim());
  auto page = store_->ListDeliveries(DeliveryQuery{.campaign_id = id});
  const int64_t d = (*page)[1].id;
  const Timestamp first = clock_.Now();
  ASSERT_TRUE(store_->MarkUnsubscribed(d, first).ok());
  ASSERT_TRUE(store_->MarkUnsubscribed(d, first + Millis(60'000)).ok());
  EXPECT_EQ(store_->MarkUnsubscribed(99'999'999, first).code(), StatusCode::kNotFound);
  auto list = store_->ListEngagement(
      EngagementQuery{.campaign_id = id, .filter = EngagementFilter::kUnsubscribed});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].delivery.id, d);
  EXPECT_EQ(*(*list)[0].unsubscribed_at, first);
  EXPECT_EQ(store_->GetEngagementSummary(id)->unsubscribed, 1);
}

TEST_P(StoreContract, SentTimesAreThoseOfDeliveriesThatWentOut) {
  const int64_t id = StartedCampaign(2, 1);
  const Timestamp sent_at = clock_.Now();
  SendAll(Claim());
  auto page = store_->ListDeliveries(DeliveryQuery{.campaign_id = id});
  ASSERT_EQ(page->size(), 2u);
  const std::vector<int64_t> ids = {(*page)[0].id, (*page)[1].id, 99'999'999};
  auto times = store_->SentTimes(ids);
  ASSERT_TRUE(times.ok()) << times.status().ToString();
  ASSERT_EQ(times->size(), 1u);  // the second is still pending (its range not claimed)
  EXPECT_EQ(times->at(ids[0]), sent_at);
}

TEST_P(StoreContract, EngagementPagesBySeq) {
  const int64_t id = StartedCampaign(5, 5);
  SendAll(Claim());
  auto first = store_->ListEngagement(EngagementQuery{.campaign_id = id, .limit = 2});
  ASSERT_EQ(first->size(), 2u);
  auto rest = store_->ListEngagement(
      EngagementQuery{.campaign_id = id, .after_seq = first->back().delivery.seq, .limit = 10});
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_GT(rest->front().delivery.seq, first->back().delivery.seq);
}

TEST_P(StoreContract, FeedbackIsRecordedOnceMarkedOnItsDeliveryAndCounted) {
  const int64_t id = StartedCampaign(2, 2);
  SendAll(Claim());
  auto page = store_->ListDeliveries(DeliveryQuery{.campaign_id = id});
  const Delivery d = (*page)[0];
  const Timestamp t0 = clock_.Now();
  MailFeedback soft{"generic", "evt-1", FeedbackType::kSoft, d.address,
                    id,        d.id,    "mailbox full",      t0};
  EXPECT_TRUE(*store_->RecordFeedback(soft));
  EXPECT_FALSE(*store_->RecordFeedback(soft)) << "the same event again changes nothing";
  MailFeedback hard = soft;
  hard.event_key = "evt-2";
  hard.type = FeedbackType::kHard;
  hard.received_at = t0 + Millis(1000);
  EXPECT_TRUE(*store_->RecordFeedback(hard));
  MailFeedback later_soft = soft;
  later_soft.event_key = "evt-3";
  later_soft.received_at = t0 + Millis(2000);
  EXPECT_TRUE(*store_->RecordFeedback(later_soft));
  MailFeedback complaint{"ses", "evt-1", FeedbackType::kComplaint, d.address, id, d.id, "", t0};
  EXPECT_TRUE(*store_->RecordFeedback(complaint)) << "keys are per source";
  // Naming a delivery of another address marks nothing.
  MailFeedback foreign{"generic", "evt-4", FeedbackType::kHard, "other@x.com", id, (*page)[1].id,
                       "",        t0};
  EXPECT_TRUE(*store_->RecordFeedback(foreign));

  auto rows = store_->ListEngagement(EngagementQuery{.campaign_id = id});
  ASSERT_TRUE(rows.ok());
  const DeliveryEngagement& e = (*rows)[0];
  EXPECT_EQ(*e.bounced_at, t0);
  EXPECT_EQ(e.bounce_type, "hard") << "a later soft bounce does not undo a hard one";
  EXPECT_EQ(*e.complained_at, t0);
  EXPECT_FALSE((*rows)[1].bounced_at.has_value());
  auto sum = store_->GetEngagementSummary(id);
  EXPECT_EQ(sum->bounced, 1);
  EXPECT_EQ(sum->complained, 1);

  EXPECT_EQ(*store_->CountFeedback(d.address, FeedbackType::kSoft, std::nullopt), 2);
  EXPECT_EQ(*store_->CountFeedback(d.address, FeedbackType::kSoft, t0 + Millis(1500)), 1);
  EXPECT_EQ(*store_->CountFeedback(d.address, FeedbackType::kHard, std::nullopt), 1);
  EXPECT_EQ(*store_->CountFeedback("nobody@x.com", FeedbackType::kHard, std::nullopt), 0);
  // Feedback for no known campaign or delivery is still recorded and counted.
  MailFeedback loose{
      "mailgun", "m-1", FeedbackType::kComplaint, "loose@x.com", std::nullopt, std::nullopt,
      "",        t0};
  EXPECT_TRUE(*store_->RecordFeedback(loose));
  EXPECT_EQ(*store_->CountFeedback("loose@x.com", FeedbackType::kComplaint, std::nullopt), 1);
}

}  // namespace
}  // namespace pregon

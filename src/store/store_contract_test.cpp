// The Store contract: every backend must pass these tests unchanged (DESIGN §2, STYLE §7).
// A backend joins by adding itself to TestBackends() (store_test_backends.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "core/clock.h"
#include "store/store_contract_fixture.h"

namespace pregon {
namespace {

using testing::TestBackend;

TEST_P(StoreContract, MigrateIsIdempotentAndCurrent) {
  EXPECT_TRUE(store_->Migrate().ok());
  EXPECT_TRUE(store_->CheckSchema().ok());
  EXPECT_EQ(*store_->SchemaVersion(), store_->LatestSchemaVersion());
}

TEST_P(StoreContract, SenderNamesAreUnique) {
  MakeSender("dup");
  Sender s;
  s.name = "dup";
  auto again = store_->CreateSender(s);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->FindSender("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSender("dup")->name, "dup");
}

TEST_P(StoreContract, ASenderKeepsItsReportTimeZone) {
  Sender s;
  s.name = "zoned";
  s.kind = ChannelKind::kRelay;
  s.time_zone = "America/Bogota";
  int64_t id = store_->CreateSender(s).value();
  EXPECT_EQ(store_->GetSender(id)->time_zone, "America/Bogota");
  EXPECT_EQ(store_->GetSender(MakeSender("plain"))->time_zone, "");
}

TEST_P(StoreContract, ImportUpsertsContactsAndMemberships) {
  auto list = store_->EnsureList("L", clock_.Now());
  std::vector<ContactRecord> rows = {{"a@x.com", "", "A", "{}"}, {"b@x.com", "", "B", "{}"}};
  auto first = store_->ImportContacts(list->id, rows, clock_.Now());
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->created, 2);
  EXPECT_EQ(first->added_to_list, 2);
  rows[0].name = "A2";
  auto second = store_->ImportContacts(list->id, rows, clock_.Now());
  EXPECT_EQ(second->created, 0);
  EXPECT_EQ(second->updated, 2);
  EXPECT_EQ(second->added_to_list, 0);
  EXPECT_EQ(store_->FindList("L")->members, 2);
}

// Yields `rows` in batches of `per_batch`, then fails with `failure` if it is set.
static ContactBatchReader BatchesOf(std::vector<ContactRecord> rows, size_t per_batch,
                                    Status failure = Status::Ok()) {
  auto next = std::make_shared<size_t>(0);
  return [rows = std::move(rows), per_batch, failure,
          next](std::vector<ContactRecord>& batch) -> Result<bool> {
    batch.clear();
    while (batch.size() < per_batch && *next < rows.size()) batch.push_back(rows[(*next)++]);
    if (batch.empty() && !failure.ok()) return failure;
    return !batch.empty();
  };
}

TEST_P(StoreContract, StreamImportCreatesTheListAndTakesEveryBatch) {
  std::vector<ContactRecord> rows;
  for (int i = 0; i < 7; ++i) rows.push_back({"u" + std::to_string(i) + "@x.com", "", "U", "{}"});
  auto counts = store_->ImportContactStream("S", BatchesOf(rows, 3), clock_.Now());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->created, 7);
  EXPECT_EQ(counts->added_to_list, 7);
  EXPECT_EQ(store_->FindList("S")->members, 7);
  // Again into the same list: every contact is refreshed, none added twice.
  rows[6].name = "Six";
  counts = store_->ImportContactStream("S", BatchesOf(rows, 4), clock_.Now());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->updated, 7);
  EXPECT_EQ(counts->added_to_list, 0);
  EXPECT_EQ(store_->FindContact("u6@x.com")->name, "Six");
  EXPECT_EQ(store_->FindList("S")->members, 7);
}

TEST_P(StoreContract, StreamImportThatFailsMidwayLeavesNothing) {
  std::vector<ContactRecord> rows = {
      {"a@x.com", "", "A", "{}"}, {"b@x.com", "", "B", "{}"}, {"c@x.com", "", "C", "{}"}};
  const Status refused = Status::InvalidArgument("line 9: a quote is never closed");
  auto counts = store_->ImportContactStream("Half", BatchesOf(rows, 2, refused), clock_.Now());
  // The source's own error, unchanged.
  EXPECT_EQ(counts.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(counts.status().message(), refused.message());
  EXPECT_EQ(store_->FindList("Half").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindContact("a@x.com").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, ActionsFollowTheStateMachine) {
  auto id = MakeCampaign(3, 10);
  EXPECT_EQ(store_->ApplyCampaignAction(id, CampaignAction::kPause, clock_.Now()).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(*store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()),
            CampaignStatus::kQueued);
  EXPECT_EQ(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kQueued);
}

TEST_P(StoreContract, StartSnapshotsAudienceIntoRanges) {
  auto id = StartedCampaign(250, 100);
  auto c = store_->GetCounters(id);
  EXPECT_EQ(c->pending, 250);
  EXPECT_EQ(c->total(), 250);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kSending);
  // A second start is refused: another node already started it.
  EXPECT_EQ(store_->StartCampaign(id, clock_.Now()).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(StoreContract, EveryDeliveryGoesOutOnceAndCountersStayExact) {
  auto id = StartedCampaign(250, 100);
  std::set<int64_t> seen;
  for (int i = 0; i < 3; ++i) {
    auto lease = Claim();
    auto tasks = store_->BeginDeliveries(lease, clock_.Now(), 1000);
    ASSERT_TRUE(tasks.ok());
    EXPECT_EQ(store_->GetCounters(id)->in_flight, static_cast<int64_t>(tasks->size()));
    std::vector<DeliveryOutcome> out;
    for (auto& t : *tasks) {
      EXPECT_TRUE(seen.insert(t.delivery_id).second);
      out.push_back({t.delivery_id, DeliveryStatus::kSent, "p", "", {}});
    }
    ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
    EXPECT_EQ(*store_->ReleaseRange(lease, clock_.Now()), ReleaseKind::kDone);
    ExpectConsistent(id, 250);
  }
  EXPECT_EQ(seen.size(), 250u);
  EXPECT_FALSE(store_->ClaimRange("w1", clock_.Now(), ttl_)->has_value());
  auto fin = store_->FinalizeCampaigns(clock_.Now());
  ASSERT_EQ(fin->size(), 1u);
  EXPECT_EQ(fin->front().status, CampaignStatus::kDone);
  auto camp = store_->GetCampaign(id);
  EXPECT_EQ(camp->status, CampaignStatus::kDone);
  EXPECT_TRUE(camp->completed_at.has_value());
  EXPECT_EQ(store_->GetCounters(id)->sent, 250);
}

TEST_P(StoreContract, TwoWorkersNeverGetTheSameRange) {
  StartedCampaign(200, 100);
  auto a = Claim("a");
  auto b = Claim("b");
  EXPECT_NE(a.range_id, b.range_id);
  EXPECT_FALSE(store_->ClaimRange("c", clock_.Now(), ttl_)->has_value());
}

TEST_P(StoreContract, StaleLeaseHolderIsFencedOut) {
  auto id = StartedCampaign(10, 10);
  auto old = Claim("old");
  auto tasks = store_->BeginDeliveries(old, clock_.Now(), 5);
  ASSERT_EQ(tasks->size(), 5u);
  clock_.Advance(ttl_ + Millis(1));
  auto rescued = store_->RescueExpiredLeases(clock_.Now(), 5);
  EXPECT_EQ(rescued->ranges_rescued, 1);
  EXPECT_EQ(rescued->marked_unknown, 5);
  auto fresh = Claim("new");
  EXPECT_EQ(fresh.range_id, old.range_id);
  EXPECT_GT(fresh.lease_epoch, old.lease_epoch);
  // The old owner wakes up: every write it tries changes nothing.
  std::vector<DeliveryOutcome> late;
  for (auto& t : *tasks) late.push_back({t.delivery_id, DeliveryStatus::kSent, "", "", {}});
  EXPECT_EQ(store_->RecordOutcomes(old, late, clock_.Now()).code(), StatusCode::kConflict);
  EXPECT_EQ(store_->BeginDeliveries(old, clock_.Now(), 5).status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->RenewLease(old, clock_.Now(), ttl_).status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->ReleaseRange(old, clock_.Now()).status().code(), StatusCode::kConflict);
  auto c = store_->GetCounters(id);
  EXPECT_EQ(c->unknown, 5);
  EXPECT_EQ(c->sent, 0);
  // The new owner sends only the 5 that were never in flight.
  auto rest = store_->BeginDeliveries(fresh, clock_.Now(), 100);
  EXPECT_EQ(rest->size(), 5u);
  ExpectConsistent(id, 10);
}

TEST_P(StoreContract, AtLeastOnceResendsInFlightAfterRescue) {
  auto id = StartedCampaign(4, 4, Millis(0), DeliveryGuarantee::kAtLeastOnce);
  auto old = Claim();
  ASSERT_EQ(store_->BeginDeliveries(old, clock_.Now(), 4)->size(), 4u);
  clock_.Advance(ttl_ + Millis(1));
  EXPECT_EQ(store_->RescueExpiredLeases(clock_.Now(), 5)->requeued, 4);
  auto fresh = Claim();
  EXPECT_EQ(store_->BeginDeliveries(fresh, clock_.Now(), 10)->size(), 4u);
  EXPECT_EQ(store_->GetCounters(id)->unknown, 0);
}

// A message that crashes every worker sending it: each lease expires with it in flight.
TEST_P(StoreContract, RangeRescuedTooOftenIsParkedAsFailed) {
  auto id = StartedCampaign(3, 3, Millis(0), DeliveryGuarantee::kAtLeastOnce);
  for (int i = 0; i < 3; ++i) {
    auto lease = Claim();
    ASSERT_EQ(store_->BeginDeliveries(lease, clock_.Now(), 1)->size(), 1u);
    clock_.Advance(ttl_ + Millis(1));
    ASSERT_TRUE(store_->RescueExpiredLeases(clock_.Now(), 2).ok());
  }
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  auto c = store_->GetCounters(id);
  EXPECT_EQ(c->failed, 2);
  EXPECT_EQ(c->unknown, 1);  // in flight when parked
  auto fin = store_->FinalizeCampaigns(clock_.Now());
  ASSERT_EQ(fin->size(), 1u);
  EXPECT_EQ(fin->front().status, CampaignStatus::kFailed);
  auto events = store_->ListEvents(id, 0, 100);
  bool parked = false;
  for (auto& e : *events) parked |= e.kind == "range_parked";
  EXPECT_TRUE(parked);
}

// A lease that expires with nothing in flight (a worker stopped between chunks, a store
// outage) says nothing about the messages: it never counts towards parking. Nor does one
// after progress: recording outcomes resets the count.
TEST_P(StoreContract, OnlyRescuesWithDeliveriesInFlightCountTowardsParking) {
  auto id = StartedCampaign(8, 8, Millis(0), DeliveryGuarantee::kAtLeastOnce);
  for (int i = 0; i < 4; ++i) {
    Claim();
    clock_.Advance(ttl_ + Millis(1));
    ASSERT_EQ(store_->RescueExpiredLeases(clock_.Now(), 1)->ranges_rescued, 1);
  }
  for (int i = 0; i < 3; ++i) {
    auto lease = Claim();
    auto tasks = *store_->BeginDeliveries(lease, clock_.Now(), 2);
    ASSERT_EQ(tasks.size(), 2u);
    const std::vector<DeliveryOutcome> sent = {
        {tasks[0].delivery_id, DeliveryStatus::kSent, "p", "", {}}};
    ASSERT_TRUE(store_->RecordOutcomes(lease, sent, clock_.Now()).ok());
    clock_.Advance(ttl_ +
                   Millis(1));  // expires with tasks[1] in flight: one rescue, after progress
    auto report = store_->RescueExpiredLeases(clock_.Now(), 1);
    ASSERT_EQ(report->ranges_parked, 0) << "round " << i;
  }
  EXPECT_EQ(store_->GetCounters(id)->sent, 3);
  ExpectConsistent(id, 8);
}

// A range parked for too many rescues is final like a released one: the next batch starts
// after the campaign's pause, and the campaign ends partial instead of sending forever.
TEST_P(StoreContract, AParkedRangeReleasesTheNextBatchAfterThePause) {
  auto id = StartedCampaign(6, 3, Millis(60'000), DeliveryGuarantee::kAtLeastOnce);
  for (int i = 0; i < 3; ++i) {
    auto lease = Claim();
    EXPECT_EQ(lease.seq, 1);
    ASSERT_EQ(store_->BeginDeliveries(lease, clock_.Now(), 1)->size(), 1u);
    clock_.Advance(ttl_ + Millis(1));
    ASSERT_TRUE(store_->RescueExpiredLeases(clock_.Now(), 2).ok());
  }
  EXPECT_EQ(store_->GetCounters(id)->failed, 2);
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());  // the pause runs
  auto wake = store_->NextWakeup(clock_.Now());
  ASSERT_TRUE(wake->has_value());
  EXPECT_EQ(**wake - clock_.Now(), Millis(60'000));
  clock_.Advance(Millis(60'000));
  auto second = Claim();
  EXPECT_EQ(second.seq, 2);
  SendAll(second);
  ASSERT_TRUE(store_->ReleaseRange(second, clock_.Now()).ok());
  auto fin = store_->FinalizeCampaigns(clock_.Now());
  ASSERT_EQ(fin->size(), 1u);
  EXPECT_EQ(fin->front().status, CampaignStatus::kPartial);
  ExpectConsistent(id, 6);
}

// Parking gives up on a range: deliveries found in flight may have reached the provider and
// are never resent, so even under at_least_once they end unknown, not failed.
TEST_P(StoreContract, AParkedRangesInFlightDeliveriesEndUnknown) {
  auto id = StartedCampaign(4, 4, Millis(0), DeliveryGuarantee::kAtLeastOnce);
  for (int i = 0; i < 2; ++i) {
    auto lease = Claim();
    ASSERT_EQ(store_->BeginDeliveries(lease, clock_.Now(), 2)->size(), 2u);
    clock_.Advance(ttl_ + Millis(1));
    ASSERT_TRUE(store_->RescueExpiredLeases(clock_.Now(), 1).ok());
  }
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->unknown, 2);  // in flight at the parking rescue
  EXPECT_EQ(k->failed, 2);   // never tried again
  ExpectConsistent(id, 4);
}

// A campaign paused before any worker snapshotted it goes back to queued on resume (it was
// resumed to sending with no deliveries, and finalised done with nobody reached).
TEST_P(StoreContract, APausedQueuedCampaignResumesQueuedAndIsSentInFull) {
  auto id = MakeCampaign(12, 5);
  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
  ASSERT_EQ(*store_->ApplyCampaignAction(id, CampaignAction::kPause, clock_.Now()),
            CampaignStatus::kPaused);
  EXPECT_EQ(*store_->ApplyCampaignAction(id, CampaignAction::kResume, clock_.Now()),
            CampaignStatus::kQueued);
  EXPECT_TRUE(store_->FinalizeCampaigns(clock_.Now())->empty());
  auto start = store_->StartCampaign(id, clock_.Now());
  ASSERT_TRUE(start.ok()) << start.status().ToString();
  EXPECT_EQ(start->total, 12);
  ExpectConsistent(id, 12);
}

// Finalisation finishes only campaigns whose audience was snapshotted: an empty audience is
// done, a campaign that never got its snapshot is left alone.
TEST_P(StoreContract, FinalisationNeedsTheSnapshot) {
  auto unstarted = MakeCampaign(3, 5);
  ASSERT_TRUE(store_->ApplyCampaignAction(unstarted, CampaignAction::kSend, clock_.Now()).ok());
  ASSERT_TRUE(store_->ApplyCampaignAction(unstarted, CampaignAction::kStart, clock_.Now()).ok());
  auto empty = StartedCampaign(0, 5);
  auto fin = store_->FinalizeCampaigns(clock_.Now());
  ASSERT_EQ(fin->size(), 1u);
  EXPECT_EQ(fin->front().campaign_id, empty);
  EXPECT_EQ(fin->front().status, CampaignStatus::kDone);
  EXPECT_EQ(store_->GetCampaign(unstarted)->status, CampaignStatus::kSending);
}

// A lease records only its own range's deliveries: an outcome naming a delivery of another
// range (in flight under another lease) changes nothing there and counts nothing.
TEST_P(StoreContract, ALeaseRecordsOnlyItsOwnRangesDeliveries) {
  auto id = StartedCampaign(4, 2);
  auto a = Claim("a");
  auto b = Claim("b");
  ASSERT_EQ(store_->BeginDeliveries(a, clock_.Now(), 10)->size(), 2u);
  auto tasks_b = store_->BeginDeliveries(b, clock_.Now(), 10);
  ASSERT_EQ(tasks_b->size(), 2u);
  std::vector<DeliveryOutcome> wrong = {
      {(*tasks_b)[0].delivery_id, DeliveryStatus::kSent, "p", "", {}}};
  ASSERT_TRUE(store_->RecordOutcomes(a, wrong, clock_.Now()).ok());
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->sent, 0);
  EXPECT_EQ(k->in_flight, 4);
  std::vector<DeliveryOutcome> right;  // b's holder still records its own
  for (auto& t : *tasks_b) right.push_back({t.delivery_id, DeliveryStatus::kSent, "p", "", {}});
  ASSERT_TRUE(store_->RecordOutcomes(b, right, clock_.Now()).ok());
  EXPECT_EQ(store_->GetCounters(id)->sent, 2);
  ExpectConsistent(id, 4);
}

// A try the provider never took (a throttle, a blocked sender) gives its attempt back.
TEST_P(StoreContract, AnUncountedOutcomeGivesTheAttemptBack) {
  auto id = StartedCampaign(1, 1);
  auto lease = Claim();
  auto first = store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].attempts, 1);
  DeliveryOutcome throttled{(*first)[0].delivery_id, DeliveryStatus::kPending, "", "HTTP 429",
                            clock_.Now()};
  throttled.attempt_not_counted = true;
  ASSERT_TRUE(store_->RecordOutcomes(lease, std::vector{throttled}, clock_.Now()).ok());
  auto again = store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 1) << "the throttled try was not an attempt";
  DeliveryOutcome failed{(*again)[0].delivery_id, DeliveryStatus::kPending, "", "HTTP 503",
                         clock_.Now()};
  ASSERT_TRUE(store_->RecordOutcomes(lease, std::vector{failed}, clock_.Now()).ok());
  EXPECT_EQ((*store_->BeginDeliveries(lease, clock_.Now(), 10))[0].attempts, 2);
  ExpectConsistent(id, 1);
}

// A range's claims go on from where the last one stopped, not over the deliveries already
// sent; a retry that came due before that point is taken once nothing after it is due.
TEST_P(StoreContract, ClaimsGoOnFromTheLastAndComeBackForADueRetry) {
  auto id = StartedCampaign(6, 6);
  auto lease = Claim();
  auto first = store_->BeginDeliveries(lease, clock_.Now(), 2);
  ASSERT_EQ(first->size(), 2u);
  std::vector<DeliveryOutcome> out = {{(*first)[0].delivery_id, DeliveryStatus::kSent, "p", "", {}},
                                      {(*first)[1].delivery_id, DeliveryStatus::kPending, "",
                                       "HTTP 503", clock_.Now() + Millis(5000)}};
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  const auto seqs = [](const std::vector<DeliveryTask>& tasks) {
    std::vector<int64_t> s;
    for (const auto& t : tasks) s.push_back(t.seq);
    return s;
  };
  EXPECT_EQ(seqs(*store_->BeginDeliveries(lease, clock_.Now(), 2)), (std::vector<int64_t>{3, 4}));
  clock_.Advance(Millis(5000));  // seq 2's retry is due, but the claims go on first
  EXPECT_EQ(seqs(*store_->BeginDeliveries(lease, clock_.Now(), 10)), (std::vector<int64_t>{5, 6}));
  auto retry = store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_EQ(seqs(*retry), (std::vector<int64_t>{2}));
  EXPECT_EQ((*retry)[0].attempts, 2);
  EXPECT_TRUE(store_->BeginDeliveries(lease, clock_.Now(), 10)->empty());
  ExpectConsistent(id, 6);
}

TEST_P(StoreContract, BatchPauseIsADurableNotBefore) {
  auto id = StartedCampaign(30, 10, Millis(12 * 60'000));
  auto first = Claim();
  EXPECT_EQ(first.seq, 1);
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());  // the rest wait
  SendAll(first);
  ASSERT_TRUE(store_->ReleaseRange(first, clock_.Now()).ok());
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  auto wake = store_->NextWakeup(clock_.Now());
  ASSERT_TRUE(wake->has_value());
  EXPECT_EQ(**wake - clock_.Now(), Millis(12 * 60'000));
  clock_.Advance(Millis(12 * 60'000 - 1));
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  clock_.Advance(Millis(1));
  EXPECT_EQ(Claim().seq, 2);
  ExpectConsistent(id, 30);
}

TEST_P(StoreContract, TransientFailureWaitsForItsRetryTime) {
  auto id = StartedCampaign(2, 2);
  auto lease = Claim();
  auto tasks = store_->BeginDeliveries(lease, clock_.Now(), 10);
  std::vector<DeliveryOutcome> out = {{(*tasks)[0].delivery_id, DeliveryStatus::kSent, "p", "", {}},
                                      {(*tasks)[1].delivery_id, DeliveryStatus::kPending, "",
                                       "HTTP 503", clock_.Now() + Millis(5000)}};
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  EXPECT_EQ(*store_->ReleaseRange(lease, clock_.Now()), ReleaseKind::kRetryLater);
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  clock_.Advance(Millis(5000));
  auto again = Claim();
  auto retry = store_->BeginDeliveries(again, clock_.Now(), 10);
  ASSERT_EQ(retry->size(), 1u);
  EXPECT_EQ((*retry)[0].attempts, 2);
  ExpectConsistent(id, 2);
}

TEST_P(StoreContract, CancelLeavesNothingClaimable) {
  auto id = StartedCampaign(50, 10);
  auto held = Claim();
  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kCancel, clock_.Now()).ok());
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  EXPECT_EQ(*store_->RenewLease(held, clock_.Now(), ttl_), CampaignStatus::kCancelled);
  EXPECT_EQ(*store_->ReleaseRange(held, clock_.Now()), ReleaseKind::kAbandoned);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kCancelled);
}

// What a cancelled campaign never sent is final as `cancelled` (nothing stays pending for
// ever); what was in flight is still recorded; and the counters still sum.
TEST_P(StoreContract, ACancelledCampaignsUnsentDeliveriesEndCancelled) {
  auto id = StartedCampaign(30, 10, Millis(60'000));  // ranges 2 and 3 wait their turn
  auto held = Claim();
  auto tasks = store_->BeginDeliveries(held, clock_.Now(), 4);
  ASSERT_EQ(tasks->size(), 4u);
  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kCancel, clock_.Now()).ok());
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->cancelled, 26);
  EXPECT_EQ(k->pending, 0);
  EXPECT_EQ(k->in_flight, 4);
  // One in-flight message is sent; one asks for a retry, which the cancel makes final too.
  std::vector<DeliveryOutcome> out = {
      {(*tasks)[0].delivery_id, DeliveryStatus::kSent, "p", "", {}},
      {(*tasks)[1].delivery_id, DeliveryStatus::kPending, "", "HTTP 503", clock_.Now()},
      {(*tasks)[2].delivery_id, DeliveryStatus::kSent, "p", "", {}},
      {(*tasks)[3].delivery_id, DeliveryStatus::kSent, "p", "", {}}};
  ASSERT_TRUE(store_->RecordOutcomes(held, out, clock_.Now()).ok());
  EXPECT_EQ(*store_->ReleaseRange(held, clock_.Now()), ReleaseKind::kAbandoned);
  k = store_->GetCounters(id);
  EXPECT_EQ(k->sent, 3);
  EXPECT_EQ(k->cancelled, 27);
  EXPECT_EQ(k->pending, 0);
  ExpectConsistent(id, 30);
  DeliveryQuery q;
  q.campaign_id = id;
  q.status = DeliveryStatus::kCancelled;
  q.limit = 100;
  auto cancelled = store_->ListDeliveries(q);
  ASSERT_EQ(cancelled->size(), 27u);
  EXPECT_EQ(cancelled->front().last_error, "campaign cancelled before it was sent");
  auto one = store_->GetDelivery(cancelled->front().id);  // one delivery by its id
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->address, cancelled->front().address);
  EXPECT_EQ(one->campaign_id, id);
  EXPECT_EQ(one->status, DeliveryStatus::kCancelled);
  EXPECT_EQ(store_->GetDelivery(999'999).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  EXPECT_FALSE(store_->NextWakeup(clock_.Now())->has_value());  // nothing left to wait for
}

// A worker that died holding a cancelled campaign's range: the rescue resends nothing, even
// under at_least_once (what was in flight is unknown), and closes the range.
TEST_P(StoreContract, ARescueInACancelledCampaignResendsNothingAndClosesTheRange) {
  auto id = StartedCampaign(6, 6, Millis(0), DeliveryGuarantee::kAtLeastOnce);
  auto held = Claim();
  ASSERT_EQ(store_->BeginDeliveries(held, clock_.Now(), 2)->size(), 2u);
  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kCancel, clock_.Now()).ok());
  clock_.Advance(ttl_ + Millis(1));
  auto report = store_->RescueExpiredLeases(clock_.Now(), 3);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->requeued, 0);
  EXPECT_EQ(report->marked_unknown, 2);
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->unknown, 2);
  EXPECT_EQ(k->cancelled, 4);
  ExpectConsistent(id, 6);
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  EXPECT_FALSE(store_->NextWakeup(clock_.Now())->has_value());
}

// Pause, cancel and a paused sender (a provider's Retry-After) stop new sends at once, not
// at the worker's next status check: the lease holder's next BeginDeliveries hands out
// nothing, and what was already in flight is still recorded.
TEST_P(StoreContract, NothingGoesInFlightOnceTheCampaignOrItsSenderStops) {
  enum Stop { kPause, kCancel, kPauseSender };
  for (Stop stop : {kPause, kCancel, kPauseSender}) {
    SCOPED_TRACE(stop);
    auto id = StartedCampaign(20, 20);
    auto lease = Claim();
    ASSERT_EQ(lease.campaign_id, id);
    auto first = store_->BeginDeliveries(lease, clock_.Now(), 5);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    ASSERT_EQ(first->size(), 5u);
    if (stop == kPauseSender) {
      ASSERT_TRUE(store_->PauseSender(lease.sender_id, clock_.Now() + Millis(1000)).ok());
      EXPECT_EQ(store_->GetSender(lease.sender_id)->paused_until, clock_.Now() + Millis(1000))
          << "the pause is read with the sender";
    } else {
      auto action = stop == kPause ? CampaignAction::kPause : CampaignAction::kCancel;
      ASSERT_TRUE(store_->ApplyCampaignAction(id, action, clock_.Now()).ok());
    }
    auto more = store_->BeginDeliveries(lease, clock_.Now(), 10);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    EXPECT_TRUE(more->empty());
    std::vector<DeliveryOutcome> out;
    for (auto& t : *first) out.push_back({t.delivery_id, DeliveryStatus::kSent, "p", "", {}});
    ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
    EXPECT_EQ(store_->GetCounters(id)->sent, 5);
    EXPECT_EQ(store_->GetCounters(id)->in_flight, 0);
    ASSERT_TRUE(store_->ReleaseRange(lease, clock_.Now()).ok());
    if (stop == kPauseSender) {
      clock_.Advance(Millis(1000));  // the pause ends: the range is claimable and sends again
      auto again = Claim();
      EXPECT_EQ(store_->BeginDeliveries(again, clock_.Now(), 100)->size(), 15u);
      ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kCancel, clock_.Now()).ok());
    }
  }
}

// The wake-up for a held lease is the first instant it can be rescued (lease_until is still
// the holder's): a clock set to it finds the rescue due, so nothing waits in a loop.
TEST_P(StoreContract, TheWakeUpForALeaseIsWhenItCanBeRescued) {
  StartedCampaign(3, 3);
  auto lease = Claim();
  ASSERT_EQ(store_->BeginDeliveries(lease, clock_.Now(), 1)->size(), 1u);
  auto wake = store_->NextWakeup(clock_.Now());
  ASSERT_TRUE(wake.ok() && wake->has_value());
  EXPECT_EQ(**wake, lease.lease_until + Millis(1));
  clock_.Set(lease.lease_until);
  EXPECT_EQ(store_->RescueExpiredLeases(clock_.Now(), 5)->ranges_rescued, 0);
  clock_.Set(**wake);
  EXPECT_EQ(store_->RescueExpiredLeases(clock_.Now(), 5)->ranges_rescued, 1);
}

TEST_P(StoreContract, PausedCampaignIsNotClaimedUntilResumed) {
  auto id = StartedCampaign(20, 10);
  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kPause, clock_.Now()).ok());
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kResume, clock_.Now()).ok());
  EXPECT_TRUE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
}

TEST_P(StoreContract, UnavailableRecipientsAreSuppressedForLaterCampaigns) {
  auto list = MakeList(3, "shared");
  auto sender = MakeSender("tg");
  auto make = [&] {
    Campaign c;
    c.name = "c";
    c.sender_id = sender;
    c.list_id = list;
    c.text_body = "x";
    auto id = *store_->CreateCampaign(c, clock_.Now());
    EXPECT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
    return id;
  };
  auto first = make();
  ASSERT_TRUE(store_->StartCampaign(first, clock_.Now()).ok());
  auto lease = Claim();
  auto tasks = store_->BeginDeliveries(lease, clock_.Now(), 10);
  std::vector<DeliveryOutcome> out;
  for (size_t i = 0; i < tasks->size(); ++i)
    out.push_back({(*tasks)[i].delivery_id,
                   i == 0 ? DeliveryStatus::kUnavailable : DeliveryStatus::kSent,
                   "",
                   "",
                   {}});
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  auto second = make();
  auto start = store_->StartCampaign(second, clock_.Now());
  EXPECT_EQ(start->total, 3);
  EXPECT_EQ(start->suppressed, 1);
  EXPECT_EQ(store_->GetCounters(second)->pending, 2);
}

TEST_P(StoreContract, ScheduledCampaignIsPromotedWhenDue) {
  auto id = *store_->CreateCampaign(ScheduledIn(Millis(2000)), clock_.Now());
  EXPECT_TRUE(store_->PromoteDueScheduled(clock_.Now())->empty());
  EXPECT_EQ(**store_->NextWakeup(clock_.Now()), clock_.Now() + Millis(2000));
  clock_.Advance(Millis(2000));
  auto promoted = store_->PromoteDueScheduled(clock_.Now());
  ASSERT_EQ(promoted->size(), 1u);
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kQueued);
  EXPECT_TRUE(*store_->HasDueWork(clock_.Now()));
}

TEST_P(StoreContract, PausedSenderIsSkippedUntilItsPauseEnds) {
  auto id = StartedCampaign(5, 5);
  auto sender = store_->GetCampaign(id)->sender_id;
  ASSERT_TRUE(store_->PauseSender(sender, clock_.Now() + Millis(1000)).ok());
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  clock_.Advance(Millis(1000));
  EXPECT_TRUE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
}

TEST_P(StoreContract, DeferredCampaignWaitsAndLogsOnce) {
  auto id = StartedCampaign(5, 5);
  auto until = clock_.Now() + Millis(60'000);
  ASSERT_TRUE(store_->DeferCampaign(id, until, "outside window", clock_.Now()).ok());
  ASSERT_TRUE(store_->DeferCampaign(id, until, "outside window", clock_.Now()).ok());
  EXPECT_FALSE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
  EXPECT_FALSE(*store_->HasDueWork(clock_.Now()));
  EXPECT_EQ(**store_->NextWakeup(clock_.Now()), until);
  auto events = store_->ListEvents(id, 0, 100);
  int waiting = 0;
  for (auto& e : *events) waiting += e.kind == "waiting";
  EXPECT_EQ(waiting, 1);
  clock_.Set(until);
  EXPECT_TRUE(store_->ClaimRange("w", clock_.Now(), ttl_)->has_value());
}

// ---- Suppressions, contacts, campaign content ----------------------------------------------

TEST_P(StoreContract, SuppressionsAddUpdateListAndRemove) {
  Suppression a{"a@x.com", SuppressionReason::kManual, std::nullopt, clock_.Now()};
  Suppression b{"123456", SuppressionReason::kUnsubscribed, std::nullopt, clock_.Now()};
  std::vector<Suppression> rows = {a, b};
  auto first = store_->AddSuppressions(rows);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->added, 2);
  a.reason = SuppressionReason::kBounced;
  a.campaign_id = 7;
  auto second = store_->AddSuppressions(std::vector<Suppression>{a});
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->updated, 1);
  auto found = store_->FindSuppression("a@x.com");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->reason, SuppressionReason::kBounced);
  EXPECT_EQ((*found)->campaign_id, 7);
  EXPECT_FALSE(store_->FindSuppression("nobody@x.com")->has_value());

  auto all = store_->ListSuppressions({});
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].address, "123456");  // address order
  SuppressionQuery page;
  page.after_address = "123456";
  EXPECT_EQ(store_->ListSuppressions(page)->at(0).address, "a@x.com");
  SuppressionQuery unsubscribed;
  unsubscribed.reason = SuppressionReason::kUnsubscribed;
  EXPECT_EQ(store_->ListSuppressions(unsubscribed)->size(), 1u);

  EXPECT_TRUE(store_->RemoveSuppression("a@x.com").ok());
  EXPECT_EQ(store_->RemoveSuppression("a@x.com").code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, SuppressedAddressIsSnapshottedAsSuppressed) {
  std::vector<Suppression> rows = {
      {"a1@x.com", SuppressionReason::kManual, std::nullopt, clock_.Now()}};
  ASSERT_TRUE(store_->AddSuppressions(rows).ok());
  auto id = StartedCampaign(3, 10);
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->suppressed, 1);
  EXPECT_EQ(k->pending, 2);
}

// A recipient suppressed after the snapshot (an unsubscribe, a complaint) is not sent to by
// a campaign already sending: its delivery ends suppressed when its turn comes.
TEST_P(StoreContract, ASuppressionAfterTheSnapshotStopsDeliveriesNotYetSent) {
  auto id = StartedCampaign(5, 10);
  auto lease = Claim();
  auto first = store_->BeginDeliveries(lease, clock_.Now(), 1);  // a0 goes out
  ASSERT_EQ(first->size(), 1u);
  std::vector<Suppression> rows = {
      {"a0@x.com", SuppressionReason::kUnsubscribed, std::nullopt, clock_.Now()},
      {"a2@x.com", SuppressionReason::kUnsubscribed, std::nullopt, clock_.Now()},
      {"a3@x.com", SuppressionReason::kComplaint, std::nullopt, clock_.Now()}};
  ASSERT_TRUE(store_->AddSuppressions(rows).ok());
  auto rest = store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_TRUE(rest.ok()) << rest.status().ToString();
  std::vector<std::string> sent_to;
  for (auto& t : *rest) sent_to.push_back(t.address);
  EXPECT_EQ(sent_to, (std::vector<std::string>{"a1@x.com", "a4@x.com"}));
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->suppressed, 2);
  EXPECT_EQ(k->in_flight, 3);  // a0 was already on the wire: it is still recorded
  EXPECT_EQ(k->pending, 0);
  ExpectConsistent(id, 5);
  DeliveryQuery q;
  q.campaign_id = id;
  q.status = DeliveryStatus::kSuppressed;
  auto suppressed = store_->ListDeliveries(q);
  ASSERT_EQ(suppressed->size(), 2u);
  EXPECT_EQ(suppressed->front().last_error, "recipient suppressed after the campaign started");
  EXPECT_EQ(suppressed->front().attempts, 0);
}

TEST_P(StoreContract, OutcomeWithSuppressReasonSuppressesTheAddress) {
  auto id = StartedCampaign(2, 10);
  auto lease = Claim();
  auto tasks = store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_EQ(tasks->size(), 2u);
  std::vector<DeliveryOutcome> out = {
      {(*tasks)[0].delivery_id, DeliveryStatus::kFailed, "", "SMTP 550", {}},
      {(*tasks)[1].delivery_id, DeliveryStatus::kUnavailable, "", "403", {}}};
  out[0].suppress = SuppressionReason::kBounced;
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  auto bounced = store_->FindSuppression((*tasks)[0].address);
  ASSERT_TRUE(bounced->has_value());
  EXPECT_EQ((*bounced)->reason, SuppressionReason::kBounced);
  EXPECT_EQ((*bounced)->campaign_id, id);
  EXPECT_EQ((*store_->FindSuppression((*tasks)[1].address))->reason,
            SuppressionReason::kUnavailable);
  EXPECT_EQ(store_->GetCounters(id)->failed, 1);
}

TEST_P(StoreContract, FindContactByEmailOrChatIdAndListFieldNames) {
  auto list = store_->EnsureList("F", clock_.Now());
  std::vector<ContactRecord> rows = {{"ana@x.com", "", "Ana", R"({"Ciudad":"Lima","plan":"pro"})"},
                                     {"", "42", "Bo", R"({"Ciudad":"Quito","edad":"30"})"}};
  ASSERT_TRUE(store_->ImportContacts(list->id, rows, clock_.Now()).ok());
  auto ana = store_->FindContact("ANA@x.com");
  ASSERT_TRUE(ana.ok()) << ana.status().ToString();
  EXPECT_EQ(ana->name, "Ana");
  EXPECT_EQ(store_->FindContact("42")->name, "Bo");
  EXPECT_EQ(store_->FindContact("43").status().code(), StatusCode::kNotFound);
  auto names = store_->ListFieldNames(list->id);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"Ciudad", "edad", "plan"}));
  auto empty = store_->EnsureList("E", clock_.Now());
  EXPECT_TRUE(store_->ListFieldNames(empty->id)->empty());
}

TEST_P(StoreContract, CampaignKeepsParseModeTemplateAndAttachments) {
  Campaign c;
  c.name = "files";
  c.sender_id = MakeSender("fs");
  c.list_id = MakeList(1, "FL");
  c.text_body = "hi";
  c.parse_mode = "HTML";
  c.template_id = "tpl-9";
  std::string binary("%PDF\0\xff\x01", 7);
  c.attachments = {{"a.pdf", "application/pdf", 7, binary}, {"b.txt", "text/plain", 2, "hi"}};
  auto id = store_->CreateCampaign(c, clock_.Now());
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto got = store_->GetCampaign(*id);
  EXPECT_EQ(got->parse_mode, "HTML");
  EXPECT_EQ(got->template_id, "tpl-9");
  ASSERT_EQ(got->attachments.size(), 2u);
  EXPECT_EQ(got->attachments[0].filename, "a.pdf");
  EXPECT_EQ(got->attachments[0].size, 7);
  EXPECT_TRUE(got->attachments[0].content.empty());
  auto files = store_->GetAttachments(*id);
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].content, binary);
  EXPECT_EQ((*files)[1].content_type, "text/plain");
  EXPECT_EQ(store_->GetAttachments(*id + 100).status().code(), StatusCode::kNotFound);
}

// ---- Coordination between nodes ------------------------------------------------------------

TEST_P(StoreContract, NodesMigratingAtOnceTakeTurns) {
  auto url = GetParam().fresh_url();
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  std::vector<std::unique_ptr<Store>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(std::move(OpenStore(*url)).value());
  std::vector<Status> results(nodes.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < nodes.size(); ++i)
    threads.emplace_back([&, i] { results[i] = nodes[i]->Migrate(); });
  for (auto& t : threads) t.join();
  for (const auto& st : results) EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(nodes[0]->CheckSchema().ok());
}

TEST_P(StoreContract, ConcurrentClaimersNeverShareARange) {
  StartedCampaign(400, 10);  // 40 ranges
  constexpr int kNodes = 4;
  std::vector<std::unique_ptr<Store>> nodes;
  for (int i = 0; i < kNodes; ++i) nodes.push_back(OpenOrDie());
  std::vector<std::vector<int64_t>> claimed(kNodes);
  std::vector<std::thread> threads;
  for (int i = 0; i < kNodes; ++i) {
    threads.emplace_back([&, i] {
      for (;;) {
        auto l = nodes[i]->ClaimRange("w" + std::to_string(i), clock_.Now(), ttl_);
        if (!l.ok() || !l->has_value()) {
          EXPECT_TRUE(l.ok()) << l.status().ToString();
          return;
        }
        claimed[i].push_back((*l)->range_id);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  size_t n = 0;
  for (const auto& c : claimed) {
    all.insert(c.begin(), c.end());
    n += c.size();
  }
  EXPECT_EQ(n, 40u);
  EXPECT_EQ(all.size(), 40u);  // no range handed out twice
}

TEST_P(StoreContract, SchedulerLeadershipIsHeldByOneNodeUntilItExpires) {
  auto other = OpenOrDie();
  Millis ttl(10'000);
  EXPECT_TRUE(*store_->AcquireSchedulerLeadership("a", clock_.Now(), ttl));
  clock_.Advance(Millis(5'000));
  EXPECT_TRUE(*store_->AcquireSchedulerLeadership("a", clock_.Now(), ttl));  // renewed
  // A store shared by many nodes refuses a second leader; a single-node one grants all.
  bool exclusive = GetParam().shared_by_nodes;
  EXPECT_EQ(*other->AcquireSchedulerLeadership("b", clock_.Now(), ttl), !exclusive);
  clock_.Advance(ttl - Millis(1));  // a's renewal still holds
  EXPECT_EQ(*other->AcquireSchedulerLeadership("b", clock_.Now(), ttl), !exclusive);
  clock_.Advance(Millis(2));  // a died: its lease ran out
  EXPECT_TRUE(*other->AcquireSchedulerLeadership("b", clock_.Now(), ttl));
  EXPECT_EQ(*store_->AcquireSchedulerLeadership("a", clock_.Now(), ttl), !exclusive);
}

// A leader that stops gracefully hands over at once; giving up a leadership one does not
// hold changes nothing.
TEST_P(StoreContract, ALeaderThatStopsHandsTheLeadershipOverAtOnce) {
  auto other = OpenOrDie();
  Millis ttl(60'000);
  ASSERT_TRUE(*store_->AcquireSchedulerLeadership("a", clock_.Now(), ttl));
  ASSERT_TRUE(other->ReleaseSchedulerLeadership("b").ok());  // not b's to give
  EXPECT_EQ(*other->AcquireSchedulerLeadership("b", clock_.Now(), ttl),
            !GetParam().shared_by_nodes);
  ASSERT_TRUE(store_->ReleaseSchedulerLeadership("a").ok());
  EXPECT_TRUE(*other->AcquireSchedulerLeadership("b", clock_.Now(), ttl));  // no TTL to wait
  EXPECT_EQ(*store_->AcquireSchedulerLeadership("a", clock_.Now(), ttl),
            !GetParam().shared_by_nodes);
}

TEST_P(StoreContract, AnotherNodesNewCampaignWakesAWaitingWorker) {
  if (!store_->AnnouncesWork()) {
    EXPECT_FALSE(*store_->WaitForWork(Millis(10'000)));  // returns at once: callers poll
    return;
  }
  ASSERT_TRUE(store_->WaitForWork(Millis(0)).ok());  // listening from now on
  EXPECT_FALSE(*store_->WaitForWork(Millis(50)));    // nothing announced
  auto other = OpenOrDie();
  auto id = MakeCampaign(5, 5);
  std::thread sender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_TRUE(other->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
  });
  auto start = std::chrono::steady_clock::now();
  auto woke = store_->WaitForWork(Millis(10'000));
  auto waited = std::chrono::steady_clock::now() - start;
  sender.join();
  ASSERT_TRUE(woke.ok()) << woke.status().ToString();
  EXPECT_TRUE(*woke);
  EXPECT_LT(waited, std::chrono::seconds(8));  // woken, not timed out (10 s)
  // Starting it announces again (the ranges are claimable).
  ASSERT_TRUE(other->StartCampaign(id, clock_.Now()).ok());
  EXPECT_TRUE(*store_->WaitForWork(Millis(10'000)));
}

// The scheduler leader sleeps until the next due time it knows of; a campaign scheduled (or
// re-timed) on another node after it went to sleep must wake it, or it would start late by up
// to the poll interval.
TEST_P(StoreContract, AnotherNodesScheduledCampaignWakesAWaitingScheduler) {
  if (!store_->AnnouncesWork()) GTEST_SKIP() << "a single-node backend: the scheduler polls";
  ASSERT_TRUE(store_->WaitForWork(Millis(0)).ok());  // listening from now on
  EXPECT_FALSE(*store_->WaitForWork(Millis(50)));    // nothing announced
  auto other = OpenOrDie();
  Campaign c = ScheduledIn(Millis(60'000));
  c.id = *other->CreateCampaign(c, clock_.Now());
  EXPECT_TRUE(*store_->WaitForWork(Millis(10'000))) << "creating it announced nothing";
  c.scheduled_at = clock_.Now() + Millis(1000);  // brought forward
  ASSERT_TRUE(other->UpdateCampaign(c, /*replace_attachments=*/false, clock_.Now()).ok());
  EXPECT_TRUE(*store_->WaitForWork(Millis(10'000))) << "re-timing it announced nothing";
  // A draft is nobody's work yet.
  c.status = CampaignStatus::kDraft;
  c.scheduled_at.reset();
  ASSERT_TRUE(other->CreateCampaign(c, clock_.Now()).ok());
  EXPECT_FALSE(*store_->WaitForWork(Millis(100)));
}

TEST_P(StoreContract, ProviderTextThatIsNotValidTextIsStoredSafely) {
  auto id = StartedCampaign(2, 10);
  auto lease = Claim();
  auto tasks = store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_EQ(tasks->size(), 2u);
  std::string nul("bad\0byte", 8), latin1("caf\xe9 \"quoted\" '; DROP TABLE x; --");
  std::vector<DeliveryOutcome> out = {
      {(*tasks)[0].delivery_id, DeliveryStatus::kFailed, nul, latin1, {}},
      {(*tasks)[1].delivery_id, DeliveryStatus::kSent, latin1, nul, {}}};
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());
  auto k = store_->GetCounters(id);
  EXPECT_EQ(k->failed, 1);
  EXPECT_EQ(k->sent, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(testing::TestBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace pregon

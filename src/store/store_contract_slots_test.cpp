// The Store contract, continued: hour slots, reservations and runs (DESIGN §1.5).
// Instantiated for every backend by store_contract_test.cpp (one suite, StoreContract).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store/store_contract_fixture.h"

namespace pregon {
namespace {

class Slots {
 public:
  explicit Slots(Store& store, FakeClock& clock) : store_(store), clock_(clock) {}

  int64_t Client(const std::string& name) {
    User u;
    u.username = name;
    u.role = Role::kClient;
    return store_.CreateUser(u).value();
  }
  int64_t Job(const std::string& name = "reporter") {
    JobDefinition j;
    j.name = name;
    j.command = "/opt/reporter/run";
    return store_.DefineJob(j, clock_.Now()).value();
  }
  Result<Reservation> Reserve(int64_t user, std::optional<int> hour, int64_t estimate,
                              int64_t job) {
    return store_.Reserve({user, hour, estimate, job}, clock_.Now());
  }

 private:
  Store& store_;
  FakeClock& clock_;
};

TEST_P(StoreContract, SlotsHoldReservationsUpToTheirCapacityInWeight) {
  Slots s(*store_, clock_);
  auto slots = store_->ListSlots();
  ASSERT_TRUE(slots.ok()) << slots.status().ToString();
  ASSERT_EQ(slots->size(), 24u);
  EXPECT_EQ((*slots)[7].max_users, kDefaultSlotUsers);
  EXPECT_EQ((*slots)[7].available(), kDefaultSlotUsers);

  ASSERT_TRUE(store_->SetSlot(7, 4, true).ok());
  const int64_t job = s.Job();
  auto big = s.Reserve(s.Client("big"), 7, 6'000, job);  // weight 3
  ASSERT_TRUE(big.ok()) << big.status().ToString();
  EXPECT_EQ(big->weight, 3);
  EXPECT_EQ(big->estimated_pending, 480);
  EXPECT_EQ(big->job_name, "reporter");
  auto medium = s.Reserve(s.Client("medium"), 7, 3'000, job);  // weight 2: 5 > 4
  ASSERT_FALSE(medium.ok());
  EXPECT_EQ(medium.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(medium.status().message(), "the 07:00 slot is full (at most 4 users)");
  ASSERT_TRUE(s.Reserve(s.Client("small"), 7, 100, job).ok());
  EXPECT_EQ((*store_->ListSlots())[7].current_users, 4);
  EXPECT_EQ((*store_->ListSlots())[7].available(), 0);
  EXPECT_EQ(store_->ListReservations(7)->size(), 2u);

  EXPECT_EQ(store_->SetSlot(24, 1, true).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->SetSlot(9, 10, false).ok());
  EXPECT_EQ(s.Reserve(s.Client("late"), 9, 1, job).status().code(), StatusCode::kInvalidArgument)
      << "not bookable";
}

TEST_P(StoreContract, MovingAReservationNeverCountsItTwice) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  ASSERT_TRUE(store_->SetSlot(7, 1, true).ok());
  ASSERT_TRUE(store_->SetSlot(8, 1, true).ok());
  const int64_t ana = s.Client("ana");
  ASSERT_TRUE(s.Reserve(ana, 7, 10, job).ok());
  ASSERT_TRUE(s.Reserve(ana, 7, 20, job).ok()) << "re-estimating in place fits its own room";
  auto moved = s.Reserve(ana, 8, 20, job);
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->hour, 8);
  EXPECT_EQ((*store_->ListSlots())[7].current_users, 0);
  EXPECT_EQ((*store_->ListSlots())[8].current_users, 1);
  EXPECT_EQ(store_->GetReservation(ana)->monthly_orders_estimate, 20);
  ASSERT_TRUE(store_->CancelReservation(ana).ok());
  EXPECT_EQ(store_->CancelReservation(ana).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetReservation(ana).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, JobParamsAreReplacedWholeAndGoWithTheReservation) {
  Slots s(*store_, clock_);
  const int64_t ana = s.Client("ana");
  ASSERT_TRUE(s.Reserve(ana, 7, 10, s.Job()).ok());
  ASSERT_TRUE(
      store_->SetJobParams(ana, {{"SITE", "shop.example", false}, {"PASSWORD", "c2VhbGVk", true}})
          .ok());
  auto params = store_->JobParams(ana);
  ASSERT_TRUE(params.ok()) << params.status().ToString();
  ASSERT_EQ(params->size(), 2u);
  EXPECT_EQ((*params)[0].name, "PASSWORD") << "by name";
  EXPECT_TRUE((*params)[0].secret);
  EXPECT_EQ((*params)[1].value, "shop.example");
  ASSERT_TRUE(store_->SetJobParams(ana, {{"SITE", "other.example", false}}).ok());
  EXPECT_EQ(store_->JobParams(ana)->size(), 1u) << "replaced whole";
  ASSERT_TRUE(store_->CancelReservation(ana).ok());
  EXPECT_TRUE(store_->JobParams(ana)->empty()) << "gone with the reservation";
}

TEST_P(StoreContract, NoHourMeansTheFirstBookableHourWithRoomForTheWeight) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  for (int h = 0; h < 24; ++h) ASSERT_TRUE(store_->SetSlot(h, 3, h >= 6).ok());
  ASSERT_TRUE(s.Reserve(s.Client("a"), 6, 2'500, job).ok());         // weight 2 of 3
  auto placed = s.Reserve(s.Client("b"), std::nullopt, 3'000, job);  // weight 2
  ASSERT_TRUE(placed.ok()) << placed.status().ToString();
  EXPECT_EQ(placed->hour, 7);
  auto small = s.Reserve(s.Client("c"), std::nullopt, 10, job);  // weight 1
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->hour, 6);
  for (int h = 0; h < 24; ++h) ASSERT_TRUE(store_->SetSlot(h, 0, true).ok());
  EXPECT_EQ(s.Reserve(s.Client("d"), std::nullopt, 10, job).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(StoreContract, TwentyNodesRacingForTheLastTenPlacesGetExactlyTen) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  std::vector<int64_t> users;
  for (int i = 0; i < 20; ++i) users.push_back(s.Client("u" + std::to_string(i)));
  std::atomic<int> won{0}, full{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      auto node = OpenOrDie();
      auto r = node->Reserve({users[i], 7, 100, job}, clock_.Now());
      if (r.ok()) ++won;
      if (r.status().code() == StatusCode::kFailedPrecondition) ++full;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 10);
  EXPECT_EQ(full.load(), 10);
  EXPECT_EQ((*store_->ListSlots())[7].current_users, 10);
}

TEST_P(StoreContract, JobsAreDefinedByNameAndRedefined) {
  JobDefinition j;
  j.name = "reporter";
  j.command = "/opt/reporter/run";
  j.range_size = 50;
  const int64_t id = store_->DefineJob(j, clock_.Now()).value();
  j.command = "/opt/reporter/v2";
  EXPECT_EQ(store_->DefineJob(j, clock_.Now()).value(), id) << "the same job, redefined";
  auto found = store_->FindJob("reporter");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->command, "/opt/reporter/v2");
  EXPECT_EQ(found->range_size, 50);
  EXPECT_EQ(found->timeout, Millis(55 * 60 * 1000));
  EXPECT_EQ(store_->FindJob("nope").status().code(), StatusCode::kNotFound);
  j.command = "relative/path";
  EXPECT_EQ(store_->DefineJob(j, clock_.Now()).status().field(), "command");
  EXPECT_EQ(store_->ListJobs()->size(), 1u);

  ASSERT_TRUE(store_->SetLimiter({"exec", 2}).ok());
  ASSERT_TRUE(store_->SetLimiter({"browser", 1}).ok());
  EXPECT_EQ(store_->SetLimiter({"exec", 0}).code(), StatusCode::kInvalidArgument);
  auto pools = store_->ListLimiters();
  ASSERT_EQ(pools->size(), 2u);
  EXPECT_EQ((*pools)[0].name, "browser");
  EXPECT_EQ((*pools)[1].capacity, 2);
}

TEST_P(StoreContract, ASlotsRunForAnHourIsCreatedOnceWithItsReservations) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  ASSERT_TRUE(s.Reserve(s.Client("ana"), 7, 100, job).ok());
  ASSERT_TRUE(s.Reserve(s.Client("bea"), 7, 3'000, job).ok());
  ASSERT_TRUE(s.Reserve(s.Client("cid"), 8, 100, job).ok());
  const Timestamp seven = *ParseIso8601("2026-12-07T12:00:00Z");

  auto first = store_->CreateRun(7, seven, clock_.Now());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->users, 2);
  EXPECT_EQ(first->run.status, RunStatus::kRunning);
  auto again = OpenOrDie()->CreateRun(7, seven, clock_.Now());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created) << "another node finds the same run";
  EXPECT_EQ(again->run.id, first->run.id);
  auto users = store_->ListRunUsers(first->run.id);
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].username, "ana");
  EXPECT_EQ((*users)[0].status, RunUserStatus::kPreparing);
  EXPECT_FALSE((*users)[0].pending_items.has_value());

  auto empty = store_->CreateRun(9, seven + Millis(7'200'000), clock_.Now());
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->run.status, RunStatus::kCompleted) << "nobody reserved 09:00";
  EXPECT_TRUE(empty->run.finished_at.has_value());
  EXPECT_EQ((*store_->LatestRun())->id, empty->run.id);
  EXPECT_EQ(store_->GetRun(first->run.id)->hour, 7);
  EXPECT_EQ(store_->GetRun(99999).status().code(), StatusCode::kNotFound);
}

RunUnitOutcome Done(int64_t pending = 0) {
  RunUnitOutcome o;
  o.pending_items = pending;
  o.log = "ok\n";
  return o;
}

RunUnitOutcome Failed(RunUnitOutcome::Kind kind, Timestamp retry_at = {}) {
  RunUnitOutcome o;
  o.kind = kind;
  o.error = "exit status 3";
  o.retry_at = retry_at;
  return o;
}

TEST_P(StoreContract, ARunsUnitsNeverHoldMorePermitsThanThePoolAndDeadHoldersFreeTheirs) {
  Slots s(*store_, clock_);
  ASSERT_TRUE(store_->SetLimiter({"exec", 2}).ok());
  const int64_t job = s.Job();
  for (const char* name : {"ana", "bea", "cid"})
    ASSERT_TRUE(s.Reserve(s.Client(name), 7, 1, job).ok());
  const int64_t run = store_->CreateRun(7, clock_.Now(), clock_.Now())->run.id;
  const Millis ttl(30'000);

  auto a = store_->ClaimRunUnit("n1", clock_.Now(), ttl);
  auto b = OpenOrDie()->ClaimRunUnit("n2", clock_.Now(), ttl);
  ASSERT_TRUE(a.ok() && a->has_value()) << a.status().ToString();
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*a)->unit.kind, RunUnitKind::kPrepare);
  EXPECT_EQ((*a)->unit.job.command, "/opt/reporter/run");
  EXPECT_EQ((*a)->unit.attempts, 1);
  EXPECT_NE((*a)->unit.run_user_id, (*b)->unit.run_user_id);
  EXPECT_FALSE(store_->ClaimRunUnit("n3", clock_.Now(), ttl)->has_value())
      << "the pool's two permits are taken";
  EXPECT_EQ(**store_->NextRunUnitDue(), clock_.Now()) << "a third prepare waits";

  ASSERT_TRUE(store_->FinishRunUnit(**a, Done(250), clock_.Now()).ok());
  auto users = *store_->ListRunUsers(run);
  auto prepared = std::find_if(users.begin(), users.end(),
                               [&](const RunUser& u) { return u.id == (*a)->unit.run_user_id; });
  ASSERT_NE(prepared, users.end());
  EXPECT_EQ(prepared->status, RunUserStatus::kRunning);
  EXPECT_EQ(prepared->pending_items, 250);
  EXPECT_EQ(prepared->total_ranges, 3);
  auto c = store_->ClaimRunUnit("n3", clock_.Now(), ttl);
  ASSERT_TRUE(c->has_value()) << "a finished unit gives its permit back";
  EXPECT_FALSE(store_->ClaimRunUnit("n3", clock_.Now(), ttl)->has_value());

  // n2 dies holding its permit: one lease TTL later it is free and the unit is taken again.
  clock_.Advance(Millis(20'000));
  ASSERT_TRUE(store_->RenewRunUnit(**c, clock_.Now(), ttl).ok());
  clock_.Advance(Millis(11'000));
  auto again = store_->ClaimRunUnit("n4", clock_.Now(), ttl);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->unit.id, (*b)->unit.id);
  EXPECT_EQ((*again)->unit.attempts, 2) << "the dead holder's attempt counts";
  EXPECT_EQ(store_->RenewRunUnit(**b, clock_.Now(), ttl).code(), StatusCode::kConflict);
  EXPECT_EQ(store_->FinishRunUnit(**b, Done(), clock_.Now()).code(), StatusCode::kConflict);
  EXPECT_FALSE(store_->ClaimRunUnit("n5", clock_.Now(), ttl)->has_value())
      << "n3 renewed: still two holders";
  ASSERT_TRUE(store_->ReleaseRunUnit(**c, clock_.Now()).ok());
  EXPECT_TRUE(store_->ClaimRunUnit("n5", clock_.Now(), ttl)->has_value())
      << "a unit given back frees its permit";
}

TEST_P(StoreContract, ARunEndsWhenEveryUserEndsAndSaysHow) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  ASSERT_TRUE(s.Reserve(s.Client("ana"), 7, 1, job).ok());
  ASSERT_TRUE(s.Reserve(s.Client("bea"), 7, 1, job).ok());
  const int64_t run = store_->CreateRun(7, clock_.Now(), clock_.Now())->run.id;
  const Millis ttl(30'000);
  auto claim = [&] { return store_->ClaimRunUnit("n", clock_.Now(), ttl).value(); };

  auto user = [&](int64_t run_user_id) {
    const std::vector<RunUser> users = store_->ListRunUsers(run).value();
    for (const RunUser& u : users)
      if (u.id == run_user_id) return u;
    ADD_FAILURE() << "no run user " << run_user_id;
    return RunUser{};
  };
  auto first = claim();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(user(first->unit.run_user_id).prepare_status, "running");
  ASSERT_TRUE(store_->ReleaseRunUnit(*first, clock_.Now()).ok());  // a graceful stop
  EXPECT_EQ(user(first->unit.run_user_id).prepare_status, "pending");
  clock_.Advance(Millis(1000));
  first = claim();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->unit.attempts, 1) << "a unit given back on a stop is not an attempt";
  ASSERT_TRUE(store_->FinishRunUnit(*first, Done(0), clock_.Now()).ok());  // nothing pending
  auto second = claim();
  ASSERT_TRUE(second.has_value());
  ASSERT_TRUE(store_->FinishRunUnit(*second, Done(150), clock_.Now()).ok());  // 2 ranges of 100
  EXPECT_EQ(user(second->unit.run_user_id).prepare_status, "done");
  EXPECT_EQ(user(second->unit.run_user_id).prepared_at, clock_.Now());
  EXPECT_EQ(user(second->unit.run_user_id).status, RunUserStatus::kRunning);
  EXPECT_EQ(user(first->unit.run_user_id).status, RunUserStatus::kCompleted)
      << "no items: done at once";
  EXPECT_TRUE(user(first->unit.run_user_id).finished_at.has_value());
  EXPECT_EQ(store_->GetRun(run)->status, RunStatus::kRunning);

  auto r1 = claim();
  auto r2 = claim();
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(r1->unit.kind, RunUnitKind::kRange);
  EXPECT_EQ(r1->unit.start_item, 1);
  EXPECT_EQ(r1->unit.end_item, 100);
  EXPECT_EQ(r2->unit.start_item, 101);
  EXPECT_EQ(r2->unit.end_item, 150);
  ASSERT_TRUE(store_->FinishRunUnit(*r1, Done(), clock_.Now()).ok());
  ASSERT_TRUE(
      store_
          ->FinishRunUnit(*r2, Failed(RunUnitOutcome::Kind::kRetry, clock_.Now() + Millis(60'000)),
                          clock_.Now())
          .ok());
  EXPECT_FALSE(claim().has_value()) << "the retry waits its delay";
  EXPECT_EQ(**store_->NextRunUnitDue(), clock_.Now() + Millis(60'000));
  clock_.Advance(Millis(60'000));
  auto retried = claim();
  ASSERT_TRUE(retried.has_value());
  EXPECT_EQ(retried->unit.attempts, 2);
  ASSERT_TRUE(
      store_->FinishRunUnit(*retried, Failed(RunUnitOutcome::Kind::kFailed), clock_.Now()).ok());

  const RunUser failed = user(second->unit.run_user_id);
  EXPECT_EQ(failed.status, RunUserStatus::kFailed);
  EXPECT_EQ(failed.ranges_completed, 1);
  EXPECT_EQ(failed.ranges_failed, 1);
  EXPECT_EQ(failed.last_error, "exit status 3");
  auto ended = store_->GetRun(run);
  EXPECT_EQ(ended->status, RunStatus::kFailed) << "a user failed";
  EXPECT_TRUE(ended->finished_at.has_value());
  EXPECT_FALSE(store_->NextRunUnitDue()->has_value()) << "no work left";
}

TEST_P(StoreContract, RunsAreListedNewestFirstAndForOneUserOnlyThoseItTookPartIn) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  const int64_t ana = s.Client("ana"), bea = s.Client("bea");
  ASSERT_TRUE(s.Reserve(ana, 7, 1, job).ok());
  const Timestamp day = clock_.Now();
  const Millis hour(3'600'000);
  const int64_t ana_run = store_->CreateRun(7, day, day)->run.id;
  ASSERT_TRUE(s.Reserve(ana, 8, 1, job).ok());  // moved: the 09:00 run is bea's only
  ASSERT_TRUE(s.Reserve(bea, 9, 1, job).ok());
  const int64_t bea_run = store_->CreateRun(9, day + 2 * hour, day)->run.id;
  const int64_t empty_run = store_->CreateRun(10, day + 3 * hour, day)->run.id;

  auto ids = [](const std::vector<pregon::Run>& runs) {
    std::vector<int64_t> out;
    out.reserve(runs.size());
    for (const pregon::Run& r : runs) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(*store_->ListRuns(day, 20, std::nullopt)),
            (std::vector<int64_t>{empty_run, bea_run, ana_run}));
  EXPECT_EQ(ids(*store_->ListRuns(day, 20, ana)), std::vector<int64_t>{ana_run});
  EXPECT_EQ(ids(*store_->ListRuns(day, 20, bea)), std::vector<int64_t>{bea_run});
  EXPECT_EQ(ids(*store_->ListRuns(day + hour, 20, ana)), std::vector<int64_t>{}) << "since";
  EXPECT_EQ(ids(*store_->ListRuns(day, 1, std::nullopt)), std::vector<int64_t>{empty_run});
}

TEST_P(StoreContract, APrepareThatKeepsFailingFailsItsUserAndTheRunStillEnds) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  ASSERT_TRUE(s.Reserve(s.Client("ana"), 7, 1, job).ok());
  const int64_t run = store_->CreateRun(7, clock_.Now(), clock_.Now())->run.id;
  auto unit = store_->ClaimRunUnit("n", clock_.Now(), Millis(30'000)).value();
  ASSERT_TRUE(unit.has_value());
  ASSERT_TRUE(
      store_->FinishRunUnit(*unit, Failed(RunUnitOutcome::Kind::kFailed), clock_.Now()).ok());
  auto users = *store_->ListRunUsers(run);
  EXPECT_EQ(users[0].status, RunUserStatus::kFailed);
  EXPECT_EQ(users[0].total_ranges, 0) << "no ranges without a prepare";
  EXPECT_EQ(users[0].prepare_attempts, 1);
  EXPECT_EQ(store_->GetRun(run)->status, RunStatus::kFailed);
}

TEST_P(StoreContract, ACancelledRunStopsItsUnitsAndKeepsItsLogs) {
  Slots s(*store_, clock_);
  const int64_t job = s.Job();
  ASSERT_TRUE(s.Reserve(s.Client("ana"), 7, 1, job).ok());
  ASSERT_TRUE(s.Reserve(s.Client("bea"), 7, 1, job).ok());
  const int64_t run = store_->CreateRun(7, clock_.Now(), clock_.Now())->run.id;
  const Millis ttl(30'000);
  auto prepare = store_->ClaimRunUnit("n", clock_.Now(), ttl).value();
  ASSERT_TRUE(prepare.has_value());
  RunUnitOutcome done;
  done.pending_items = 120;
  done.log = "logged in\n120\n";
  ASSERT_TRUE(store_->FinishRunUnit(*prepare, done, clock_.Now()).ok());
  auto running = store_->ClaimRunUnit("n", clock_.Now(), ttl).value();
  ASSERT_TRUE(running.has_value());

  auto units = store_->ListRunUnits(run);
  ASSERT_TRUE(units.ok()) << units.status().ToString();
  ASSERT_EQ(units->size(), 4u);  // one user: prepare + 2 ranges; the other: prepare
  auto done_at = std::find_if(units->begin(), units->end(),
                              [](const RunUnitView& u) { return u.status == "done"; });
  ASSERT_NE(done_at, units->end());
  EXPECT_EQ(done_at->kind, RunUnitKind::kPrepare);
  EXPECT_EQ(done_at->log, "logged in\n120\n");
  ASSERT_GE(std::distance(done_at, units->end()), 3) << "its two ranges follow it";
  EXPECT_EQ((done_at + 1)->kind, RunUnitKind::kRange) << "a user's prepare, then its ranges";
  EXPECT_EQ((done_at + 1)->start_item, 1);
  EXPECT_EQ((done_at + 2)->start_item, 101);
  EXPECT_EQ((done_at + 2)->run_user_id, done_at->run_user_id);

  ASSERT_TRUE(store_->CancelRun(run, clock_.Now()).ok());
  EXPECT_EQ(store_->GetRun(run)->status, RunStatus::kCancelled);
  EXPECT_EQ(store_->RenewRunUnit(*running, clock_.Now(), ttl).code(), StatusCode::kConflict)
      << "the job running a cancelled unit loses its lease";
  EXPECT_FALSE(store_->ClaimRunUnit("n", clock_.Now(), ttl)->has_value());
  const std::vector<RunUser> users = store_->ListRunUsers(run).value();
  for (const RunUser& u : users) EXPECT_EQ(u.status, RunUserStatus::kCancelled) << u.username;
  EXPECT_EQ(store_->CancelRun(run, clock_.Now()).message(),
            "run " + std::to_string(run) + " already ended (cancelled)");
  EXPECT_EQ(store_->CancelRun(999, clock_.Now()).code(), StatusCode::kNotFound);

  clock_.Advance(Millis(3'600'000));
  const int64_t later = store_->CreateRun(8, clock_.Now(), clock_.Now())->run.id;
  auto runs = store_->ListRuns(clock_.Now() - Millis(7'200'000), 20, std::nullopt);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, later) << "newest first";
  EXPECT_EQ(store_->ListRuns(clock_.Now(), 20, std::nullopt)->size(), 1u);
}

}  // namespace
}  // namespace pregon

// The Store contract, continued: what the HTTP API needs — users, API tokens, sessions,
// idempotent requests, and listings page by page. Instantiated for every backend by
// store_contract_test.cpp (one suite, StoreContract).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <set>
#include <thread>

#include "store/store_contract_fixture.h"

namespace pregon {
namespace {

User MakeUserValue(std::string name, Role role, Timestamp now) {
  User u;
  u.username = std::move(name);
  u.role = role;
  u.password_hash = "$argon2id$v=19$fake";
  u.created_at = now;
  return u;
}

ApiToken TokenValue(int64_t user_id, std::string hash, Timestamp now) {
  ApiToken t;
  t.user_id = user_id;
  t.name = "script";
  t.prefix = "pgn_abcd";
  t.token_hash = std::move(hash);
  t.created_at = now;
  return t;
}

TEST_P(StoreContract, UsersAreUniqueAndFoundByNameAndId) {
  auto ana = store_->CreateUser(MakeUserValue("ana", Role::kAdmin, clock_.Now()));
  ASSERT_TRUE(ana.ok()) << ana.status().ToString();
  ASSERT_TRUE(store_->CreateUser(MakeUserValue("bob", Role::kViewer, clock_.Now())).ok());
  EXPECT_EQ(store_->CreateUser(MakeUserValue("ana", Role::kViewer, clock_.Now())).status().code(),
            StatusCode::kAlreadyExists);
  auto found = store_->FindUser("ana");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *ana);
  EXPECT_EQ(found->role, Role::kAdmin);
  EXPECT_EQ(found->password_hash, "$argon2id$v=19$fake");
  EXPECT_EQ(found->created_at, clock_.Now());
  EXPECT_EQ(store_->GetUser(*ana)->username, "ana");
  EXPECT_EQ(store_->FindUser("nobody").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetUser(999).status().code(), StatusCode::kNotFound);
  auto all = store_->ListUsers();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].username, "ana");
  EXPECT_EQ((*all)[1].role, Role::kViewer);
}

TEST_P(StoreContract, TokensAuthenticateUntilRevoked) {
  auto uid = *store_->CreateUser(MakeUserValue("ops", Role::kOperator, clock_.Now()));
  auto t1 = store_->CreateApiToken(TokenValue(uid, "hash1", clock_.Now()));
  ASSERT_TRUE(t1.ok()) << t1.status().ToString();
  ASSERT_TRUE(store_->CreateApiToken(TokenValue(uid, "hash2", clock_.Now())).ok());
  EXPECT_EQ(store_->CreateApiToken(TokenValue(uid, "hash1", clock_.Now())).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->CreateApiToken(TokenValue(999, "hash3", clock_.Now())).status().code(),
            StatusCode::kNotFound);

  auto who = store_->FindUserByToken("hash1");
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->username, "ops");
  EXPECT_EQ(who->role, Role::kOperator);
  EXPECT_EQ(store_->FindUserByToken("nope").status().code(), StatusCode::kNotFound);

  clock_.Advance(Millis(1000));
  ASSERT_TRUE(store_->RevokeApiToken(*t1, clock_.Now()).ok());
  EXPECT_EQ(store_->FindUserByToken("hash1").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->FindUserByToken("hash2").ok());  // the other token still works
  const Timestamp revoked_at = clock_.Now();
  clock_.Advance(Millis(1000));
  EXPECT_TRUE(store_->RevokeApiToken(*t1, clock_.Now()).ok());  // again: no change
  EXPECT_EQ(store_->RevokeApiToken(999, clock_.Now()).code(), StatusCode::kNotFound);

  auto tokens = store_->ListApiTokens(uid);
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 2u);
  EXPECT_EQ(tokens->back().id, *t1);  // newest first
  EXPECT_EQ(tokens->back().revoked_at, revoked_at);
  EXPECT_EQ(tokens->back().username, "ops");
  EXPECT_EQ(tokens->back().prefix, "pgn_abcd");
  EXPECT_TRUE(tokens->back().token_hash.empty());  // listings never carry the hash
  EXPECT_FALSE(tokens->front().revoked_at.has_value());
  EXPECT_EQ(store_->ListApiTokens(std::nullopt)->size(), 2u);
  EXPECT_TRUE(store_->ListApiTokens(uid + 1)->empty());
}

TEST_P(StoreContract, SessionsLastUntilTheyExpireOrAreDeleted) {
  auto uid = *store_->CreateUser(MakeUserValue("ana", Role::kViewer, clock_.Now()));
  Session s{"sid-hash", uid, "csrf-hash", clock_.Now(), clock_.Now() + Millis(60'000)};
  ASSERT_TRUE(store_->CreateSession(s).ok());
  auto found = store_->FindSession("sid-hash", clock_.Now());
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->user.username, "ana");
  EXPECT_EQ(found->session.csrf_hash, "csrf-hash");
  EXPECT_EQ(found->session.expires_at, s.expires_at);
  EXPECT_EQ(store_->FindSession("other", clock_.Now()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindSession("sid-hash", s.expires_at).status().code(), StatusCode::kNotFound);

  ASSERT_TRUE(
      store_->CreateSession({"second", uid, "c", clock_.Now(), clock_.Now() + Millis(10)}).ok());
  clock_.Advance(Millis(20));
  auto purged = store_->PurgeExpired(clock_.Now(), clock_.Now() - Millis(86'400'000));
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);  // only the expired one
  ASSERT_TRUE(store_->DeleteSession("sid-hash").ok());
  EXPECT_TRUE(store_->DeleteSession("sid-hash").ok());  // already gone: fine
  EXPECT_EQ(store_->FindSession("sid-hash", clock_.Now()).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, AUsersSessionsAreListedAndEndedTogether) {
  auto ana = *store_->CreateUser(MakeUserValue("ana", Role::kViewer, clock_.Now()));
  auto bob = *store_->CreateUser(MakeUserValue("bob", Role::kViewer, clock_.Now()));
  const Timestamp t0 = clock_.Now();
  ASSERT_TRUE(store_->CreateSession({"a1", ana, "c", t0, t0 + Millis(60'000)}).ok());
  ASSERT_TRUE(store_->CreateSession({"a2", ana, "c", t0 + Millis(5), t0 + Millis(60'000)}).ok());
  ASSERT_TRUE(store_->CreateSession({"a-old", ana, "c", t0, t0 + Millis(1)}).ok());
  ASSERT_TRUE(store_->CreateSession({"b1", bob, "c", t0, t0 + Millis(60'000)}).ok());
  clock_.Advance(Millis(10));

  auto live = store_->ListSessions(ana, clock_.Now());
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  ASSERT_EQ(live->size(), 2u) << "the expired one is not listed";
  EXPECT_EQ((*live)[0].id_hash, "a2");  // newest first
  EXPECT_EQ((*live)[1].created_at, t0);
  EXPECT_EQ((*live)[1].user_id, ana);

  auto ended = store_->DeleteUserSessions(ana);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 3);
  EXPECT_EQ(store_->FindSession("a1", clock_.Now()).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->FindSession("b1", clock_.Now()).ok()) << "another user's session stays";
  EXPECT_TRUE(store_->ListSessions(ana, clock_.Now())->empty());
  EXPECT_EQ(*store_->DeleteUserSessions(ana), 0);
  EXPECT_EQ(store_->ListSessions(999, clock_.Now()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->DeleteUserSessions(999).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, AUsersRoleAndPasswordChangeAndTheLastAdminStays) {
  auto ana = *store_->CreateUser(MakeUserValue("ana", Role::kAdmin, clock_.Now()));
  auto bob = *store_->CreateUser(MakeUserValue("bob", Role::kViewer, clock_.Now()));
  const Timestamp t0 = clock_.Now();
  for (const char* id : {"b1", "b2", "b3"})
    ASSERT_TRUE(store_->CreateSession({id, bob, "c", t0, t0 + Millis(60'000)}).ok());

  auto ended = store_->ChangeUserAccess(bob, {.role = Role::kOperator,
                                              .password_hash = "new-hash",
                                              .end_sessions = true,
                                              .keep_session_hash = "b2"});
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  EXPECT_EQ(*ended, 2);
  EXPECT_EQ(store_->GetUser(bob)->role, Role::kOperator);
  EXPECT_EQ(store_->GetUser(bob)->password_hash, "new-hash");
  EXPECT_TRUE(store_->FindSession("b2", clock_.Now()).ok()) << "the session kept";
  EXPECT_EQ(store_->FindSession("b1", clock_.Now()).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*store_->ChangeUserAccess(bob, {.role = Role::kViewer}), 0) << "sessions untouched";
  EXPECT_TRUE(store_->FindSession("b2", clock_.Now()).ok());
  EXPECT_EQ(store_->GetUser(bob)->password_hash, "new-hash") << "an absent member stays";
  // The language chosen on the profile is kept with the user and read with its session.
  EXPECT_EQ(store_->GetUser(bob)->language, "") << "none chosen: the browser's";
  ASSERT_TRUE(store_->ChangeUserAccess(bob, {.language = "en"}).ok());
  EXPECT_EQ(store_->FindSession("b2", clock_.Now())->user.language, "en");
  EXPECT_EQ(store_->FindSession("b2", clock_.Now())->session.csrf_hash, "c");
  EXPECT_EQ(store_->GetUser(bob)->role, Role::kViewer) << "the language alone changed";

  // The only admin cannot stop being one; once there is another, it can.
  auto last = store_->ChangeUserAccess(ana, {.role = Role::kViewer, .password_hash = "x"});
  EXPECT_EQ(last.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetUser(ana)->role, Role::kAdmin);
  EXPECT_NE(store_->GetUser(ana)->password_hash, "x") << "nothing changed";
  ASSERT_TRUE(store_->ChangeUserAccess(ana, {.role = Role::kAdmin}).ok()) << "admin stays admin";
  ASSERT_TRUE(store_->ChangeUserAccess(bob, {.role = Role::kAdmin}).ok());
  ASSERT_TRUE(store_->ChangeUserAccess(ana, {.role = Role::kViewer}).ok());
  EXPECT_EQ(store_->ChangeUserAccess(bob, {.role = Role::kReportManager}).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->ChangeUserAccess(999, {.role = Role::kViewer}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContract, IdempotencyKeyIsClaimedOnceThenReplayed) {
  auto ana = *store_->CreateUser(MakeUserValue("ana", Role::kAdmin, clock_.Now()));
  auto bob = *store_->CreateUser(MakeUserValue("bob", Role::kAdmin, clock_.Now()));
  const Timestamp stale = clock_.Now() - Millis(60'000);
  IdempotencyRecord rec{ana, "k1", "POST /x abc", 0, "", clock_.Now()};
  auto first = store_->BeginIdempotentRequest(rec, stale);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->has_value());  // claimed

  auto during = store_->BeginIdempotentRequest(rec, stale);
  ASSERT_TRUE(during.ok() && during->has_value());
  EXPECT_EQ((*during)->status, 0);  // still in progress

  IdempotencyRecord other_user = rec;
  other_user.user_id = bob;  // keys are per user
  EXPECT_FALSE(store_->BeginIdempotentRequest(other_user, stale)->has_value());

  ASSERT_TRUE(store_->FinishIdempotentRequest(ana, "k1", 201, R"({"id":7})").ok());
  auto replay = store_->BeginIdempotentRequest(rec, stale);
  ASSERT_TRUE(replay.ok() && replay->has_value());
  EXPECT_EQ((*replay)->status, 201);
  EXPECT_EQ((*replay)->response, R"({"id":7})");
  EXPECT_EQ((*replay)->fingerprint, "POST /x abc");
  EXPECT_EQ(store_->FinishIdempotentRequest(ana, "never", 200, "{}").code(), StatusCode::kNotFound);

  // Abandoned: the next request may claim it again. A finished one cannot be abandoned.
  ASSERT_TRUE(store_->AbandonIdempotentRequest(bob, "k1").ok());
  EXPECT_FALSE(store_->BeginIdempotentRequest(other_user, stale)->has_value());
  ASSERT_TRUE(store_->AbandonIdempotentRequest(ana, "k1").ok());
  EXPECT_EQ((*store_->BeginIdempotentRequest(rec, stale))->status, 201);

  // An in-progress claim older than stale_before (its process died) is taken over.
  clock_.Advance(Millis(120'000));
  IdempotencyRecord later = other_user;
  later.fingerprint = "POST /x def";
  later.created_at = clock_.Now();
  EXPECT_FALSE(store_->BeginIdempotentRequest(later, clock_.Now() - Millis(60'000))->has_value());
  ASSERT_TRUE(store_->FinishIdempotentRequest(bob, "k1", 200, "{}").ok());
  EXPECT_EQ((*store_->BeginIdempotentRequest(later, stale))->fingerprint, "POST /x def");

  // Old records are purged.
  auto purged = store_->PurgeExpired(clock_.Now(), clock_.Now() - Millis(60'000));
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);  // ana's (2 min old); bob's was renewed by the take-over
  EXPECT_FALSE(store_->BeginIdempotentRequest(rec, stale)->has_value());
}

TEST_P(StoreContract, ConcurrentClaimsOfOneKeyHaveOneWinner) {
  auto uid = *store_->CreateUser(MakeUserValue("ana", Role::kAdmin, clock_.Now()));
  std::vector<std::unique_ptr<Store>> nodes;
  for (int i = 0; i < 4; ++i) nodes.push_back(OpenOrDie());
  std::atomic<int> winners{0}, errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      IdempotencyRecord rec{uid, "race", "POST /x", 0, "", clock_.Now()};
      auto r = nodes[i]->BeginIdempotentRequest(rec, clock_.Now() - Millis(60'000));
      if (!r.ok())
        ++errors;
      else if (!r->has_value())
        ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
}

TEST_P(StoreContract, CampaignListingPagesNewestFirstWithFilters) {
  const int64_t s1 = MakeSender("alpha"), s2 = MakeSender("beta");
  const int64_t l1 = MakeList(3, "L1"), l2 = MakeList(2, "L2");
  std::vector<int64_t> ids;
  const char* names[] = {"Spring Sale", "spring news", "Winter",
                         "100% off",    "a_b",         "x'; DROP TABLE campaigns; --",
                         "Summer"};
  for (int i = 0; i < 7; ++i) {
    Campaign c;
    c.name = names[i];
    c.sender_id = i % 2 ? s2 : s1;
    c.list_id = i < 4 ? l1 : l2;
    c.text_body = "hi";
    auto id = store_->CreateCampaign(c, clock_.Now());
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  ASSERT_TRUE(store_->ApplyCampaignAction(ids[0], CampaignAction::kSend, clock_.Now()).ok());
  ASSERT_TRUE(store_->StartCampaign(ids[0], clock_.Now()).ok());
  ASSERT_TRUE(store_->ApplyCampaignAction(ids[2], CampaignAction::kCancel, clock_.Now()).ok());

  // A cursor walk sees every campaign once, newest first.
  std::vector<int64_t> seen;
  CampaignQuery q;
  q.limit = 3;
  for (int page = 0; page < 10; ++page) {
    auto r = store_->ListCampaigns(q);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const auto& s : *r) seen.push_back(s.campaign.id);
    if (static_cast<int>(r->size()) < q.limit) break;
    q.before_id = r->back().campaign.id;
  }
  EXPECT_EQ(seen, std::vector<int64_t>(ids.rbegin(), ids.rend()));

  auto only = [&](CampaignQuery query) {
    query.limit = 100;
    std::set<int64_t> out;
    auto page = store_->ListCampaigns(query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) return out;
    const std::vector<CampaignSummary>& rows = page.value();
    for (const auto& s : rows) out.insert(s.campaign.id);
    return out;
  };
  CampaignQuery f;
  f.statuses = {CampaignStatus::kSending, CampaignStatus::kCancelled};
  EXPECT_EQ(only(f), (std::set<int64_t>{ids[0], ids[2]}));
  f = {};
  f.name_contains = "SPRING";
  EXPECT_EQ(only(f), (std::set<int64_t>{ids[0], ids[1]}));
  f.name_contains = "%";  // literal, not a wildcard
  EXPECT_EQ(only(f), (std::set<int64_t>{ids[3]}));
  f.name_contains = "_";
  EXPECT_EQ(only(f), (std::set<int64_t>{ids[4]}));
  f.name_contains = "DROP TABLE";
  EXPECT_EQ(only(f), (std::set<int64_t>{ids[5]}));
  f = {};
  f.sender_id = s2;
  f.list_id = l1;
  EXPECT_EQ(only(f), (std::set<int64_t>{ids[1], ids[3]}));

  // Counters come with each campaign: the started one has its 3 recipients pending.
  f = {};
  f.statuses = {CampaignStatus::kSending};
  auto started = store_->ListCampaigns(f);
  ASSERT_EQ(started->size(), 1u);
  EXPECT_EQ(started->front().counters.pending, 3);
  EXPECT_EQ(started->front().counters.total(), 3);
  EXPECT_EQ(started->front().campaign.name, "Spring Sale");
  EXPECT_EQ(store_->GetCampaign(ids[5])->name, names[5]);  // stored verbatim
}

TEST_P(StoreContract, OnlyDraftOrScheduledCampaignsCanBeEdited) {
  const int64_t id = MakeCampaign(2, 10);
  auto c = *store_->GetCampaign(id);
  c.name = "renamed";
  c.subject = "New subject";
  c.throttle.batch_size = 7;
  c.scheduled_at = clock_.Now() + Millis(3'600'000);
  c.status = CampaignStatus::kScheduled;
  c.attachments = {{"a.txt", "text/plain", 3, "abc"}};
  ASSERT_TRUE(store_->UpdateCampaign(c, /*replace_attachments=*/true, clock_.Now()).ok());
  auto got = *store_->GetCampaign(id);
  EXPECT_EQ(got.name, "renamed");
  EXPECT_EQ(got.subject, "New subject");
  EXPECT_EQ(got.throttle.batch_size, 7);
  EXPECT_EQ(got.status, CampaignStatus::kScheduled);
  EXPECT_EQ(got.scheduled_at, c.scheduled_at);
  ASSERT_EQ(store_->GetAttachments(id)->size(), 1u);

  // Without replace_attachments the files stay.
  got.name = "again";
  got.attachments.clear();
  ASSERT_TRUE(store_->UpdateCampaign(got, /*replace_attachments=*/false, clock_.Now()).ok());
  EXPECT_EQ(store_->GetAttachments(id)->front().content, "abc");
  auto events = *store_->ListEvents(id, 0, 100);
  EXPECT_EQ(events.back().kind, "updated");

  ASSERT_TRUE(store_->ApplyCampaignAction(id, CampaignAction::kSend, clock_.Now()).ok());
  got.name = "too late";
  EXPECT_EQ(store_->UpdateCampaign(got, false, clock_.Now()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->GetCampaign(id)->name, "again");
  EXPECT_EQ(store_->GetCampaign(id)->status, CampaignStatus::kQueued);
  got.id = 9999;
  EXPECT_EQ(store_->UpdateCampaign(got, false, clock_.Now()).code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, DeliveriesAreListedInSeqOrderByStatus) {
  const int64_t id = StartedCampaign(5, 5);
  auto lease = Claim();
  auto tasks = *store_->BeginDeliveries(lease, clock_.Now(), 10);
  ASSERT_EQ(tasks.size(), 5u);
  std::vector<DeliveryOutcome> out;
  for (auto& t : tasks)
    out.push_back({t.delivery_id,
                   t.seq % 2 ? DeliveryStatus::kSent : DeliveryStatus::kFailed,
                   t.seq % 2 ? "prov-" + std::to_string(t.seq) : "",
                   t.seq % 2 ? "" : "550 no such user",
                   {}});
  ASSERT_TRUE(store_->RecordOutcomes(lease, out, clock_.Now()).ok());

  DeliveryQuery q;
  q.campaign_id = id;
  q.limit = 2;
  std::vector<int64_t> seqs;
  for (;;) {
    auto page = *store_->ListDeliveries(q);
    for (const auto& d : page) seqs.push_back(d.seq);
    if (static_cast<int>(page.size()) < q.limit) break;
    q.after_seq = page.back().seq;
  }
  EXPECT_EQ(seqs, (std::vector<int64_t>{1, 2, 3, 4, 5}));

  q = {};
  q.campaign_id = id;
  q.status = DeliveryStatus::kFailed;
  auto failed = *store_->ListDeliveries(q);
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].seq, 2);
  EXPECT_EQ(failed[0].last_error, "550 no such user");
  EXPECT_EQ(failed[0].status, DeliveryStatus::kFailed);
  EXPECT_EQ(failed[0].attempts, 1);
  EXPECT_EQ(failed[0].campaign_id, id);
  q.status = DeliveryStatus::kSent;
  auto sent = *store_->ListDeliveries(q);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].provider_id, "prov-1");
  EXPECT_EQ(sent[0].address.find("@x.com") != std::string::npos, true);
  q.campaign_id = 9999;
  EXPECT_TRUE(store_->ListDeliveries(q)->empty());
}

TEST_P(StoreContract, ListsAndContactsArePagedById) {
  const int64_t l1 = MakeList(3, "first");
  const int64_t l2 = MakeList(1, "second");  // a0@x.com again: already a member of both
  auto lists = *store_->ListLists(0, 10);
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0].name, "first");
  EXPECT_EQ(lists[0].members, 3);
  EXPECT_EQ(lists[1].members, 1);
  EXPECT_EQ(store_->ListLists(l1, 10)->size(), 1u);
  EXPECT_EQ(store_->GetList(l2)->name, "second");
  EXPECT_EQ(store_->GetList(9999).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*store_->GetListName(l2), "second");
  auto names = *store_->ListListNames(l1 - 1, 10);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].name, "first");
  EXPECT_EQ(names[1].name, "second");
  EXPECT_EQ(names[0].members, 0);  // not counted
  EXPECT_EQ(store_->ListListNames(l1, 10)->size(), 1u);
  EXPECT_EQ(store_->GetListName(9999).status().code(), StatusCode::kNotFound);

  ContactQuery q;
  q.limit = 2;
  std::vector<std::string> emails;
  for (;;) {
    auto page = *store_->ListContacts(q);
    for (const auto& c : page) emails.push_back(c.email);
    if (static_cast<int>(page.size()) < q.limit) break;
    q.after_id = page.back().id;
  }
  EXPECT_EQ(emails, (std::vector<std::string>{"a0@x.com", "a1@x.com", "a2@x.com"}));
  q = {};
  q.list_id = l2;
  auto members = *store_->ListContacts(q);
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].email, "a0@x.com");
  auto one = store_->GetContact(members[0].id);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->name, "N0");
  EXPECT_EQ(store_->GetContact(9999).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, MetricsCountCampaignsRangesDeliveriesAndSuppressions) {
  const int64_t id = StartedCampaign(5, 2);  // 3 ranges
  SendAll(Claim());                          // 2 sent
  ASSERT_TRUE(store_
                  ->AddSuppressions(std::vector<Suppression>{
                      {"z@x.com", SuppressionReason::kBounced, id, clock_.Now()}})
                  .ok());
  auto counts = store_->CountForMetrics(clock_.Now());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  std::map<std::pair<std::string, std::string>, int64_t> m;
  for (const OpsCount& c : *counts) m[{c.metric, c.label}] = c.value;
  EXPECT_EQ((m[{"campaigns", "sending"}]), 1);
  EXPECT_EQ((m[{"deliveries", "sent"}]), 2);
  EXPECT_EQ((m[{"deliveries", "pending"}]), 3);
  EXPECT_EQ((m[{"deliveries", "failed"}]), 0);
  EXPECT_EQ((m[{"ranges", "leased"}]), 1);  // sent, not yet released
  EXPECT_EQ((m[{"ranges_claimable", ""}]), 2);
  // The two untouched batches are claimable since the campaign started: 90 s later they
  // have waited 90 s.
  EXPECT_LT((m[{"ranges_oldest_claimable_ms", ""}]), 1000);
  auto later = store_->CountForMetrics(clock_.Now() + Millis(90'000));
  ASSERT_TRUE(later.ok());
  std::map<std::string, int64_t> l;
  for (const OpsCount& c : *later) l[c.metric] = c.value;
  EXPECT_GE(l["ranges_oldest_claimable_ms"], 90'000);
  EXPECT_LT(l["ranges_oldest_claimable_ms"], 91'000);
  EXPECT_EQ((m[{"suppressions", "bounced"}]), 1);
  EXPECT_EQ(m.count({"senders_paused", "sandbox"}), 0u);
}

TEST_P(StoreContract, PruneDeletesOnlyOldRowsAndBackupIsSqlitesAlone) {
  const int64_t id = StartedCampaign(2, 2);
  const Timestamp old = clock_.Now();
  ASSERT_TRUE(store_->AppendEvent(id, old, "note", "old").ok());
  MailFeedback f{"generic", "k1", FeedbackType::kSoft, "a0@x.com", id, std::nullopt, "", old};
  ASSERT_TRUE(store_->RecordFeedback(f).ok());
  ASSERT_TRUE(store_
                  ->RecordHits(
                      std::vector<TrackingHit>{{HitKind::kOpen, id, 1, 0, HitVerdict::kHuman, old}})
                  .ok());
  clock_.Advance(Millis(10LL * 24 * 3'600'000));
  ASSERT_TRUE(store_->AppendEvent(id, clock_.Now(), "note", "new").ok());
  const auto events_before = store_->ListEvents(id, 0, 100)->size();

  auto pruned = store_->Prune(clock_.Now() - Millis(24 * 3'600'000), old);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_GE(pruned->events, 2);  // "old" and those of the campaign's start
  EXPECT_EQ(pruned->tracking_hours, 0) << "the tracking cut-off is not past them yet";
  EXPECT_EQ(pruned->feedback, 0);
  auto left = store_->ListEvents(id, 0, 100);
  ASSERT_EQ(left->size(), events_before - pruned->events);
  EXPECT_EQ(left->back().message, "new");
  pruned = store_->Prune(clock_.Now() - Millis(24 * 3'600'000), clock_.Now());
  EXPECT_EQ(pruned->tracking_hours, 1);
  EXPECT_EQ(pruned->feedback, 1);
  EXPECT_EQ(*store_->CountFeedback("a0@x.com", FeedbackType::kSoft, std::nullopt), 0);

  const std::string path = ::testing::TempDir() + "/pregon-backup-" + GetParam().name + "-" +
                           std::to_string(::getpid()) + ".db";
  std::remove(path.c_str());
  Status backup = store_->BackupTo(path);
  if (GetParam().name == "sqlite") {
    ASSERT_TRUE(backup.ok()) << backup.ToString();
    {
      auto copy = OpenStore("sqlite://" + path);
      ASSERT_TRUE(copy.ok());
      EXPECT_EQ((*copy)->GetCampaign(id)->name, "c");
    }  // closed before its files are removed, so none is left behind
    EXPECT_EQ(store_->BackupTo(path).code(), StatusCode::kAlreadyExists);
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  } else {
    EXPECT_EQ(backup.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(backup.message().find("pg_dump"), std::string::npos);
  }
}

// A campaign's page shows its newest events first, however long its log has grown.
TEST_P(StoreContract, RecentEventsAreTheNewestFirst) {
  const int64_t id = MakeCampaign(3, 3);
  const int64_t other = MakeCampaign(2, 2);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(store_->AppendEvent(id, clock_.Now(), "note", "n" + std::to_string(i)).ok());
  ASSERT_TRUE(store_->AppendEvent(other, clock_.Now(), "note", "other").ok());
  auto recent = store_->ListRecentEvents(id, 3);
  ASSERT_TRUE(recent.ok()) << recent.status().ToString();
  ASSERT_EQ(recent->size(), 3u);
  EXPECT_EQ((*recent)[0].message, "n4");
  EXPECT_EQ((*recent)[2].message, "n2");
  EXPECT_GT((*recent)[0].id, (*recent)[1].id);
  for (const auto& e : *recent) EXPECT_EQ(e.campaign_id, id);
  EXPECT_TRUE(store_->ListRecentEvents(424242, 3)->empty());
}

// The dashboard warns of providers throttling or refusing a sender, whatever the campaign.
TEST_P(StoreContract, ProviderEventsAreListedAcrossCampaignsNewestFirst) {
  const int64_t a = MakeCampaign(1, 1);
  const int64_t b = MakeCampaign(1, 1);
  const Timestamp t0 = clock_.Now();
  ASSERT_TRUE(store_->AppendEvent(a, t0, "throttled", "sender s paused for 1s").ok());
  ASSERT_TRUE(store_->AppendEvent(a, t0, "batch_done", "range 1 of 1").ok());
  ASSERT_TRUE(store_->AppendEvent(b, t0 + Millis(1000), "sender_blocked", "sender s refused").ok());
  auto all = store_->ListProviderEvents(t0, 10);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].campaign_id, b);
  EXPECT_EQ((*all)[0].kind, "sender_blocked");
  EXPECT_EQ((*all)[0].ts, t0 + Millis(1000));
  EXPECT_EQ((*all)[1].campaign_id, a);
  EXPECT_EQ((*all)[1].message, "sender s paused for 1s");
  EXPECT_EQ(store_->ListProviderEvents(t0 + Millis(1), 10)->size(), 1u) << "older ones left out";
  EXPECT_EQ(store_->ListProviderEvents(t0, 1)->size(), 1u);
}

}  // namespace
}  // namespace pregon

// The Store contract, continued: post-send report requests (leased units of work) and the
// loading of report rows (whole or not at all, once per database). Instantiated for every
// backend by store_contract_test.cpp (one suite, StoreContract).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/time_format.h"
#include "store/store_contract_fixture.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

NewReportRequest RequestFor(std::optional<int64_t> campaign, int64_t sender, ReportType type) {
  return {campaign, sender, type, "2026-12-01", "2026-12-01", "America/Santiago"};
}

ReportRow RowAt(int line, std::string email) {
  ReportRow r;
  r.line = line;
  r.email = std::move(email);
  r.subject = "Ofertas de diciembre";
  r.sender = "news@shop.cl";
  r.sender_name = "Tienda";
  r.status = "Delivered";
  r.date_local = "2026-12-01 09:30:00";
  r.date = *ParseIso8601("2026-12-01T12:30:00Z");
  r.opens = 2;
  r.clicks = 1;
  r.extra_json = R"({"Tag":"promo"})";
  return r;
}

// A source handing `rows` over in chunks of two, then failing when `fail_after` is set.
ReportRowSource SourceOf(std::vector<ReportRow> rows, bool fail_after = false) {
  return [rows = std::move(rows), fail_after](const ReportRowSink& sink) -> Status {
    for (size_t i = 0; i < rows.size(); i += 2) {
      auto chunk =
          std::span<const ReportRow>(rows).subspan(i, std::min<size_t>(2, rows.size() - i));
      PREGON_RETURN_IF_ERROR(sink(chunk));
    }
    if (fail_after) return Status::InvalidArgument("the file ended in the middle of a row");
    return Status::Ok();
  };
}

TEST_P(StoreContract, ReportRequestsAreStoredPendingAndListedNewestFirst) {
  int64_t campaign = MakeCampaign(3, 10);
  int64_t sender = store_->GetCampaign(campaign)->sender_id;
  std::vector<NewReportRequest> asked = {RequestFor(campaign, sender, ReportType::kSent),
                                         RequestFor(std::nullopt, sender, ReportType::kBounces)};
  auto ids = store_->CreateReportRequests(asked, clock_.Now());
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);

  auto first = store_->GetReportRequest((*ids)[0]);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->campaign_id, campaign);
  EXPECT_EQ(first->type, ReportType::kSent);
  EXPECT_EQ(first->state, ReportState::kPending);
  EXPECT_EQ(first->day_from, "2026-12-01");
  EXPECT_EQ(first->time_zone, "America/Santiago");
  EXPECT_EQ(first->not_before, clock_.Now());
  EXPECT_FALSE(first->default_loaded_at.has_value());
  EXPECT_FALSE(store_->GetReportRequest((*ids)[1])->campaign_id.has_value());

  auto all = store_->ListReportRequests({});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, (*ids)[1]);  // newest first
  auto mine = store_->ListReportRequests({.campaign_id = campaign});
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].id, (*ids)[0]);
  EXPECT_EQ(store_->ListReportRequests({.state = ReportState::kReady})->size(), 0u);
  EXPECT_EQ(store_->ListReportRequests({.before_id = (*ids)[1]})->size(), 1u);

  EXPECT_EQ(store_->GetReportRequest(999).status().code(), StatusCode::kNotFound);
  std::vector<NewReportRequest> orphan = {RequestFor(std::nullopt, 999, ReportType::kSent),
                                          RequestFor(std::nullopt, sender, ReportType::kSpam)};
  EXPECT_EQ(store_->CreateReportRequests(orphan, clock_.Now()).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->ListReportRequests({})->size(), 2u) << "all or nothing";
}

TEST_P(StoreContract, AReportRequestIsLeasedToOneNodeAtATime) {
  int64_t sender = MakeSender();
  auto ids = store_->CreateReportRequests(
      std::vector{RequestFor(std::nullopt, sender, ReportType::kOpens)}, clock_.Now());
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(store_->NextReportStep()->value(), clock_.Now());

  auto a = store_->ClaimReportRequest("node-a", clock_.Now(), ttl_);
  ASSERT_TRUE(a.ok() && a->has_value()) << a.status().ToString();
  EXPECT_EQ((*a)->request.id, (*ids)[0]);
  EXPECT_FALSE(store_->ClaimReportRequest("node-b", clock_.Now(), ttl_)->has_value());
  EXPECT_EQ(store_->NextReportStep()->value(), clock_.Now() + ttl_) << "held by the lease";

  // node-a stalls past its lease; node-b takes the request and asks the provider.
  clock_.Advance(ttl_ + Millis(1));
  auto b = store_->ClaimReportRequest("node-b", clock_.Now(), ttl_);
  ASSERT_TRUE(b.ok() && b->has_value());
  ReportStep asked{.state = ReportState::kProcessing,
                   .provider_request_id = "rr-42",
                   .not_before = clock_.Now() + Millis(5'000),
                   .polling_since = clock_.Now()};
  EXPECT_EQ(store_->SaveReportStep(**a, asked, clock_.Now()).code(), StatusCode::kConflict);
  ASSERT_TRUE(store_->SaveReportStep(**b, asked, clock_.Now()).ok());

  auto saved = store_->GetReportRequest((*ids)[0]);
  EXPECT_EQ(saved->state, ReportState::kProcessing);
  EXPECT_EQ(saved->provider_request_id, "rr-42");
  EXPECT_EQ(saved->polling_since, clock_.Now());
  EXPECT_EQ(store_->NextReportStep()->value(), clock_.Now() + Millis(5'000));
  EXPECT_FALSE(store_->ClaimReportRequest("node-a", clock_.Now(), ttl_)->has_value())
      << "not due before not_before";

  clock_.Advance(Millis(5'000));
  auto again = store_->ClaimReportRequest("node-a", clock_.Now(), ttl_);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_GT((*again)->lease_epoch, (*b)->lease_epoch);
  ReportStep ready{.state = ReportState::kReady,
                   .provider_request_id = "rr-42",
                   .file_path = "data/reports/manual/opens-2026-12-01.csv",
                   .not_before = clock_.Now()};
  ASSERT_TRUE(store_->SaveReportStep(**again, ready, clock_.Now()).ok());
  EXPECT_FALSE(store_->ClaimReportRequest("node-b", clock_.Now(), ttl_)->has_value())
      << "a ready request is no work";
  EXPECT_FALSE(store_->NextReportStep()->has_value());

  ASSERT_TRUE(
      store_->MarkReportLoaded((*ids)[0], ReportAlias::kAnalytics, 7, 1, clock_.Now()).ok());
  auto loaded = store_->GetReportRequest((*ids)[0]);
  EXPECT_EQ(loaded->rows, 7);
  EXPECT_EQ(loaded->bad_rows, 1);
  EXPECT_EQ(loaded->analytics_loaded_at, clock_.Now());
  EXPECT_FALSE(loaded->default_loaded_at.has_value());
  EXPECT_EQ(store_->MarkReportLoaded(999, ReportAlias::kDefault, 0, 0, clock_.Now()).code(),
            StatusCode::kNotFound);
}

// "Process pending now": a request waiting for its next poll is due at once; one whose lease
// is held stays held, and finished requests are left alone.
TEST_P(StoreContract, PendingReportsAreMadeDueNowOnRequest) {
  int64_t sender = MakeSender();
  auto ids = store_->CreateReportRequests(
      std::vector{RequestFor(std::nullopt, sender, ReportType::kOpens),
                  RequestFor(std::nullopt, sender, ReportType::kClicks),
                  RequestFor(std::nullopt, sender, ReportType::kSent)},
      clock_.Now());
  ASSERT_TRUE(ids.ok());
  auto polled = [&](ReportState state, Millis wait) {
    auto lease = store_->ClaimReportRequest("node-a", clock_.Now(), ttl_);
    ASSERT_TRUE(lease.ok() && lease->has_value());
    ASSERT_TRUE(
        store_
            ->SaveReportStep(
                **lease,
                {.state = state, .provider_request_id = "rr", .not_before = clock_.Now() + wait},
                clock_.Now())
            .ok());
  };
  polled(ReportState::kProcessing, Millis(600'000));
  polled(ReportState::kReady, Millis(0));
  auto held = store_->ClaimReportRequest("node-b", clock_.Now(), ttl_);
  ASSERT_TRUE(held.ok() && held->has_value());
  clock_.Advance(Millis(1'000));

  auto hastened = store_->HastenReportRequests(clock_.Now());
  ASSERT_TRUE(hastened.ok()) << hastened.status().ToString();
  EXPECT_EQ(*hastened, 2) << "the processing one and the leased one; not the ready one";
  EXPECT_EQ(store_->NextReportStep()->value(), clock_.Now())
      << "the poll ten minutes away is due now";
  auto next = store_->ClaimReportRequest("node-c", clock_.Now(), ttl_);
  ASSERT_TRUE(next.ok() && next->has_value());
  EXPECT_EQ((*next)->request.provider_request_id, "rr");
  EXPECT_FALSE(store_->ClaimReportRequest("node-c", clock_.Now(), ttl_)->has_value())
      << "the lease of node-b still holds its request";
}

TEST_P(StoreContract, AReportIsLoadedWholeAndOnlyOnce) {
  std::vector<ReportRow> rows = {RowAt(2, "ana@x.cl"), RowAt(3, "bea@x.cl"), RowAt(5, "cai@x.cl")};
  rows[2].date.reset();
  rows[2].date_local = "";
  ReportLoadSpec spec{.request_id = 11,
                      .campaign_id = 4,
                      .type = ReportType::kDeliveries,
                      .loaded_at = clock_.Now()};
  auto loaded = store_->LoadReport(spec, SourceOf(rows));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->rows, 3);
  EXPECT_EQ(loaded->replaced, 0);

  auto back = store_->ListReportRows(11, 0, 10);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 3u);
  EXPECT_EQ((*back)[0].line, 2);
  EXPECT_EQ((*back)[0].email, "ana@x.cl");
  EXPECT_EQ((*back)[0].subject, "Ofertas de diciembre");
  EXPECT_EQ((*back)[0].date, rows[0].date);
  EXPECT_EQ((*back)[0].date_local, "2026-12-01 09:30:00");
  EXPECT_EQ((*back)[0].opens, 2);
  EXPECT_EQ(nlohmann::json::parse((*back)[0].extra_json),
            nlohmann::json::parse(rows[0].extra_json));
  EXPECT_FALSE((*back)[2].date.has_value());
  EXPECT_EQ(store_->ListReportRows(11, 3, 10)->size(), 1u) << "paged by line";

  auto load = store_->FindReportLoad(11);
  ASSERT_TRUE(load.ok() && load->has_value());
  EXPECT_EQ((*load)->rows, 3);
  EXPECT_EQ((*load)->campaign_id, 4);
  EXPECT_EQ((*load)->type, ReportType::kDeliveries);
  EXPECT_EQ((*load)->loaded_at, clock_.Now());
  EXPECT_FALSE(store_->FindReportLoad(12)->has_value());

  auto twice = store_->LoadReport(spec, SourceOf(rows));
  EXPECT_EQ(twice.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(twice.status().message().find("replace"), std::string::npos);
  EXPECT_EQ(store_->ListReportRows(11, 0, 10)->size(), 3u);

  // A replacement that fails half-way leaves the earlier rows as they were.
  spec.replace = true;
  std::vector<ReportRow> newer = {RowAt(2, "dan@x.cl"), RowAt(3, "eva@x.cl"), RowAt(4, "fe@x.cl")};
  auto broken = store_->LoadReport(spec, SourceOf(newer, /*fail_after=*/true));
  EXPECT_EQ(broken.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*store_->ListReportRows(11, 0, 10))[0].email, "ana@x.cl");

  newer.pop_back();
  auto replaced = store_->LoadReport(spec, SourceOf(newer));
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  EXPECT_EQ(replaced->rows, 2);
  EXPECT_EQ(replaced->replaced, 3);
  auto now_rows = store_->ListReportRows(11, 0, 10);
  ASSERT_EQ(now_rows->size(), 2u);
  EXPECT_EQ((*now_rows)[0].email, "dan@x.cl");
  EXPECT_EQ((*store_->FindReportLoad(11))->rows, 2);
}

TEST_P(StoreContract, AFinishedCampaignsReportsAreAskedForOnceAndSettled) {
  int64_t sandbox_campaign = StartedCampaign(0, 5);  // a sandbox sender: no reports API
  ASSERT_EQ(store_->FinalizeCampaigns(clock_.Now())->size(), 1u);
  int64_t id = testing::FinishedRelayCampaign(*store_, clock_, "relay", "America/Santiago");
  const Timestamp finished = clock_.Now();

  EXPECT_TRUE(store_->CampaignsAwaitingReports(finished - Millis(1), 10)->empty())
      << "not finished long enough";
  auto awaiting = store_->CampaignsAwaitingReports(finished, 10);
  ASSERT_TRUE(awaiting.ok()) << awaiting.status().ToString();
  ASSERT_EQ(awaiting->size(), 1u) << "only the relay campaign";
  EXPECT_EQ((*awaiting)[0].id, id);
  EXPECT_NE((*awaiting)[0].id, sandbox_campaign);

  int64_t sender = (*awaiting)[0].sender_id;
  std::vector<NewReportRequest> asks = {RequestFor(id, sender, ReportType::kSent),
                                        RequestFor(id, sender, ReportType::kBounces)};
  ASSERT_TRUE(store_->StartPostSendReports(id, asks, clock_.Now()).ok());
  EXPECT_EQ(store_->GetCampaign(id)->post_reports_status, "pending");
  EXPECT_EQ(store_->StartPostSendReports(id, asks, clock_.Now()).code(),
            StatusCode::kFailedPrecondition)
      << "a second node asking again stores nothing";
  EXPECT_EQ(store_->ListReportRequests({.campaign_id = id})->size(), 2u);
  EXPECT_TRUE(store_->CampaignsAwaitingReports(finished, 10)->empty());

  auto requests = *store_->ListReportRequests({.campaign_id = id});
  EXPECT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "pending");
  ASSERT_TRUE(
      store_->MarkReportLoaded(requests[0].id, ReportAlias::kDefault, 3, 0, clock_.Now()).ok());
  EXPECT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "pending") << "one still to load";
  clock_.Advance(Millis(60'000));
  ASSERT_TRUE(
      store_->MarkReportLoaded(requests[1].id, ReportAlias::kDefault, 0, 0, clock_.Now()).ok());
  EXPECT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "done");
  clock_.Advance(Millis(60'000));
  EXPECT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "done");
  EXPECT_EQ(store_->SettlePostSendReports(sandbox_campaign, clock_.Now()).value(), "none");
}

TEST_P(StoreContract, ACampaignIsReconciledWithItsNewestLoadedReports) {
  int64_t id = StartedCampaign(3, 10);  // a0@x.com, a1@x.com, a2@x.com
  SendAll(Claim());
  int64_t sender = store_->GetCampaign(id)->sender_id;
  EXPECT_FALSE(store_->ReconcileCampaign(id, 10)->has_value()) << "no sent report loaded yet";

  auto ids = *store_->CreateReportRequests(std::vector{RequestFor(id, sender, ReportType::kSent),
                                                       RequestFor(id, sender, ReportType::kBounces),
                                                       RequestFor(id, sender, ReportType::kSent)},
                                           clock_.Now());
  auto load = [&](int64_t request, ReportType type, std::vector<ReportRow> rows) {
    ReportLoadSpec spec{
        .request_id = request, .campaign_id = id, .type = type, .loaded_at = clock_.Now()};
    ASSERT_TRUE(store_->LoadReport(spec, SourceOf(std::move(rows))).ok());
    ASSERT_TRUE(store_->MarkReportLoaded(request, ReportAlias::kDefault, 0, 0, clock_.Now()).ok());
  };
  load(ids[0], ReportType::kSent, {RowAt(2, "a0@x.com")});  // an older sent report
  load(ids[1], ReportType::kBounces, {RowAt(2, "a1@x.com"), RowAt(3, "stranger@x.com")});
  load(ids[2], ReportType::kSent, {RowAt(2, "a0@x.com"), RowAt(3, "a1@x.com")});

  auto r = store_->ReconcileCampaign(id, 10);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->sent_by_pregon, 3);
  EXPECT_EQ((*r)->missing_at_provider, 1) << "the newest sent report names a0 and a1";
  EXPECT_EQ((*r)->missing_sample, std::vector<std::string>{"a2@x.com"});
  EXPECT_EQ((*r)->bounced, 1) << "a stranger the campaign never sent to is not counted";
  EXPECT_EQ((*r)->complained, 0);
  EXPECT_EQ((*store_->ReconcileCampaign(id, 0))->missing_sample.size(), 0u);
}

// View report reads what was worked out when a report was loaded, not a reconciliation of
// every delivery on each read: what changes after a load shows at the next load.
TEST_P(StoreContract, ACampaignsReportViewIsKeptWhenAReportIsLoaded) {
  int64_t id = StartedCampaign(4, 2);  // two ranges: a0, a1 | a2, a3
  SendAll(Claim());
  int64_t sender = store_->GetCampaign(id)->sender_id;
  auto ids =
      *store_->CreateReportRequests(std::vector{RequestFor(id, sender, ReportType::kSent),
                                                RequestFor(id, sender, ReportType::kBounces)},
                                    clock_.Now());
  ReportLoadSpec spec{.request_id = ids[0],
                      .campaign_id = id,
                      .type = ReportType::kSent,
                      .loaded_at = clock_.Now()};
  ASSERT_TRUE(store_->LoadReport(spec, SourceOf({RowAt(2, "a0@x.com")})).ok());
  ASSERT_TRUE(store_->MarkReportLoaded(ids[0], ReportAlias::kDefault, 1, 0, clock_.Now()).ok());
  EXPECT_EQ((*store_->ReconcileCampaign(id, 10))->sent_by_pregon, 2);
  EXPECT_EQ((*store_->ReconcileCampaign(id, 10))->missing_sample,
            std::vector<std::string>{"a1@x.com"});

  SendAll(Claim());  // the second range goes out after the load
  EXPECT_EQ((*store_->ReconcileCampaign(id, 10))->sent_by_pregon, 2) << "as of the load";
  EXPECT_EQ((*store_->ReconcileCampaign(id, 1000))->sent_by_pregon, 4)
      << "a larger sample than is kept is worked out afresh";
  EXPECT_TRUE(store_->CampaignReportBreakdowns(id, 5)->bounce_reasons.empty());

  // Loading another of its reports works the view out again, with the bounces too.
  ReportRow bounce = RowAt(2, "a2@x.com");
  bounce.status = "Hard bounce";
  ReportLoadSpec bounces{.request_id = ids[1],
                         .campaign_id = id,
                         .type = ReportType::kBounces,
                         .loaded_at = clock_.Now()};
  ASSERT_TRUE(store_->LoadReport(bounces, SourceOf({bounce})).ok());
  ASSERT_TRUE(store_->MarkReportLoaded(ids[1], ReportAlias::kDefault, 1, 0, clock_.Now()).ok());
  auto r = *store_->ReconcileCampaign(id, 2);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->sent_by_pregon, 4);
  EXPECT_EQ(r->missing_at_provider, 3);
  EXPECT_EQ(r->missing_sample, (std::vector<std::string>{"a1@x.com", "a2@x.com"})) << "2 asked";
  EXPECT_EQ(r->bounced, 1);
  auto b = *store_->CampaignReportBreakdowns(id, 5);
  ASSERT_EQ(b.bounce_reasons.size(), 1u);
  EXPECT_EQ(b.bounce_reasons[0].label, "Hard bounce");
  EXPECT_EQ(b.bounce_reasons[0].count, 1);
  // Loaded into the analytics database only, a report changes nothing kept here.
  ASSERT_TRUE(store_->MarkReportLoaded(ids[0], ReportAlias::kAnalytics, 1, 0, clock_.Now()).ok());
  EXPECT_EQ((*store_->ReconcileCampaign(id, 2))->missing_at_provider, 3);
}

TEST_P(StoreContract, ACampaignsReportsBreakDownByReasonAndDomain) {
  int64_t id = StartedCampaign(3, 10);  // a0@x.com, a1@x.com, a2@x.com
  SendAll(Claim());
  int64_t sender = store_->GetCampaign(id)->sender_id;
  EXPECT_TRUE(store_->CampaignReportBreakdowns(id, 5)->bounce_reasons.empty()) << "none loaded";
  auto ids =
      *store_->CreateReportRequests(std::vector{RequestFor(id, sender, ReportType::kBounces),
                                                RequestFor(id, sender, ReportType::kOpens),
                                                RequestFor(id, sender, ReportType::kDeliveries)},
                                    clock_.Now());
  auto load = [&](int64_t request, ReportType type, std::vector<ReportRow> rows) {
    ReportLoadSpec spec{
        .request_id = request, .campaign_id = id, .type = type, .loaded_at = clock_.Now()};
    ASSERT_TRUE(store_->LoadReport(spec, SourceOf(std::move(rows))).ok());
    ASSERT_TRUE(store_->MarkReportLoaded(request, ReportAlias::kDefault, 0, 0, clock_.Now()).ok());
  };
  auto with = [](ReportRow r, std::string status, int64_t opens) {
    r.status = std::move(status);
    r.opens = opens;
    return r;
  };
  load(ids[0], ReportType::kBounces,
       {with(RowAt(2, "a@gmail.com"), "Hard bounce: 550 5.1.1", 0),
        with(RowAt(3, "b@gmail.com"), "Soft bounce: 452 mailbox full", 0),
        with(RowAt(4, "c@yahoo.com"), "Hard bounce: 550 5.1.1", 0)});
  load(ids[1], ReportType::kOpens,
       {with(RowAt(2, "d@gmail.com"), "Opened", 3), with(RowAt(3, "e@gmail.com"), "Opened", 1),
        with(RowAt(4, "e@gmail.com"), "Opened", 1), with(RowAt(5, "f@yahoo.com"), "Opened", 2)});
  auto b = store_->CampaignReportBreakdowns(id, 5);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->bounce_reasons.size(), 2u);
  EXPECT_EQ(b->bounce_reasons[0].label, "Hard bounce: 550 5.1.1");
  EXPECT_EQ(b->bounce_reasons[0].count, 2);
  EXPECT_EQ(b->bounce_reasons[1].count, 1);
  ASSERT_EQ(b->opens_by_domain.size(), 2u);
  EXPECT_EQ(b->opens_by_domain[0].label, "gmail.com");
  EXPECT_EQ(b->opens_by_domain[0].count, 2) << "two recipients opened";
  EXPECT_EQ(b->opens_by_domain[0].total, 5) << "five opens";
  EXPECT_EQ(b->opens_by_domain[1].label, "yahoo.com");
  EXPECT_EQ(store_->CampaignReportBreakdowns(id, 1)->bounce_reasons.size(), 1u);

  load(ids[2], ReportType::kDeliveries, {with(RowAt(2, "a1@x.com"), "Delivered", 4)});
  auto first = store_->CampaignDeliveriesPage(id, 0, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].address, "a0@x.com");
  EXPECT_EQ((*first)[0].status, "sent");
  EXPECT_TRUE((*first)[0].sent_at.has_value());
  EXPECT_FALSE((*first)[0].provider_status.has_value()) << "the report does not name a0";
  EXPECT_EQ((*first)[1].provider_status, "Delivered");
  EXPECT_EQ((*first)[1].opens, 4);
  EXPECT_EQ((*first)[1].clicks, 1);
  auto rest = store_->CampaignDeliveriesPage(id, (*first)[1].seq, 2);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].address, "a2@x.com");
  EXPECT_TRUE(store_->CampaignDeliveriesPage(id, (*rest)[0].seq, 2)->empty());
}

TEST_P(StoreContract, AReportThatFailsMarksItsCampaignsReportsFailed) {
  int64_t id = testing::FinishedRelayCampaign(*store_, clock_, "relay", "America/Santiago");
  int64_t sender = store_->GetCampaign(id)->sender_id;
  ASSERT_TRUE(store_
                  ->StartPostSendReports(
                      id, std::vector{RequestFor(id, sender, ReportType::kOpens)}, clock_.Now())
                  .ok());
  auto lease = store_->ClaimReportRequest("n", clock_.Now(), ttl_);
  ASSERT_TRUE(lease.ok() && lease->has_value());
  ReportStep gave_up{.state = ReportState::kError,
                     .last_error = "the provider had not finished the report 900 s after",
                     .not_before = clock_.Now()};
  ASSERT_TRUE(store_->SaveReportStep(**lease, gave_up, clock_.Now()).ok());
  EXPECT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "error");
  EXPECT_EQ(store_->GetCampaign(id)->post_reports_status, "error");
}

TEST_P(StoreContract, FailedPostSendReportsStartOverABoundedNumberOfTimes) {
  int64_t id = testing::FinishedRelayCampaign(*store_, clock_, "relay", "America/Santiago");
  int64_t sender = store_->GetCampaign(id)->sender_id;
  std::vector asks = {RequestFor(id, sender, ReportType::kSent),
                      RequestFor(id, sender, ReportType::kOpens)};
  ASSERT_TRUE(store_->StartPostSendReports(id, asks, clock_.Now()).ok());
  auto fail_one = [&] {
    auto lease = store_->ClaimReportRequest("n", clock_.Now(), ttl_);
    ASSERT_TRUE(lease.ok() && lease->has_value());
    ReportStep failed{.state = ReportState::kError,
                      .provider_request_id = "77",
                      .last_error = "HTTP 401 from the provider",
                      .not_before = clock_.Now()};
    ASSERT_TRUE(store_->SaveReportStep(**lease, failed, clock_.Now()).ok());
    ASSERT_EQ(*store_->SettlePostSendReports(id, clock_.Now()), "error");
  };
  fail_one();
  const Timestamp failed_at = clock_.Now();
  EXPECT_TRUE(store_->RetryPostSendReports(failed_at - Millis(1), 2, 10, clock_.Now())->empty())
      << "not failed long enough";

  clock_.Advance(Millis(3'600'000));
  auto retried = store_->RetryPostSendReports(failed_at, 2, 10, clock_.Now());
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ((*retried)[0].campaign_id, id);
  EXPECT_EQ((*retried)[0].retry, 1);
  EXPECT_EQ((*retried)[0].previous_error, "sent: HTTP 401 from the provider");
  EXPECT_EQ(store_->GetCampaign(id)->post_reports_status, "pending");
  auto restarted = store_->ListReportRequests({.campaign_id = id});
  ASSERT_TRUE(restarted.ok());
  for (const auto& r : *restarted) {
    EXPECT_EQ(r.state, ReportState::kPending) << r.id;
    EXPECT_EQ(r.provider_request_id, "") << "asked for afresh";
    EXPECT_EQ(r.last_error, "");
  }
  EXPECT_TRUE(store_->RetryPostSendReports(clock_.Now(), 2, 10, clock_.Now())->empty())
      << "pending again: nothing to retry, even for a second node";

  fail_one();
  clock_.Advance(Millis(3'600'000));
  ASSERT_EQ(store_->RetryPostSendReports(clock_.Now(), 2, 10, clock_.Now())->at(0).retry, 2);
  fail_one();
  clock_.Advance(Millis(3'600'000));
  EXPECT_TRUE(store_->RetryPostSendReports(clock_.Now(), 2, 10, clock_.Now())->empty())
      << "retried twice: it stays in error";
  EXPECT_EQ(store_->GetCampaign(id)->post_reports_status, "error");
}

}  // namespace
}  // namespace pregon

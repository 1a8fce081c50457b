#include "app/reports/report_steps.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>

#include "core/time_format.h"
#include "store/forwarding.h"
#include "store/store_testing.h"

namespace pregon {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCsv =
    "Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks\n"
    "Hola,news@shop.cl,Tienda,ana@x.cl,Delivered,2026-12-01 09:30:00,2,1\n"
    "Hola,news@shop.cl,Tienda,not-an-email,Delivered,2026-12-01 09:31:00,0,0\n"
    "Hola,news@shop.cl,Tienda,bea@x.cl,Delivered,2026-12-01 23:59:00,0,0\n";

// A provider playing a script: each call takes the next answer of its queue (an empty
// queue answers "ready" / the CSV).
struct ScriptedProvider final : ReportProvider {
  std::deque<Status> ask_failures;
  std::deque<ReportReadiness> polls;
  std::deque<Status> download_failures;
  int asks = 0, polls_made = 0, downloads = 0;
  std::string csv = kCsv;

  Result<std::string> Ask(const ReportRequest&) override {
    ++asks;
    if (!ask_failures.empty()) {
      Status s = ask_failures.front();
      ask_failures.pop_front();
      return s;
    }
    return std::string("rr-7");
  }
  Result<ReportReadiness> Poll(const ReportRequest& r) override {
    EXPECT_EQ(r.provider_request_id, "rr-7");
    ++polls_made;
    if (polls.empty()) return ReportReadiness::kReady;
    ReportReadiness next = polls.front();
    polls.pop_front();
    return next;
  }
  Result<int64_t> Download(const ReportRequest&, const std::string& path) override {
    ++downloads;
    if (!download_failures.empty()) {
      Status s = download_failures.front();
      download_failures.pop_front();
      return s;
    }
    std::ofstream(path) << csv;
    return static_cast<int64_t>(csv.size());
  }
};

class ReportStepsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::remove_all(data_dir_);
    Sender s;
    s.name = "relay";
    s.kind = ChannelKind::kRelay;
    sender_id_ = store_->CreateSender(s).value();
  }
  void TearDown() override { fs::remove_all(data_dir_); }

  int64_t Request(ReportType type = ReportType::kDeliveries,
                  std::optional<int64_t> campaign = std::nullopt) {
    NewReportRequest r{campaign, sender_id_, type, "2026-12-01", "2026-12-01", "America/Santiago"};
    return store_->CreateReportRequests(std::vector{r}, clock_.Now()).value()[0];
  }

  ReportSteps Steps(ReportRequestStore& requests) {
    ReportStepOptions o;
    o.data_dir = data_dir_.string();
    return ReportSteps(
        {requests, *store_, *store_, *store_},
        [this](const Sender&) -> Result<std::unique_ptr<ReportProvider>> {
          return std::unique_ptr<ReportProvider>(std::make_unique<ForwardingProvider>(provider_));
        },
        clock_, o);
  }

  ReportRequest Step() {
    auto r = steps_.RunOne();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_TRUE(r->has_value()) << "nothing was due";
    return r->value_or(ReportRequest{});
  }

  // Hands calls to the test's provider, which outlives every step.
  struct ForwardingProvider final : ReportProvider {
    explicit ForwardingProvider(ScriptedProvider& p) : p(p) {}
    Result<std::string> Ask(const ReportRequest& r) override { return p.Ask(r); }
    Result<ReportReadiness> Poll(const ReportRequest& r) override { return p.Poll(r); }
    Result<int64_t> Download(const ReportRequest& r, const std::string& path) override {
      return p.Download(r, path);
    }
    ScriptedProvider& p;
  };

  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  // Per process and test, so parallel runs never share files.
  fs::path data_dir_ =
      fs::temp_directory_path() / ("pregon-reports-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  int64_t sender_id_ = 0;
  ScriptedProvider provider_;
  ReportSteps steps_ = Steps(*store_);
};

TEST_F(ReportStepsTest, ARequestIsAskedPolledDownloadedAndLoaded) {
  int64_t id = Request();
  provider_.polls = {ReportReadiness::kNotYet, ReportReadiness::kNotYet, ReportReadiness::kNotYet};

  ReportRequest r = Step();
  EXPECT_EQ(r.state, ReportState::kProcessing);
  EXPECT_EQ(r.provider_request_id, "rr-7");
  EXPECT_EQ(r.not_before, clock_.Now() + Millis(5'000));
  EXPECT_FALSE(steps_.RunOne()->has_value()) << "nothing is due before not_before";

  // The wait grows with the time already waited: 5 s, 5 s, 10 s, then at most 15 s.
  std::vector<Millis> waits;
  for (int i = 0; i < 3; ++i) {
    clock_.Set(r.not_before);
    r = Step();
    waits.push_back(std::chrono::duration_cast<Millis>(r.not_before - clock_.Now()));
  }
  EXPECT_EQ(waits, (std::vector<Millis>{Millis(5'000), Millis(10'000), Millis(15'000)}));

  clock_.Set(r.not_before);
  r = Step();
  EXPECT_EQ(r.state, ReportState::kReady);
  EXPECT_EQ(r.file_path, ReportFilePath(data_dir_.string(), r));
  EXPECT_TRUE(fs::exists(r.file_path));
  EXPECT_FALSE(fs::exists(r.file_path + ".part"));
  EXPECT_EQ(r.rows, 2);
  EXPECT_EQ(r.bad_rows, 1);
  EXPECT_EQ(r.default_loaded_at, clock_.Now());
  auto rows = store_->ListReportRows(id, 0, 10);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].email, "ana@x.cl");
  // 09:30 in Santiago (UTC-3 in December) is 12:30Z.
  EXPECT_EQ((*rows)[0].date, *ParseIso8601("2026-12-01T12:30:00Z"));
  EXPECT_FALSE(steps_.RunOne()->has_value()) << "a ready request is done";
}

TEST_F(ReportStepsTest, AFailingProviderIsAskedAgainLaterAndARefusalIsFinal) {
  int64_t id = Request();
  provider_.ask_failures = {Status::Transient("asking for the report: HTTP 503: busy"),
                            Status::Permanent("asking for the report: HTTP 400: bad account")};
  ReportRequest r = Step();
  EXPECT_EQ(r.state, ReportState::kPending);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.last_error, "asking for the report: HTTP 503: busy");
  EXPECT_EQ(r.not_before, clock_.Now() + Millis(5'000));

  clock_.Set(r.not_before);
  r = Step();
  EXPECT_EQ(r.state, ReportState::kError);
  EXPECT_EQ(r.last_error, "asking for the report: HTTP 400: bad account");
  EXPECT_FALSE(steps_.RunOne()->has_value());
  EXPECT_EQ(store_->GetReportRequest(id)->attempts, 2);
}

TEST_F(ReportStepsTest, AReportNotReadyInTimeIsGivenUp) {
  Request();
  for (int i = 0; i < 200; ++i) provider_.polls.push_back(ReportReadiness::kNotYet);
  ReportRequest r = Step();
  const Timestamp asked = clock_.Now();
  while (r.state == ReportState::kProcessing) {
    clock_.Set(r.not_before);
    r = Step();
  }
  EXPECT_EQ(r.state, ReportState::kError);
  EXPECT_NE(r.last_error.find("900 s"), std::string::npos) << r.last_error;
  EXPECT_GE(clock_.Now() - asked, Millis(900'000));
  EXPECT_LT(clock_.Now() - asked, Millis(900'000 + 15'000));
  EXPECT_EQ(provider_.downloads, 0);
}

TEST_F(ReportStepsTest, ADownloadThatFailsLeavesNoFileAndIsRetried) {
  int64_t id = Request();
  provider_.download_failures = {Status::Transient("downloading the report: timed out")};
  ReportRequest r = Step();
  clock_.Set(r.not_before);
  r = Step();
  EXPECT_EQ(r.state, ReportState::kProcessing);
  EXPECT_EQ(r.last_error, "downloading the report: timed out");
  EXPECT_FALSE(fs::exists(ReportFilePath(data_dir_.string(), r) + ".part"));
  clock_.Set(r.not_before);
  r = Step();
  EXPECT_EQ(r.state, ReportState::kReady);
  EXPECT_EQ(store_->ListReportRows(id, 0, 10)->size(), 2u);
}

TEST_F(ReportStepsTest, ACampaignsHardBouncesAreSuppressedAndSoftOnesAndManualReportsAreNot) {
  Campaign c;
  c.name = "c";
  c.sender_id = sender_id_;
  c.list_id = store_->EnsureList("L", clock_.Now())->id;
  c.text_body = "hi";
  const int64_t campaign = store_->CreateCampaign(c, clock_.Now()).value();
  provider_.csv =
      "Email,Status,Date\n"
      "ana@x.cl,Hard bounce: 550 5.1.1 user unknown,2026-12-01 10:00\n"
      "bea@x.cl,Soft bounce: 452 mailbox full,2026-12-01 10:01\n";
  Request(ReportType::kBounces, campaign);
  while (Step().state != ReportState::kReady) clock_.Advance(Millis(15'000));
  auto ana = store_->FindSuppression("ana@x.cl");
  ASSERT_TRUE(ana.ok() && ana->has_value());
  EXPECT_EQ((*ana)->reason, SuppressionReason::kBounced);
  EXPECT_EQ((*ana)->campaign_id, campaign);
  EXPECT_FALSE(store_->FindSuppression("bea@x.cl")->has_value()) << "a soft bounce";

  provider_.csv = "Email,Status\ncai@x.cl,Spam complaint\n";
  Request(ReportType::kSpam);  // by hand: reports only, no suppression
  Request(ReportType::kSpam, campaign);
  for (int ready = 0; ready < 2;) {
    clock_.Advance(Millis(15'000));
    auto r = steps_.RunOne();
    ASSERT_TRUE(r.ok());
    if (r->has_value() && (*r)->state == ReportState::kReady) ++ready;
  }
  auto cai = store_->FindSuppression("cai@x.cl");
  ASSERT_TRUE(cai.ok() && cai->has_value());
  EXPECT_EQ((*cai)->reason, SuppressionReason::kComplaint);
  EXPECT_EQ((*cai)->campaign_id, campaign) << "from the campaign's report, not the manual one";
}

// The lease was lost while the provider answered (this node stalled): the step is not saved,
// and the call says so.
TEST_F(ReportStepsTest, AStepWhoseLeaseWasLostIsNotSaved) {
  struct StealAfterClaim : ReportRequestStoreWrapper {
    using ReportRequestStoreWrapper::ReportRequestStoreWrapper;
    Result<std::optional<ReportLease>> ClaimReportRequest(std::string_view owner, Timestamp now,
                                                          Millis ttl) override {
      auto lease = ReportRequestStoreWrapper::ClaimReportRequest(owner, now, ttl);
      (void)ReportRequestStoreWrapper::ClaimReportRequest("other-node", now + ttl, ttl);
      return lease;
    }
  };
  int64_t id = Request();
  StealAfterClaim stealing(*store_);
  ReportSteps steps = Steps(stealing);
  auto r = steps.RunOne();
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->GetReportRequest(id)->state, ReportState::kPending);
}

}  // namespace
}  // namespace pregon

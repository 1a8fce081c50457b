#include "app/suppression_service.h"

#include <gtest/gtest.h>

#include "store/store_testing.h"

namespace pregon {
namespace {

class SuppressionServiceTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  std::unique_ptr<Store> store_ = testing::NewTempSqliteStore();
  SuppressionService service_{*store_, clock_};
};

TEST_F(SuppressionServiceTest, AddNormalisesAndReportsWhetherItWasNew) {
  bool added = false;
  auto s = service_.Add("  Ana@Example.COM ", SuppressionReason::kManual, &added);
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(added);
  EXPECT_EQ(s->address, "ana@example.com");
  ASSERT_TRUE(service_.Add("ana@example.com", SuppressionReason::kBounced, &added).ok());
  EXPECT_FALSE(added);
  EXPECT_EQ((*store_->FindSuppression("ana@example.com"))->reason, SuppressionReason::kBounced);
  EXPECT_EQ(service_.Add("not an address", SuppressionReason::kManual).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(SuppressionServiceTest, RemoveOnlyForTheGivenReason) {
  ASSERT_TRUE(service_.Add("ana@example.com", SuppressionReason::kBounced).ok());
  EXPECT_EQ(service_.Remove("ANA@example.com", SuppressionReason::kManual).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE((*store_->FindSuppression("ana@example.com")).has_value());
  EXPECT_TRUE(service_.Remove("ANA@example.com", SuppressionReason::kBounced).ok());
  EXPECT_EQ(service_.Remove("ana@example.com", std::nullopt).code(), StatusCode::kNotFound);
}

TEST_F(SuppressionServiceTest, PageOfOneAddressAndImportWithIssues) {
  auto report = service_.ImportCsv("email,reason\nb@x.com,bounced\nbad,manual\n42,\n",
                                   SuppressionReason::kManual);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->counts.added, 2);
  ASSERT_EQ(report->issues.size(), 1u);
  EXPECT_EQ(report->issues[0].line, 3);
  SuppressionQuery q;
  EXPECT_EQ(service_.Page(q, "")->size(), 2u);
  EXPECT_EQ(service_.Page(q, "B@X.com")->size(), 1u);
  q.reason = SuppressionReason::kManual;
  EXPECT_TRUE(service_.Page(q, "b@x.com")->empty());
  EXPECT_FALSE(service_.ImportCsv("name\nx\n", SuppressionReason::kManual).ok());
}

}  // namespace
}  // namespace pregon

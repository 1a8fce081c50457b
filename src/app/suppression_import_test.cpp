#include "app/suppression_import.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(SuppressionImportTest, ReadsAddressesReasonsAndReportsBadRows) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "Email;Reason;Date\r\n"
      " Ana@Example.com ;bounced;2026-01-01\r\n"
      "123456789;;x\r\n"
      "not an address;manual;x\r\n"
      "bo@example.com;angry;x\r\n";
  auto parsed = ParseSuppressionCsv(csv, SuppressionReason::kUnsubscribed, Timestamp{});
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->rows.size(), 2u);
  EXPECT_EQ(parsed->rows[0].address, "ana@example.com");
  EXPECT_EQ(parsed->rows[0].reason, SuppressionReason::kBounced);
  EXPECT_EQ(parsed->rows[1].address, "123456789");
  EXPECT_EQ(parsed->rows[1].reason, SuppressionReason::kUnsubscribed);
  ASSERT_EQ(parsed->issues.size(), 2u);
  EXPECT_EQ(parsed->issues[0].line, 4);
  EXPECT_NE(parsed->issues[0].reason.find("neither an e-mail address nor a Telegram chat id"),
            std::string::npos);
  EXPECT_EQ(parsed->issues[1].line, 5);
  EXPECT_NE(parsed->issues[1].reason.find("unknown suppression reason 'angry'"), std::string::npos);
}

TEST(SuppressionImportTest, RefusesAFileWithoutAnAddressColumn) {
  auto parsed =
      ParseSuppressionCsv("name,city\nAna,Lima\n", SuppressionReason::kManual, Timestamp{});
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("no address column"), std::string::npos);
}

}  // namespace
}  // namespace pregon

#include "app/audience/contact_importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/store_testing.h"

namespace pregon {
namespace {

using ::testing::HasSubstr;

class ContactImporterTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = testing::NewTempSqliteStore(); }
  void TearDown() override { std::filesystem::remove(path_); }

  // Writes `rows` data rows after the header into a file, plus `tail` at its end.
  void WriteFile(int rows, const std::string& tail = "") {
    std::ofstream out(path_, std::ios::binary);
    out << "email;nombre;Ciudad\n";
    for (int i = 0; i < rows; ++i) out << "u" << i << "@x.com;U " << i << ";Lima\n";
    out << tail;
  }

  std::unique_ptr<Store> store_;
  FakeClock clock_;
  std::string path_ = (std::filesystem::temp_directory_path() /
                       ("pregon-import-" + std::to_string(::getpid()) + ".csv"))
                          .string();
};

TEST_F(ContactImporterTest, AFileOfManyBatchesIsImportedWithItsReport) {
  WriteFile(2'500, "u7@x.com;again;Quito\nnot-an-address;x;y\n");  // lines 2502 and 2503
  auto report = ContactImporter(*store_, clock_).ImportFile(path_, "big");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->parsed.imported, 2'500u);
  EXPECT_EQ(report->parsed.skipped, 2u);
  ASSERT_EQ(report->parsed.issues.size(), 2u);
  EXPECT_EQ(report->parsed.issues[0].line, 2502);
  EXPECT_EQ(report->parsed.issues[0].reason, "duplicate of line 9");
  EXPECT_EQ(report->parsed.issues[1].line, 2503);
  EXPECT_EQ(report->stored.created, 2'500);
  EXPECT_EQ(store_->FindList("big")->members, 2'500);
  // The free field is kept as JSON, in the header's order.
  EXPECT_EQ(store_->FindContact("u2499@x.com")->fields_json, R"({"Ciudad":"Lima"})");
}

TEST_F(ContactImporterTest, AFileRefusedAtItsEndLeavesNothing) {
  WriteFile(2'500, "u9999@x.com;\"never closed;Lima\n");
  auto report = ContactImporter(*store_, clock_).ImportFile(path_, "refused");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(report.status().message(), HasSubstr("line 2502"));
  EXPECT_THAT(report.status().message(), HasSubstr(path_));
  // The rows stored before the refusal are rolled back, with the new list.
  EXPECT_EQ(store_->FindList("refused").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindContact("u0@x.com").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace pregon

#include "app/file_csv_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace pregon {
namespace {

using ::testing::HasSubstr;

TEST(FileCsvSourceTest, AMissingFileIsRefusedWithItsPathAndReason) {
  auto source = FileCsvSource::Open(::testing::TempDir() + "no-such-report.csv");
  ASSERT_FALSE(source.ok());
  EXPECT_THAT(source.status().message(), HasSubstr("no-such-report.csv"));
  EXPECT_THAT(source.status().message(), HasSubstr("No such file"));
}

TEST(FileCsvSourceTest, AFileIsReadInBlocksAndAgainAfterARewind) {
  const std::string path = ::testing::TempDir() + "report-blocks.csv";
  std::string content = "Email;Nota\n";
  for (int i = 0; i < 3000; ++i) content += "u" + std::to_string(i) + "@example.com;Jos\xE9\n";
  std::ofstream(path, std::ios::binary) << content;
  auto source = FileCsvSource::Open(path);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto reader = CsvReader::Open(**source, {.block_bytes = 1000});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ(reader->encoding(), CsvEncoding::kWindows1252);
  EXPECT_EQ(reader->delimiter(), ';');
  CsvRecord record;
  Status error;
  int rows = 0;
  while (reader->Next(&record, &error)) ++rows;
  EXPECT_TRUE(error.ok()) << error.ToString();
  EXPECT_EQ(rows, 3001);
  EXPECT_EQ(record.fields[1], "Jos\xC3\xA9");
  EXPECT_EQ(record.line, 3001);
}

}  // namespace
}  // namespace pregon

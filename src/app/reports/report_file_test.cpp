#include "app/reports/report_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace pregon {
namespace {

ReportRequest ReadyAt(std::string path) {
  ReportRequest r;
  r.id = 7;
  r.state = ReportState::kReady;
  r.file_path = std::move(path);
  return r;
}

TEST(ReportFileReader, ReadsTheFileAsItIsAPieceAtATime) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("pregon-report-file-" + std::to_string(::getpid()) + ".csv");
  std::string content = "Email,Status\r\n";
  while (content.size() < 2 * ReportFileReader::kPieceBytes + 100)
    content += "p" + std::to_string(content.size()) + "@example.com,Delivered\r\n";
  std::ofstream(path, std::ios::binary) << content;

  auto reader = ReportFileReader::Open(ReadyAt(path));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  std::string read;
  int pieces = 0;
  while (!reader->done()) {
    auto piece = reader->Next();
    ASSERT_TRUE(piece.ok());
    EXPECT_LE(piece->size(), ReportFileReader::kPieceBytes);
    read += *piece;
    ++pieces;
  }
  EXPECT_EQ(read, content);
  EXPECT_EQ(pieces, 3);
  std::filesystem::remove(path);
}

TEST(ReportFileReader, SaysWhyThereIsNoFile) {
  ReportRequest pending;
  pending.id = 3;
  auto none = ReportFileReader::Open(pending);
  EXPECT_EQ(none.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.status().message(), "report request 3 is pending: nothing is downloaded yet");
  auto gone = ReportFileReader::Open(ReadyAt("/nonexistent/pregon/report.csv"));
  EXPECT_EQ(gone.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace pregon

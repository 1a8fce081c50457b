#include "app/attachment_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace pregon {
namespace {

std::string WriteFile(const std::string& name, size_t bytes) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << std::string(bytes, 'x');
  return path;
}

TEST(AttachmentFilesTest, MediaTypesComeFromTheExtension) {
  EXPECT_EQ(MediaTypeFor("factura.PDF"), "application/pdf");
  EXPECT_EQ(MediaTypeFor("foto.png"), "image/png");
  EXPECT_EQ(MediaTypeFor("precios.csv"), "text/csv");
  EXPECT_EQ(MediaTypeFor("README"), "application/octet-stream");
  EXPECT_EQ(MediaTypeFor("x.unknownext"), "application/octet-stream");
}

TEST(AttachmentFilesTest, LoadsFilesAndRefusesTooLargeOnesBeforeReading) {
  auto ok = LoadAttachments({WriteFile("a.txt", 3)});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0].filename, "a.txt");
  EXPECT_EQ((*ok)[0].content, "xxx");
  EXPECT_EQ((*ok)[0].size, 3);

  auto big = LoadAttachments({WriteFile("big.bin", kMaxAttachmentBytes + 1)});
  EXPECT_EQ(big.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(big.status().message().find("'big.bin' is 5.0 MiB: the limit is 5.0 MiB per file"),
            std::string::npos)
      << big.status().message();

  const std::string four = WriteFile("four.bin", 4 * 1024 * 1024);
  auto total = LoadAttachments({four, four, four});
  EXPECT_NE(total.status().message().find(
                "attachments total 12.0 MiB: the limit is 10.0 MiB per campaign"),
            std::string::npos)
      << total.status().message();

  auto missing = LoadAttachments({::testing::TempDir() + "does-not-exist.pdf"});
  EXPECT_NE(missing.status().message().find("is not a readable file"), std::string::npos);
}

}  // namespace
}  // namespace pregon

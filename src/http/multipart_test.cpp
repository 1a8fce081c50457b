#include "http/multipart.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

const char kType[] = "multipart/form-data; boundary=XyZ";

TEST(Multipart, ReadsFieldsAndFilesAsCurlSendsThem) {
  const std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"list\"\r\n\r\n"
      "clientes\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"c s.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "email,name\r\na@example.com,A\r\n\r\n"
      "--XyZ--\r\n";
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "list");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content, "clientes");
  EXPECT_EQ((*parts)[1].name, "file");
  EXPECT_EQ((*parts)[1].filename, "c s.csv");
  EXPECT_EQ((*parts)[1].content_type, "text/csv");
  EXPECT_EQ((*parts)[1].content, "email,name\r\na@example.com,A\r\n") << "line breaks kept";
}

TEST(Multipart, APreambleAQuotedBoundaryAndAnEmptyPart) {
  const std::string body =
      "ignored preamble\r\n--a b\r\n"
      "content-disposition: form-data; name=x\r\n\r\n"
      "\r\n--a b--";
  auto parts = ParseMultipart("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", body);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "x");
  EXPECT_EQ((*parts)[0].content, "");
  EXPECT_TRUE(IsMultipartFormData("multipart/form-data; boundary=q"));
  EXPECT_FALSE(IsMultipartFormData("multipart/mixed; boundary=q"));
}

TEST(Multipart, MalformedBodiesAreRefusedSayingWhy) {
  auto refused = [](const std::string& type, const std::string& body, const std::string& why) {
    auto parts = ParseMultipart(type, body);
    ASSERT_FALSE(parts.ok()) << why;
    EXPECT_NE(parts.status().message().find(why), std::string::npos) << parts.status().message();
  };
  refused("multipart/form-data", "--x\r\n", "names no boundary");
  refused(kType, "no delimiter here", "no boundary delimiter");
  refused(kType, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunended",
          "part 1 has no closing delimiter");
  refused(kType, "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--", "no Content-Disposition");
  refused(kType, "--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--XyZ--",
          "not form-data");
  refused(kType, "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--", "has no name");
  refused(kType, "--XyZ\r\nContent-Disposition: form-data; name=a\r\n folded\r\n\r\nx\r\n--XyZ--",
          "malformed header line");
  std::string many;
  for (size_t i = 0; i <= kMaxFormParts; ++i)
    many += "--XyZ\r\nContent-Disposition: form-data; name=p\r\n\r\nv\r\n";
  refused(kType, many + "--XyZ--", "more than 64 parts");
}

}  // namespace
}  // namespace pregon::http

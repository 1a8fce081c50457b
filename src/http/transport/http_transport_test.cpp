#include "http/transport/http_transport.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

std::string Head(const std::string& fields) { return "POST /x HTTP/1.1\r\n" + fields + "\r\n"; }

TEST(StrictHead, AcceptsWhatWellBehavedClientsSend) {
  EXPECT_EQ(StrictHeadProblem(Head("Host: a\r\nContent-Length: 12\r\n")), "");
  EXPECT_EQ(StrictHeadProblem(Head("Host: a\r\nTransfer-Encoding:  Chunked \r\n")), "");
  EXPECT_EQ(StrictHeadProblem(Head("host: a\r\nX-Y: z\r\n")), "");
  EXPECT_EQ(StrictHeadProblem(Head("")), "") << "Host is checked by version, after parsing";
}

TEST(StrictHead, RefusesWhatASmugglerWouldSend) {
  const std::pair<std::string, std::string> cases[] = {
      {"Host: a\r\nContent-Length: +5\r\n", "plain digits"},
      {"Host: a\r\nContent-Length: 5, 5\r\n", "plain digits"},
      {"Host: a\r\nContent-Length:\r\n", "plain digits"},
      {"Host: a\r\nContent-Length: 5\r\ncontent-length: 5\r\n", "more than once"},
      {"Host: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n", "together"},
      {"Host: a\r\nTransfer-Encoding: gzip, chunked\r\n", "only Transfer-Encoding"},
      {"Host: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "more than once"},
      {"Host: a\r\nX: 1\r\n\tfolded\r\n", "obs-fold"},
      {"Host: a\r\nHOST: b\r\n", "Host is given more than once"},
      {"Host: a\r\nno colon here\r\n", "no colon"},
  };
  for (const auto& [fields, why] : cases) {
    const std::string problem = StrictHeadProblem(Head(fields));
    EXPECT_NE(problem.find(why), std::string::npos) << fields << " -> '" << problem << "'";
  }
}

}  // namespace
}  // namespace pregon::http

#include "core/request_id.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

namespace pregon {
namespace {

TEST(RequestId, KeepsASafeClientIdAndReplacesAnyOther) {
  EXPECT_EQ(RequestIdFrom("7f3a9c1e2b4d5a6f7f3a9c1e2b4d5a6f"), "7f3a9c1e2b4d5a6f7f3a9c1e2b4d5a6f");
  EXPECT_EQ(RequestIdFrom("req-1.a_b:c"), "req-1.a_b:c");
  const std::regex generated("[0-9a-f]{16}");
  const std::string too_long(65, 'a');
  for (std::string_view bad :
       {std::string_view(""), std::string_view("a b"), std::string_view("x\r\nSet-Cookie: y"),
        std::string_view("<script>"), std::string_view(too_long)}) {
    const std::string id = RequestIdFrom(bad);
    EXPECT_TRUE(std::regex_match(id, generated)) << bad << " -> " << id;
  }
  EXPECT_NE(RequestIdFrom(""), RequestIdFrom(""));
}

TEST(RequestId, IsTheScopesOnItsThreadOnly) {
  EXPECT_EQ(CurrentRequestId(), "");
  {
    ScopedRequestId outer("outer");
    EXPECT_EQ(CurrentRequestId(), "outer");
    std::thread([] { EXPECT_EQ(CurrentRequestId(), ""); }).join();
    {
      ScopedRequestId inner("inner");
      EXPECT_EQ(CurrentRequestId(), "inner");
    }
    EXPECT_EQ(CurrentRequestId(), "outer");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

}  // namespace
}  // namespace pregon

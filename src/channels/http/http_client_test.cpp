#include "channels/http/http_client.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(HttpResponseTest, RetryAfterTakesDelaySeconds) {
  HttpResponse response;
  EXPECT_EQ(response.RetryAfterSeconds(), std::nullopt);
  response.retry_after = "120";
  EXPECT_EQ(response.RetryAfterSeconds(), std::chrono::seconds(120));
  response.retry_after = " 0 ";
  EXPECT_EQ(response.RetryAfterSeconds(), std::chrono::seconds(0));
  for (const char* bad : {"-1", "1.5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT"}) {
    response.retry_after = bad;
    EXPECT_EQ(response.RetryAfterSeconds(), std::nullopt) << bad;
  }
}

TEST(HttpResponseTest, ClearResetsEverything) {
  HttpResponse response;
  response.status = 500;
  response.body = "x";
  response.retry_after = "1";
  response.transport_error = TransportError::kTimeout;
  response.error = "e";
  response.Clear();
  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(response.body.empty());
  EXPECT_TRUE(response.retry_after.empty());
  EXPECT_TRUE(response.answered());
  EXPECT_TRUE(response.error.empty());
}

TEST(JoinUrlTest, PutsExactlyOneSlashBetween) {
  EXPECT_EQ(JoinUrl("http://h", "a/b"), "http://h/a/b");
  EXPECT_EQ(JoinUrl("http://h/", "/a"), "http://h/a");
  EXPECT_EQ(JoinUrl("http://h/v1//", "//a"), "http://h/v1/a");
}

TEST(EncodePathSegmentTest, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(EncodePathSegment("Az09-._~"), "Az09-._~");
  EXPECT_EQ(EncodePathSegment("a/b c?é"), "a%2Fb%20c%3F%C3%A9");
}

}  // namespace
}  // namespace pregon

#include "http/http_message.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

TEST(HttpHeaders, NamesAreCaseInsensitiveAndRepeatsKept) {
  HttpHeaders h;
  h.Add("Cookie", "a=1");
  h.Add("cookie", "b=2");
  h.Add("Host", "x");
  EXPECT_EQ(h.Count("COOKIE"), 2u);
  EXPECT_EQ(h.Get("Cookie", 1), "b=2");
  EXPECT_EQ(h.Get("Cookie", 2), "");
  EXPECT_TRUE(h.Has("host"));
  EXPECT_FALSE(h.Has("Hos"));
  h.Set("COOKIE", "c=3");
  EXPECT_EQ(h.Count("cookie"), 1u);
  EXPECT_EQ(h.Get("Cookie"), "c=3");
  EXPECT_EQ(h.all().front().first, "Host") << "order kept; a set value goes last";
}

TEST(HttpRequest, FormPartsByName) {
  HttpRequest r;
  r.form = {{"list", "", "", "L"}, {"file", "a.csv", "text/csv", "x"}, {"file", "b.csv", "", "y"}};
  EXPECT_EQ(r.PartCount("file"), 2u);
  ASSERT_NE(r.Part("file"), nullptr);
  EXPECT_EQ(r.Part("file")->filename, "a.csv");
  EXPECT_EQ(r.Part("nope"), nullptr);
}

}  // namespace
}  // namespace pregon::http

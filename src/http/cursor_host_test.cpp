// Small pieces of the HTTP layer: page cursors, the Host allow-list, JSON body reading.
#include <gtest/gtest.h>

#include "http/cursor.h"
#include "http/host_check.h"
#include "http/json_body.h"

namespace pregon::http {
namespace {

TEST(Cursor, RoundTripsAndIsBoundToItsListing) {
  const std::string c = EncodeIdCursor("campaigns", 42);
  EXPECT_EQ(c.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(*DecodeIdCursor(c, "campaigns"), 42);
  EXPECT_FALSE(DecodeIdCursor(c, "deliveries").ok());
  EXPECT_EQ(*DecodeCursor(EncodeCursor("sup", "ana@x.com"), "sup"), "ana@x.com");
  for (const char* bad : {"", "!!!", "Y2FtcGFpZ25zOmFiYw", "Y2FtcGFpZ25zOi0x", "x' OR 1=1 --"})
    EXPECT_FALSE(DecodeIdCursor(bad, "campaigns").ok()) << bad;
}

TEST(HostAllowList, ExactSubdomainAndAny) {
  HostAllowList list("localhost, 127.0.0.1,::1, .example.com");
  EXPECT_TRUE(list.Allows("localhost:8080"));
  EXPECT_TRUE(list.Allows("LOCALHOST"));
  EXPECT_TRUE(list.Allows("127.0.0.1"));
  EXPECT_TRUE(list.Allows("[::1]:8080"));
  EXPECT_TRUE(list.Allows("example.com"));
  EXPECT_TRUE(list.Allows("api.example.com."));
  EXPECT_FALSE(list.Allows("evil.com"));
  EXPECT_FALSE(list.Allows("notexample.com"));
  EXPECT_FALSE(list.Allows("example.com.evil.com"));
  EXPECT_FALSE(list.Allows(""));
  EXPECT_FALSE(list.Allows("localhost:80x"));
  EXPECT_FALSE(list.Allows("local host"));
  EXPECT_FALSE(list.Allows("localhost@evil.com"));
  EXPECT_TRUE(HostAllowList("*").Allows("anything.at.all"));
  EXPECT_FALSE(HostAllowList("*").Allows(""));
  EXPECT_FALSE(HostAllowList("").Allows("localhost"));
}

HttpRequest JsonRequest(std::string body, std::string type = "application/json") {
  HttpRequest r;
  r.body = std::move(body);
  r.headers.Add("Content-Type", std::move(type));
  return r;
}

TEST(JsonBody, RefusesWhatIsNotAJsonObject) {
  nlohmann::json j;
  EXPECT_EQ(ParseJsonObject(JsonRequest("{}", "text/plain"), &j)->status, 415);
  EXPECT_FALSE(
      ParseJsonObject(JsonRequest("{}", "Application/JSON; charset=utf-8"), &j).has_value());
  EXPECT_EQ(ParseJsonObject(JsonRequest("{\"a\":"), &j)->status, 400);
  EXPECT_EQ(ParseJsonObject(JsonRequest("[1,2]"), &j)->status, 400);
  EXPECT_EQ(ParseJsonObject(JsonRequest("\"\xff\xfe\""), &j)->status, 400);
  EXPECT_EQ(
      ParseJsonObject(JsonRequest(std::string(100000, '[') + std::string(100000, ']')), &j)->status,
      400);
  EXPECT_EQ(ParseJsonObject(JsonRequest(R"({"a":1,"a":2})"), &j)->status, 400);
  EXPECT_FALSE(ParseJsonObject(JsonRequest(""), &j, /*allow_empty=*/true).has_value());
}

// {"name": null} is an error, not a silent "leave it"; only fields declared nullable take it.
TEST(JsonBody, NullIsRefusedUnlessTheFieldIsNullable) {
  auto body = nlohmann::json::parse(R"({"name":null,"scheduled_at":null})");
  std::string name, at = "2026-01-01T00:00:00Z";
  JsonFields f(body);
  EXPECT_FALSE(f.String("name", &name));
  EXPECT_FALSE(f.String("scheduled_at", &at, JsonFields::kNullable));
  EXPECT_TRUE(f.IsNull("scheduled_at"));
  auto e = f.Finish();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->details["field"], "name");
  EXPECT_EQ(e->message, "name cannot be null (leave the field out instead)");

  JsonFields ok(body);
  ok.String("name", &name, JsonFields::kNullable);
  ok.String("scheduled_at", &at, JsonFields::kNullable);
  EXPECT_FALSE(ok.Finish().has_value());
}

TEST(JsonBody, FieldsAreTypedRequiredAndKnown) {
  auto body = nlohmann::json::parse(R"({"name":"x","size":"10","n":5,"extra":1})");
  JsonFields f(body);
  std::string name;
  int size = 0, n = 0;
  EXPECT_TRUE(f.String("name", &name, JsonFields::kRequired));
  EXPECT_FALSE(f.Int("size", &size, 1, 100));
  auto e = f.Finish();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->status, 400);
  EXPECT_EQ(e->details["field"], "size");

  JsonFields g(body);
  g.String("name", &name);
  g.String("size", &name);
  g.Int("n", &n, 1, 3);
  EXPECT_EQ(g.Finish()->status, 422);  // out of range: the value, not the shape, is wrong

  JsonFields h(body);
  h.String("name", &name);
  h.String("size", &name);
  h.Int("n", &n, 1, 10);
  auto unknown = h.Finish();
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->message, "unknown field 'extra'");

  auto missing = nlohmann::json::parse("{}");
  JsonFields m(missing);
  m.String("name", &name, JsonFields::kRequired);
  EXPECT_EQ(m.Finish()->details["field"], "name");

  auto nul = nlohmann::json::parse(R"({"name":"a\u0000b","big":18446744073709551615})");
  JsonFields z(nul);
  EXPECT_FALSE(z.String("name", &name));
  EXPECT_EQ(z.Finish()->details["field"], "name");
  JsonFields big(nul);
  int64_t v = 0;
  big.String("name", &name);
  EXPECT_FALSE(big.Int("big", &v, 0, INT64_MAX));
}

}  // namespace
}  // namespace pregon::http

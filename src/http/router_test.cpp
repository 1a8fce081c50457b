#include "http/router.h"

#include <gtest/gtest.h>

#include "http/call.h"

namespace pregon::http {
namespace {

Router Make() {
  Router r;
  for (auto [m, p] : {std::pair{"GET", "/api/v1/campaigns"},
                      {"POST", "/api/v1/campaigns"},
                      {"GET", "/api/v1/campaigns/{id}"},
                      {"PATCH", "/api/v1/campaigns/{id}"},
                      {"POST", "/api/v1/campaigns/send"},
                      {"POST", "/api/v1/campaigns/{id}/send"}}) {
    Route route;
    route.method = m;
    route.pattern = p;
    r.Add(route);
  }
  return r;
}

TEST(Router, MatchesWithParametersAndPrefersLiterals) {
  Router r = Make();
  auto m = std::get<RouteMatch>(r.Find("GET", "/api/v1/campaigns/42"));
  EXPECT_EQ(m.route->pattern, "/api/v1/campaigns/{id}");
  EXPECT_EQ(m.params.at("id"), "42");
  auto bulk = std::get<RouteMatch>(r.Find("POST", "/api/v1/campaigns/send"));
  EXPECT_EQ(bulk.route->pattern, "/api/v1/campaigns/send");
  auto one = std::get<RouteMatch>(r.Find("POST", "/api/v1/campaigns/7/send"));
  EXPECT_EQ(one.params.at("id"), "7");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router r = Make();
  EXPECT_EQ(std::get<ApiError>(r.Find("GET", "/api/v1/nothing")).status, 404);
  // A trailing slash names the same resource.
  EXPECT_EQ(std::get<RouteMatch>(r.Find("GET", "/api/v1/campaigns/")).route->pattern,
            "/api/v1/campaigns");
  auto e = std::get<ApiError>(r.Find("DELETE", "/api/v1/campaigns/3"));
  EXPECT_EQ(e.status, 405);
  EXPECT_EQ(e.details["allow"], "GET, PATCH");
  EXPECT_EQ(std::get<ApiError>(r.Find("GET", "/api/v1/campaigns//send")).status, 404);
}

TEST(Query, OnlyTheUrlsParametersDecoded) {
  auto q =
      ParseQuery("/api/v1/campaigns?status=draft%2Csending&q=Hola+mundo&empty=&flag&x=%zz#frag");
  EXPECT_EQ(q.find("status")->second, "draft,sending");
  EXPECT_EQ(q.find("q")->second, "Hola mundo");
  EXPECT_EQ(q.find("empty")->second, "");
  EXPECT_EQ(q.count("flag"), 1u);
  EXPECT_EQ(q.find("x")->second, "%zz");
  EXPECT_TRUE(ParseQuery("/api/v1/campaigns").empty());
}

TEST(Router, PathSegments) {
  EXPECT_EQ(PathSegments("/a/b"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(PathSegments("/a/b/"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(PathSegments("/a//b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(PathSegments("/").empty());
}

}  // namespace
}  // namespace pregon::http

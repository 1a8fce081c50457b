// The OpenAPI document served at /api/v1/openapi.json matches the route table: every route
// is in it and every path in it is a route, with the same method, permission and security.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "http/api/routes.h"

namespace pregon::http {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, EveryRouteIsDocumentedAndEveryDocumentedPathIsARoute) {
  const auto doc = nlohmann::json::parse(kOpenApiJson);
  ASSERT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u);
  Router router;
  AddApiRoutes(router);
  std::set<std::string> routes, documented;
  for (const auto& r : router.routes()) routes.insert(r.method + " " + r.pattern);
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, op] : item.items()) {
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(m + " " + path);
    }
  for (const auto& r : routes) EXPECT_TRUE(documented.count(r)) << r << " is not in openapi.json";
  for (const auto& d : documented)
    EXPECT_TRUE(routes.count(d)) << d << " is in openapi.json but not served";
}

TEST(OpenApi, PermissionsSecurityAndErrorsMatchTheRoutes) {
  const auto doc = nlohmann::json::parse(kOpenApiJson);
  Router router;
  AddApiRoutes(router);
  for (const auto& r : router.routes()) {
    const auto& op = doc["paths"][r.pattern][Lower(r.method)];
    const std::string what = r.method + " " + r.pattern;
    if (r.permission) {
      EXPECT_EQ(op.value("x-pregon-permission", ""), PermissionName(*r.permission)) << what;
      EXPECT_FALSE(op.contains("security")) << what << " must use the document's security";
      EXPECT_TRUE(op["responses"].contains("401")) << what;
      EXPECT_TRUE(op["responses"].contains("403")) << what;
    } else {
      EXPECT_EQ(op["security"], nlohmann::json::array()) << what << " is public";
    }
    EXPECT_TRUE(op["responses"].contains("200") || op["responses"].contains("201")) << what;
    const bool documents_key = op.contains("parameters") &&
                               op["parameters"].dump().find("IdempotencyKey") != std::string::npos;
    EXPECT_EQ(documents_key, r.method == "POST" && r.idempotent && r.permission.has_value())
        << what;
    // Query parameters the route reads are documented, and no others.
    std::set<std::string> documented_query;
    for (const auto& p : op.value("parameters", nlohmann::json::array())) {
      nlohmann::json param = p;
      if (p.contains("$ref")) {
        const std::string name =
            p["$ref"].get<std::string>().substr(std::string("#/components/parameters/").size());
        param = doc["components"]["parameters"][name];
      }
      if (param["in"] == "query") documented_query.insert(param["name"]);
    }
    EXPECT_EQ(documented_query, std::set<std::string>(r.query.begin(), r.query.end())) << what;
  }
}

TEST(OpenApi, EveryReferenceResolves) {
  const auto doc = nlohmann::json::parse(kOpenApiJson);
  std::vector<const nlohmann::json*> stack = {&doc};
  int refs = 0;
  while (!stack.empty()) {
    const nlohmann::json* j = stack.back();
    stack.pop_back();
    if (j->is_object()) {
      if (j->contains("$ref")) {
        std::string ref = (*j)["$ref"];
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        EXPECT_NO_THROW((void)doc.at(nlohmann::json::json_pointer(ref.substr(1)))) << ref;
        ++refs;
      }
      for (const auto& [k, v] : j->items()) stack.push_back(&v);
    } else if (j->is_array()) {
      for (const auto& v : *j) stack.push_back(&v);
    }
  }
  EXPECT_GT(refs, 50);
}

}  // namespace
}  // namespace pregon::http

// Router: the table of the API's routes — method, path pattern, who may call it, handler —
// matched by pregon itself rather than by the HTTP library's regular expressions, so that a known
// path with the wrong method is a 405 with an Allow header, path parameters come by name,
// and the table can be compared with the OpenAPI document (api/openapi_test.cpp).
//
// Patterns are paths whose segments are literals or {name} (one non-empty segment):
//   /api/v1/campaigns/{id}/deliveries
// A literal segment beats a parameter ("/campaigns/send" before "/campaigns/{id}").
//
// Thread-safety: fill it before serving; then Find is safe from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/user.h"
#include "http/api_error.h"

namespace pregon::http {

class Call;
using Handler = std::function<void(Call&)>;

// Request body limits, in bytes, refused with 413 before the body is read: most routes take
// a small JSON object; the few that take CSV uploads or campaign content (HTML, attachments)
// take up to PREGON_HTTP_MAX_BODY.
inline constexpr size_t kTinyBody = 4 * 1024;  // login
inline constexpr size_t kSmallBody = 64 * 1024;
inline constexpr size_t kLargeBody = SIZE_MAX;  // the server's PREGON_HTTP_MAX_BODY

struct Route {
  std::string method;  // GET, POST, PATCH, DELETE
  std::string pattern;
  // Who may call it: nullopt = anyone (health checks, login); else a signed-in user whose
  // role has this permission.
  std::optional<Permission> permission;
  Handler handler;
  // Query parameters it reads; any other is a 400 naming it.
  std::vector<std::string> query;
  // POST routes honour Idempotency-Key (http/idempotency.h) unless this is false.
  bool idempotent = true;
  size_t max_body = kSmallBody;
  // Its body (an upload) is spooled to a temporary file as it arrives, never held in memory.
  bool spool_body = false;
  // An admin UI page (http/ui/): signed in with the session cookie only, a write's CSRF token
  // may come in the form (http/authenticate.h), and refusals are pages — the login page, an
  // error page — rather than JSON.
  bool page = false;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void Add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  // The route for `method` and `path` with its parameters; 404 when no pattern matches the
  // path, 405 (naming the methods that would) when none matches with this method.
  std::variant<RouteMatch, ApiError> Find(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a", "b"}; empty segments are kept except a trailing one.
std::vector<std::string> PathSegments(const std::string& path);

}  // namespace pregon::http

#include "http/authenticate.h"

#include <spdlog/spdlog.h>

#include "core/text.h"
#include "http/client_address.h"

namespace pregon::http {

namespace {

bool IsSafeMethod(const std::string& m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

ApiError StoreFailure(const Status& s) {
  if (s.code() == StatusCode::kTransient)
    return ApiError::Unavailable("the database is not answering; retry");
  spdlog::error("authenticating: {}", s.ToString());
  return ApiError::Internal();
}

std::string CsrfToken(const HttpRequest& req, Caller caller) {
  if (caller == Caller::kApi || req.HasHeader("X-CSRF-Token")) return req.Header("X-CSRF-Token");
  const auto fields = FormFields(req);
  const auto it = fields.find("csrf_token");
  return it == fields.end() ? "" : it->second;
}

}  // namespace

std::string CookieValue(const HttpRequest& req, std::string_view name) {
  auto values = CookieValues(req, name);
  return values.empty() ? "" : values.front();
}

std::vector<std::string> CookieValues(const HttpRequest& req, std::string_view name) {
  std::vector<std::string> out;
  const size_t n = req.headers.Count("Cookie");
  for (size_t i = 0; i < n; ++i) {
    const std::string all = req.headers.Get("Cookie", i);
    std::string_view header = all;
    while (!header.empty()) {
      const auto semi = header.find(';');
      std::string_view pair = TrimSpaceTab(header.substr(0, semi));
      header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && TrimSpaceTab(pair.substr(0, eq)) == name)
        out.emplace_back(TrimSpaceTab(pair.substr(eq + 1)));
    }
  }
  return out;
}

std::variant<Principal, ApiError> Authenticate(AuthService& auth, const HttpRequest& req,
                                               Caller caller) {
  Principal p;
  if (caller == Caller::kApi && req.HasHeader("Authorization")) {
    const std::string header = req.headers.Get("Authorization");
    std::string_view value = TrimSpaceTab(header);
    constexpr std::string_view kBearer = "Bearer ";
    if (value.size() <= kBearer.size() || value.substr(0, kBearer.size()) != kBearer)
      return ApiError::Unauthenticated("the Authorization header must be 'Bearer <API token>'");
    auto user = auth.AuthenticateToken(TrimSpaceTab(value.substr(kBearer.size())));
    if (!user.ok()) {
      if (user.status().code() == StatusCode::kNotFound)
        return ApiError::Unauthenticated("invalid or revoked API token");
      return StoreFailure(user.status());
    }
    p.user = std::move(user).value();
    return p;
  }
  const auto sessions = CookieValues(req, kSessionCookie);
  // Two session cookies (one set for a parent domain, say) cannot both be the user's: which
  // one a server picks must not decide who is signed in.
  if (sessions.size() > 1)
    return ApiError::Unauthenticated(std::string("more than one ") + kSessionCookie +
                                     " cookie: clear this site's cookies and log in again");
  const std::string session_id = sessions.empty() ? "" : sessions.front();
  if (session_id.empty())
    return ApiError::Unauthenticated("sign in: send 'Authorization: Bearer <API token>' or log in");
  auto session = auth.AuthenticateSession(session_id);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound)
      return ApiError::Unauthenticated("the session has expired: log in again");
    return StoreFailure(session.status());
  }
  if (!IsSafeMethod(req.method) && caller != Caller::kPageHead &&
      !AuthService::CheckCsrf(session->session, CsrfToken(req, caller)))
    return ApiError::Forbidden(
        "a request with a session cookie that changes something needs the X-CSRF-Token header",
        "csrf_failed");
  p.user = session->user;
  p.via_session = true;
  p.session_id = session_id;
  return p;
}

std::optional<ApiError> Authorize(const User& user, Permission permission) {
  if (HasPermission(user.role, permission)) return std::nullopt;
  return ApiError::Forbidden("the role " + std::string(RoleName(user.role)) +
                             " does not allow this (it needs " +
                             std::string(PermissionName(permission)) + ")");
}

std::string ClientAddress(const HttpRequest& req, const IpRanges& trusted_proxies) {
  // Several X-Forwarded-For header lines are one list, in order (RFC 9110 §5.3).
  std::string forwarded;
  const size_t n = req.headers.Count("X-Forwarded-For");
  for (size_t i = 0; i < n; ++i)
    forwarded += (i ? "," : "") + req.headers.Get("X-Forwarded-For", i);
  return ResolveClientAddress(req.remote_addr, forwarded, trusted_proxies);
}

}  // namespace pregon::http

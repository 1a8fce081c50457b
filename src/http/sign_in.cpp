#include "http/sign_in.h"

#include <spdlog/spdlog.h>

#include "core/text.h"
#include "http/authenticate.h"

namespace pregon::http {

std::variant<NewSession, ApiError> SignIn(ApiContext& ctx, const HttpRequest& req,
                                          const std::string& username,
                                          const std::string& password) {
  LoginLimiter& limiter = ctx.login_limiter;
  const std::string address = ClientAddress(req, ctx.options.trusted_proxies);
  const Millis wait = limiter.RetryAfter(username, address);
  if (wait > Millis(0)) {
    const int seconds = static_cast<int>((wait.count() + 999) / 1000);
    return ApiError::TooManyRequests(
        "too many failed logins; try again in " + std::to_string(seconds) + " s", seconds);
  }
  LoginLimiter::ScopedCheck check(limiter);
  if (!check.acquired())
    return ApiError::Unavailable("too many logins at once; try again in a second");
  auto session = ctx.auth.Login(username, password);
  if (!session.ok()) {
    if (session.status().code() != StatusCode::kNotFound) {
      if (session.status().code() != StatusCode::kTransient)
        spdlog::error("login: {}", session.status().ToString());
      return ApiError::FromStatus(session.status());
    }
    limiter.RecordFailure(username, address);
    // The name comes from the client: escaped, so it cannot forge log lines or reach a terminal.
    spdlog::warn("failed login for user '{}' from {}", LogSafe(username), address);
    return ApiError::Unauthenticated("wrong username or password");
  }
  limiter.RecordSuccess(username, address);
  return std::move(session).value();
}

std::string SessionCookie(const std::string& value, int64_t max_age_seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

std::string SessionCookieFor(const ApiContext& ctx, const NewSession& session) {
  const auto ttl =
      std::chrono::duration_cast<std::chrono::seconds>(ctx.options.session_ttl).count();
  return SessionCookie(session.session_id, ttl, ctx.options.cookie_secure);
}

}  // namespace pregon::http

// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me: login sessions
// for the admin UI (API scripts use tokens instead).
#include <spdlog/spdlog.h>

#include "app/json_views.h"
#include "core/text.h"
#include "core/time_format.h"
#include "http/api/routes.h"
#include "http/authenticate.h"
#include "http/call.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

std::string SessionCookie(const std::string& value, int64_t max_age_seconds, bool secure) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; Max-Age=" + std::to_string(max_age_seconds) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

void Login(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::string username, password;
  f.String("username", &username, JsonFields::kRequired, 64);
  f.String("password", &password, JsonFields::kRequired, 1024);
  if (auto error = f.Finish()) return call.Fail(*error);

  // Failed logins are limited per username and client address, per address and per username
  // (http/login_limiter.h), and password checks run a few at a time.
  LoginLimiter& limiter = call.ctx.login_limiter;
  const std::string address = ClientAddress(call.req, call.ctx.options.trusted_proxies);
  const Millis wait = limiter.RetryAfter(username, address);
  if (wait > Millis(0)) {
    const int seconds = static_cast<int>((wait.count() + 999) / 1000);
    return call.Fail(ApiError::TooManyRequests(
        "too many failed logins; try again in " + std::to_string(seconds) + " s", seconds));
  }
  LoginLimiter::ScopedCheck check(limiter);
  if (!check.acquired())
    return call.Fail(ApiError::Unavailable("too many logins at once; try again in a second"));
  auto session = call.ctx.auth.Login(username, password);
  if (!session.ok()) {
    if (session.status().code() != StatusCode::kNotFound) return call.Fail(session.status());
    limiter.RecordFailure(username, address);
    // The name comes from the client: escaped, so it cannot forge log lines or reach a terminal.
    spdlog::warn("failed login for user '{}' from {}", LogSafe(username), address);
    return call.Fail(ApiError::Unauthenticated("wrong username or password"));
  }
  limiter.RecordSuccess(username, address);
  const auto ttl =
      std::chrono::duration_cast<std::chrono::seconds>(call.ctx.options.session_ttl).count();
  call.res.SetHeader("Set-Cookie",
                     SessionCookie(session->session_id, ttl, call.ctx.options.cookie_secure));
  call.Reply(200, {{"user", UserJson(session->user)},
                   {"csrf_token", session->csrf_token},
                   {"expires_at", FormatIso8601(session->expires_at)}});
}

void Logout(Call& call) {
  if (!call.NoBody()) return;
  if (call.principal()->via_session) {
    Status st = call.ctx.auth.Logout(call.principal()->session_id);
    if (!st.ok()) return call.Fail(st);
  }
  call.res.SetHeader("Set-Cookie", SessionCookie("", 0, call.ctx.options.cookie_secure));
  call.Reply(200, {{"logged_out", true}});
}

void Me(Call& call) {
  call.Reply(200, {{"user", UserJson(call.user())},
                   {"via", call.principal()->via_session ? "session" : "token"}});
}

}  // namespace

void AddAuthRoutes(Router& router) {
  Route login{"POST", "/api/v1/auth/login", std::nullopt, Login};
  login.idempotent = false;    // the answer carries a new session: never replayed
  login.max_body = kTinyBody;  // refused before a byte of a large body is read
  router.Add(login);
  Route logout{"POST", "/api/v1/auth/logout", Permission::kRead, Logout};
  logout.idempotent = false;
  router.Add(logout);
  router.Add({"GET", "/api/v1/auth/me", Permission::kRead, Me});
}

}  // namespace pregon::http

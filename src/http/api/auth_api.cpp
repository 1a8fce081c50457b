// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me: login sessions
// for the admin UI (API scripts use tokens instead).
#include "app/json_views.h"
#include "core/time_format.h"
#include "http/api/routes.h"
#include "http/authenticate.h"
#include "http/call.h"
#include "http/json_body.h"
#include "http/sign_in.h"

namespace pregon::http {

namespace {

void Login(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::string username, password;
  f.String("username", &username, JsonFields::kRequired, 64);
  f.String("password", &password, JsonFields::kRequired, 1024);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto signed_in = SignIn(call.ctx, call.req, username, password);
  if (auto* error = std::get_if<ApiError>(&signed_in)) return call.Fail(*error);
  const NewSession& session = std::get<NewSession>(signed_in);
  call.res.SetHeader("Set-Cookie", SessionCookieFor(call.ctx, session));
  call.Reply(200, {{"user", UserJson(session.user)},
                   {"csrf_token", session.csrf_token},
                   {"expires_at", FormatIso8601(session.expires_at)}});
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

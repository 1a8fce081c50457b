// The login form, logging out, and the language switch.
//   GET  /login?next=/campaigns   the form; after a login the user goes back to `next`
//   POST /login                   username, password, next: the session cookie and a 303, or
//                                 the form again with what went wrong (401, 429, 503)
//   POST /logout                  ends the session; back to the login page
//   POST /lang                    lang (es|en), next: keeps the choice in a cookie for a year
// Login shares the API's limits on failed attempts (http/sign_in.h).
#include "app/auth/auth_service.h"
#include "http/authenticate.h"
#include "http/call.h"
#include "http/sign_in.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr int kLanguageCookieDays = 365;

void ShowLogin(Page& page, int status, const std::string& next, const std::string& username,
               const std::string& error) {
  nlohmann::json data = {{"next", LocalPath(next)}, {"username", username}};
  if (!error.empty()) data["error"] = error;
  page.Show("login", data, page.T("login_title"), status);
}

void LoginForm(Call& call) {
  Page page(call);
  ShowLogin(page, 200, call.Query("next"), "", "");
}

void Login(Call& call) {
  Page page(call);
  const std::string username = page.Field("username"), password = page.Field("password");
  const std::string next = page.Field("next");
  if (username.empty() || password.empty() || username.size() > 64 || password.size() > 1024)
    return ShowLogin(page, 400, next, username.substr(0, 64), page.T("login_missing"));
  auto signed_in = SignIn(call.ctx, call.req, username, password);
  if (auto* error = std::get_if<ApiError>(&signed_in)) {
    const std::string message = error->status == 401   ? page.T("login_wrong")
                                : error->status == 429 ? page.T("login_too_many")
                                                       : page.T("error_unavailable");
    if (error->status == 429)
      call.res.SetHeader("Retry-After", std::to_string(error->details.value("retry_after", 1)));
    return ShowLogin(page, error->status, next, username, message);
  }
  const NewSession& session = std::get<NewSession>(signed_in);
  call.res.SetHeader("Set-Cookie", SessionCookieFor(call.ctx, session));
  // A client may see only its hour slots: its home is there, not the dashboard.
  const std::string target = LocalPath(next);
  const bool client_home = target == "/" && !HasPermission(session.user.role, Permission::kRead);
  page.Redirect(client_home ? "/slots" : target);
}

// Open to every signed-in role (a client's included), so the route needs no permission and
// checks the session and its CSRF token itself; without a session there is nothing to end.
void Logout(Call& call) {
  auto who = Authenticate(call.ctx.auth, call.req, Caller::kPage);
  if (auto* error = std::get_if<ApiError>(&who); error && error->status != 401)
    return RefusePage(call.ctx, call.req, call.res, *error);
  if (auto* principal = std::get_if<Principal>(&who)) {
    if (Status st = call.ctx.auth.Logout(principal->session_id); !st.ok())
      return Page(call).Error(st);
  }
  call.res.SetHeader("Set-Cookie", SessionCookie("", 0, call.ctx.options.cookie_secure));
  Page(call).Redirect("/login");
}

void SwitchLanguage(Call& call) {
  Page page(call);
  const std::string lang = page.Field("lang");
  if (lang != "es" && lang != "en") return page.Error(400, page.T("error_language"));
  // Signed in, the choice is kept with the user too, so it follows them to any browser. The
  // browser's cookie is set either way (the login page's switch has no user to keep it).
  const auto who = Authenticate(call.ctx.auth, call.req, Caller::kPage);
  if (const auto* me = std::get_if<Principal>(&who)) {
    if (auto kept = call.ctx.store.ChangeUserAccess(me->user.id, {.language = lang}); !kept.ok())
      return page.Error(kept.status());
  }
  call.res.SetHeader("Set-Cookie",
                     std::string(kLanguageCookie) + "=" + lang +
                         "; Path=/; Max-Age=" + std::to_string(kLanguageCookieDays * 86400) +
                         "; SameSite=Lax" + (call.ctx.options.cookie_secure ? "; Secure" : ""));
  page.Redirect(LocalPath(page.Field("next")));
}

}  // namespace

void AddSessionRoutes(Router& router) {
  router.Add(PageRoute("GET", "/login", std::nullopt, LoginForm, {"next"}));
  router.Add(SmallFormRoute("/login", std::nullopt, Login));
  router.Add(PageRoute("POST", "/logout", std::nullopt, Logout));
  router.Add(SmallFormRoute("/lang", std::nullopt, SwitchLanguage));
}

}  // namespace pregon::http::ui

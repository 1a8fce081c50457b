// The signed-in user's own page, whatever their role (clients included):
//   GET  /profile             who they are, their role, their live sessions, the language
//   POST /profile/password    current, password, repeat: a new password; every other
//                             session of theirs ends, this one stays signed in
#include "app/auth/auth_service.h"
#include "http/authenticate.h"
#include "http/call.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

// The signed-in user (any role), or nullopt after sending a visitor to the login page.
std::optional<Principal> SignedIn(Call& call) {
  auto who = Authenticate(call.ctx.auth, call.req, Caller::kPage);
  if (auto* error = std::get_if<ApiError>(&who)) {
    RefusePage(call.ctx, call.req, call.res, *error);
    return std::nullopt;
  }
  return std::get<Principal>(who);
}

void ShowProfile(Call& call, const Principal& me, nlohmann::json extra, int status) {
  Page page(call.ctx, call.req, call.res, me);
  auto sessions = call.ctx.auth.Sessions(me.user.id);
  if (!sessions.ok()) return page.Error(sessions.status());
  const std::string role(RoleName(me.user.role));
  nlohmann::json data = {
      {"nav_profile", true},
      {"username", me.user.username},
      {"role_label", page.T("role_" + role)},
      {"sessions", FormatText(page.lang(), "profile_sessions", sessions->size())},
      {"can_change_password", me.via_session},
      {"language_options",
       SelectOptions({{"es", "Español"}, {"en", "English"}}, LanguageCode(page.lang()))}};
  data.update(extra);
  page.Show("profile", std::move(data), page.T("profile_title"), status);
}

void Profile(Call& call) {
  const auto me = SignedIn(call);
  if (!me) return;
  const Page page(call.ctx, call.req, call.res, me);
  ShowProfile(call, *me, DoneNotice(call, page, "profile_done_", {"password"}), 200);
}

void ChangePassword(Call& call) {
  const auto me = SignedIn(call);
  if (!me) return;
  Page page(call.ctx, call.req, call.res, me);
  const std::string password = page.Field("password");
  Status st;
  if (password != page.Field("repeat")) {
    st = Status::InvalidArgument(page.T("profile_passwords_differ"));
  } else {
    st = call.ctx.auth.ChangeOwnPassword(me->user, page.Field("current"), password, me->session_id)
             .status();
  }
  if (st.ok()) return page.Redirect("/profile?done=password");
  if (st.code() != StatusCode::kInvalidArgument) return page.Error(st);
  ShowProfile(call, *me, {{"password_error", st.message()}}, 422);
}

}  // namespace

void AddProfileRoutes(Router& router) {
  // No permission: every role has a profile. The handlers authenticate (a visitor goes to the
  // login page) and the server checks the form's CSRF token like any page's.
  router.Add(PageRoute("GET", "/profile", std::nullopt, Profile, {"done"}));
  router.Add(SmallFormRoute("/profile/password", std::nullopt, ChangePassword));
}

}  // namespace pregon::http::ui

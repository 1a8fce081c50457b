// Users and API tokens (admin only: manage_users), as `pregon user|token` and /api/v1/users.
//   GET  /users                      users (role, live sessions) and tokens (owner, state)
//   POST /users                      username, role, password (optional: token-only user)
//   POST /users/{id}/sessions/end    signs the user out everywhere (confirmed first)
//   POST /users/role                 username, role: a new role (never the last admin's)
//   POST /users/password             username, password: a new password, and the user signed
//                                    out everywhere (the old one must not keep a login alive)
//   POST /tokens                     username, name: the new token, shown this once
//   POST /tokens/{id}/revoke         end_sessions=yes also signs its owner out (confirmed)
// A token is shown once, on the page that made it; only its hash is kept.
#include "http/call.h"
#include "http/ui/campaign_views.h"
#include "http/ui/page.h"
#include "http/ui/texts.h"
#include "http/ui/ui_routes.h"

namespace pregon::http::ui {

namespace {

constexpr Role kRoles[] = {Role::kAdmin, Role::kOperator, Role::kReportManager, Role::kViewer,
                           Role::kClient};

nlohmann::json RoleOptions(Page& page, const std::string& selected) {
  Choices choices;
  for (Role r : kRoles)
    choices.push_back({std::string(RoleName(r)), page.T("role_" + std::string(RoleName(r)))});
  return SelectOptions(choices, selected);
}

// The users page, with `form` (the create-user form's values and error) and `notice`.
void ShowUsers(Call& call, Page& page, nlohmann::json extra, int status) {
  auto users = call.ctx.store.ListUsers();
  if (!users.ok()) return page.Error(users.status());
  auto tokens = call.ctx.store.ListApiTokens(std::nullopt);
  if (!tokens.ok()) return page.Error(tokens.status());
  nlohmann::json user_rows = nlohmann::json::array(), user_options = nlohmann::json::array();
  for (const User& u : *users) {
    auto sessions = call.ctx.auth.Sessions(u.id);
    if (!sessions.ok()) return page.Error(sessions.status());
    const std::string role(RoleName(u.role));
    user_rows.push_back({{"id", u.id},
                         {"username", u.username},
                         {"role", page.T("role_" + role)},
                         {"can_log_in", !u.password_hash.empty()},
                         {"sessions", sessions->size()},
                         {"has_sessions", !sessions->empty()},
                         {"created", FormatTime(u.created_at)}});
    user_options.push_back({{"value", u.username}, {"label", u.username}});
  }
  nlohmann::json token_rows = nlohmann::json::array();
  for (const ApiToken& t : *tokens) {
    token_rows.push_back({{"id", t.id},
                          {"name", t.name},
                          {"prefix", t.prefix},
                          {"username", t.username},
                          {"created", FormatTime(t.created_at)},
                          {"revoked", t.revoked_at ? nlohmann::json(FormatTime(*t.revoked_at))
                                                   : nlohmann::json(nullptr)}});
  }
  nlohmann::json data = {{"nav_users", true},
                         {"users", user_rows},
                         {"tokens", token_rows},
                         {"has_tokens", !token_rows.empty()},
                         {"user_options", user_options},
                         {"role_options", RoleOptions(page, extra.value("role", "viewer"))}};
  data.update(extra);
  page.Show("users", std::move(data), page.T("nav_users"), status);
}

void Users(Call& call) {
  Page page(call);
  ShowUsers(call, page,
            DoneNotice(call, page, "users_done_", {"user", "revoked", "ended", "role", "password"}),
            200);
}

void CreateUser(Call& call) {
  Page page(call);
  const std::string username = page.Field("username").substr(0, 64);
  const std::string role_name = page.Field("role");
  const std::string password = page.Field("password");
  auto role = ParseRole(role_name);
  Status st = role.status();
  if (role.ok()) {
    auto user = call.ctx.auth.CreateUser(username, *role,
                                         password.empty() ? std::nullopt : std::optional(password));
    if (user.ok()) return page.Redirect("/users?done=user");
    st = user.status();
  }
  if (st.code() != StatusCode::kInvalidArgument && st.code() != StatusCode::kAlreadyExists)
    return page.Error(st);
  ShowUsers(call, page, {{"username", username}, {"role", role_name}, {"user_error", st.message()}},
            422);
}

void CreateToken(Call& call) {
  Page page(call);
  const std::string username = page.Field("username").substr(0, 64);
  const std::string name = page.Field("name").substr(0, 200);
  auto token = call.ctx.auth.CreateToken(username, name);
  if (!token.ok()) {
    if (token.status().code() != StatusCode::kNotFound) return page.Error(token.status());
    return ShowUsers(call, page, {{"token_error", token.status().message()}}, 422);
  }
  // Shown on this answer only: a reload posts nothing again (the browser asks first), and the
  // secret is never stored.
  ShowUsers(call, page,
            {{"new_token", token->secret},
             {"new_token_note", FormatText(page.lang(), "token_shown_once", username)}},
            201);
}

// The user the form's username names, or nullopt after showing the page with `error_key`'s
// form open and the reason.
std::optional<User> UserOfForm(Call& call, Page& page, const char* error_key) {
  auto user = call.ctx.store.FindUser(page.Field("username").substr(0, 64));
  if (user.ok()) return std::move(user).value();
  if (user.status().code() != StatusCode::kNotFound) {
    page.Error(user.status());
  } else {
    ShowUsers(call, page, {{error_key, user.status().message()}}, 422);
  }
  return std::nullopt;
}

void ChangeRole(Call& call) {
  Page page(call);
  const auto user = UserOfForm(call, page, "role_error");
  if (!user) return;
  auto role = ParseRole(page.Field("role"));
  Status st = role.ok() ? call.ctx.auth.ChangeRole(user->id, *role) : role.status();
  if (st.ok()) return page.Redirect("/users?done=role");
  if (st.code() != StatusCode::kInvalidArgument && st.code() != StatusCode::kFailedPrecondition)
    return page.Error(st);
  ShowUsers(call, page, {{"role_error", st.message()}}, 422);
}

void ResetPassword(Call& call) {
  Page page(call);
  const auto user = UserOfForm(call, page, "password_error");
  if (!user) return;
  auto ended = call.ctx.auth.SetPassword(user->id, page.Field("password"));
  if (ended.ok()) return page.Redirect("/users?done=password");
  if (ended.status().code() != StatusCode::kInvalidArgument) return page.Error(ended.status());
  ShowUsers(call, page, {{"password_error", ended.status().message()}}, 422);
}

// The id in the path, or nullopt after answering 404.
std::optional<int64_t> PathId(Call& call, Page& page) {
  const auto id = ParsePositiveId(call.Param("id"));
  if (!id) page.Error(404, page.T("error_not_found"));
  return id;
}

void EndSessions(Call& call) {
  Page page(call);
  const auto id = PathId(call, page);
  if (!id) return;
  auto user = call.ctx.store.GetUser(*id);
  if (!user.ok()) return page.Error(user.status());
  page.ConfirmThenDo({FormatText(page.lang(), "confirm_end_sessions", user->username),
                      page.T("end_sessions"), fmt::format("/users/{}/sessions/end", *id),
                      nlohmann::json::array(), "/users", "/users?done=ended"},
                     [&] { return call.ctx.auth.EndSessions(*id).status(); });
}

void RevokeToken(Call& call) {
  Page page(call);
  const auto id = PathId(call, page);
  if (!id) return;
  const bool end_sessions = page.Field("end_sessions") == "yes";
  nlohmann::json hidden = nlohmann::json::array();
  if (end_sessions) hidden.push_back({{"name", "end_sessions"}, {"value", "yes"}});
  page.ConfirmThenDo(
      {page.T(end_sessions ? "confirm_revoke_and_end" : "confirm_revoke"), page.T("revoke"),
       fmt::format("/tokens/{}/revoke", *id), std::move(hidden), "/users", "/users?done=revoked"},
      [&] { return call.ctx.auth.RevokeToken(*id, end_sessions); });
}

}  // namespace

void AddUserPageRoutes(Router& router) {
  router.Add(PageRoute("GET", "/users", Permission::kManageUsers, Users, {"done"}));
  router.Add(SmallFormRoute("/users", Permission::kManageUsers, CreateUser));
  router.Add(PageRoute("POST", "/users/{id}/sessions/end", Permission::kManageUsers, EndSessions));
  router.Add(SmallFormRoute("/users/role", Permission::kManageUsers, ChangeRole));
  router.Add(SmallFormRoute("/users/password", Permission::kManageUsers, ResetPassword));
  router.Add(PageRoute("POST", "/tokens", Permission::kManageUsers, CreateToken));
  router.Add(PageRoute("POST", "/tokens/{id}/revoke", Permission::kManageUsers, RevokeToken));
}

}  // namespace pregon::http::ui

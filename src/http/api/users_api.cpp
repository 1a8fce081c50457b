// /api/v1/users and /api/v1/tokens (admin only): the users and API tokens of
// `pregon user create` and `pregon token create|revoke`.
#include "app/json_views.h"
#include "http/api/routes.h"
#include "http/call.h"
#include "http/json_body.h"

namespace pregon::http {

namespace {

void ListUsers(Call& call) {
  auto users = call.ctx.store.ListUsers();
  if (!users.ok()) return call.Fail(users.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& u : *users) items.push_back(UserJson(u));
  call.Reply(200, {{"items", items}});
}

void CreateUser(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::string username, role_name, password;
  f.String("username", &username, JsonFields::kRequired, 64);
  f.String("role", &role_name, JsonFields::kRequired, 32);
  const bool has_password = f.String("password", &password, JsonFields::kOptional, 1024);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto role = ParseRole(role_name);
  if (!role.ok()) return call.Fail(role.status());
  auto user = call.ctx.auth.CreateUser(username, *role,
                                       has_password ? std::optional(password) : std::nullopt);
  if (!user.ok()) return call.Fail(user.status());
  call.Reply(201, UserJson(*user));
}

void ListTokens(Call& call) {
  std::optional<int64_t> user_id;
  if (const std::string name = call.Query("username"); !name.empty()) {
    auto user = call.ctx.store.FindUser(name);
    if (!user.ok()) return call.Fail(user.status());
    user_id = user->id;
  }
  auto tokens = call.ctx.store.ListApiTokens(user_id);
  if (!tokens.ok()) return call.Fail(tokens.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : *tokens) items.push_back(ApiTokenJson(t));
  call.Reply(200, {{"items", items}});
}

void CreateToken(Call& call) {
  nlohmann::json body;
  if (!call.Body(&body)) return;
  JsonFields f(body);
  std::string username, name;
  f.String("username", &username, JsonFields::kRequired, 64);
  f.String("name", &name, JsonFields::kOptional, 200);
  if (auto error = f.Finish()) return call.Fail(*error);
  auto token = call.ctx.auth.CreateToken(username, name);
  if (!token.ok()) {
    if (token.status().code() == StatusCode::kNotFound)
      return call.Fail(ApiError::Invalid(token.status().message(), "username"));
    return call.Fail(token.status());
  }
  nlohmann::json j = ApiTokenJson(token->token);
  j["token"] = token->secret;  // shown this once
  call.Reply(201, j);
}

void RevokeToken(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "API token")) return;
  const std::string end = call.Query("end_sessions");
  if (!end.empty() && end != "true" && end != "false")
    return call.Fail(ApiError::BadRequest("end_sessions must be true or false", "end_sessions"));
  Status st = call.ctx.auth.RevokeToken(id, end == "true");
  if (!st.ok()) return call.Fail(st);
  call.Reply(200, {{"id", id}, {"revoked", true}, {"sessions_ended", end == "true"}});
}

void ListSessions(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "user")) return;
  auto sessions = call.ctx.auth.Sessions(id);
  if (!sessions.ok()) return call.Fail(sessions.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& s : *sessions) items.push_back(SessionJson(s));
  call.Reply(200, {{"items", items}});
}

void EndSessions(Call& call) {
  int64_t id = 0;
  if (!call.Id("id", &id, "user")) return;
  auto ended = call.ctx.auth.EndSessions(id);
  if (!ended.ok()) return call.Fail(ended.status());
  call.Reply(200, {{"id", id}, {"sessions_ended", *ended}});
}

}  // namespace

void AddUserRoutes(Router& router) {
  router.Add({"GET", "/api/v1/users", Permission::kManageUsers, ListUsers});
  // Not idempotent by key: the request holds a password, and a request's fingerprint (a fast
  // hash of its body) must not be something a low-entropy password can be guessed from. A
  // repeated create is refused (409) by the unique username anyway.
  Route create_user{"POST", "/api/v1/users", Permission::kManageUsers, CreateUser};
  create_user.idempotent = false;
  router.Add(create_user);
  router.Add({"GET", "/api/v1/tokens", Permission::kManageUsers, ListTokens, {"username"}});
  Route create{"POST", "/api/v1/tokens", Permission::kManageUsers, CreateToken};
  create.idempotent = false;  // the answer holds the token: it is never stored for a replay
  router.Add(create);
  router.Add(
      {"DELETE", "/api/v1/tokens/{id}", Permission::kManageUsers, RevokeToken, {"end_sessions"}});
  router.Add({"GET", "/api/v1/users/{id}/sessions", Permission::kManageUsers, ListSessions});
  router.Add({"DELETE", "/api/v1/users/{id}/sessions", Permission::kManageUsers, EndSessions});
}

}  // namespace pregon::http

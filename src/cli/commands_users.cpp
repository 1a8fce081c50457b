// pregon user create|list|sessions|end-sessions, pregon token create|list|revoke: the
// operators of the HTTP API.
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/auth/auth_service.h"
#include "app/json_views.h"
#include "cli/context.h"
#include "core/time_format.h"

namespace pregon::cli {

namespace {

// The first line of stdin (without its line ending), for --password-stdin.
Result<std::string> PasswordFromStdin() {
  std::string line;
  if (!std::getline(std::cin, line))
    return Status::InvalidArgument("--password-stdin: nothing on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// pregon user sessions|end-sessions --username U: a user's login sessions.
void AddSessionCommands(CLI::App& user, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto* sessions = user.add_subcommand("sessions", "list a user's live login sessions");
  sessions->add_option("--username", *name, "whose")->required();
  sessions->add_flag("--json", ctx.json, "print {\"sessions\": [...]}");
  sessions->callback([&ctx, name] {
    ctx.action = [&ctx, name]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(User u, store->FindUser(*name));
      PREGON_ASSIGN_OR_RETURN(auto list, AuthService(*store, ctx.clock()).Sessions(u.id));
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& s : list) arr.push_back(SessionJson(s));
      ctx.Print({{"sessions", arr}}, [&] {
        for (const auto& s : list)
          std::cout << "since " << FormatIso8601(s.created_at) << "\tuntil "
                    << FormatIso8601(s.expires_at) << "\n";
      });
      return Status::Ok();
    };
  });

  auto* end = user.add_subcommand("end-sessions",
                                  "sign a user out of every login session at once (API tokens "
                                  "stay: pregon token revoke)");
  end->add_option("--username", *name, "whose")->required();
  end->add_flag("--json", ctx.json, "print {\"username\", \"sessions_ended\"}");
  end->callback([&ctx, name] {
    ctx.action = [&ctx, name]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(User u, store->FindUser(*name));
      PREGON_ASSIGN_OR_RETURN(int64_t n, AuthService(*store, ctx.clock()).EndSessions(u.id));
      ctx.Print({{"username", u.username}, {"sessions_ended", n}},
                [&] { std::cout << n << " session(s) of '" << u.username << "' ended\n"; });
      return Status::Ok();
    };
  });
}

void AddUserCommands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand("user",
                                  "users of the HTTP API and admin UI (roles: admin, operator, "
                                  "report_manager, viewer, client)");
  user->require_subcommand(1);

  struct CreateFlags {
    std::string username, role;
    bool password_stdin = false;
  };
  auto f = std::make_shared<CreateFlags>();
  auto* create = user->add_subcommand("create", "create a user");
  create->add_option("--username", f->username, "user name: letters, digits and . _ @ -")
      ->required();
  create
      ->add_option("--role", f->role,
                   "admin | operator | report_manager | viewer | client (hour slots only)")
      ->required();
  create->add_flag("--password-stdin", f->password_stdin,
                   "read the login password from the first line of stdin (else the user has none: "
                   "API tokens only)");
  create->add_flag("--json", ctx.json, "print the user as JSON");
  create->callback([&ctx, f] {
    ctx.action = [&ctx, f]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Role role, ParseRole(f->role));
      std::optional<std::string> password;
      if (f->password_stdin) {
        PREGON_ASSIGN_OR_RETURN(password, PasswordFromStdin());
      }
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(
          User u, AuthService(*store, ctx.clock()).CreateUser(f->username, role, password));
      ctx.Print(UserJson(u), [&] {
        std::cout << "user " << u.id << " '" << u.username << "' (" << RoleName(u.role)
                  << ") created"
                  << (password ? ""
                               : "; it has no password: give it an API token (pregon token create)")
                  << "\n";
      });
      return Status::Ok();
    };
  });

  AddSessionCommands(*user, ctx);

  auto* list = user->add_subcommand("list", "list users");
  list->add_flag("--json", ctx.json, "print {\"users\": [...]}");
  list->callback([&ctx] {
    ctx.action = [&ctx]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(auto users, store->ListUsers());
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& u : users) arr.push_back(UserJson(u));
      ctx.Print({{"users", arr}}, [&] {
        for (const auto& u : users)
          std::cout << u.id << "\t" << u.username << "\t" << RoleName(u.role) << "\t"
                    << (u.password_hash.empty() ? "tokens only" : "can log in") << "\n";
      });
      return Status::Ok();
    };
  });
}

void AddTokenCommands(CLI::App& app, Context& ctx) {
  auto* token = app.add_subcommand("token", "API tokens for scripts (shown once, stored hashed)");
  token->require_subcommand(1);

  auto username = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto* create = token->add_subcommand(
      "create", "create an API token and print it (the only time it is shown)");
  create->add_option("--username", *username, "the user the token acts as")->required();
  create->add_option("--name", *name, "what it is for, e.g. 'deploy script'");
  create->add_flag("--json", ctx.json, "print {\"id\", \"token\", ...}");
  create->callback([&ctx, username, name] {
    ctx.action = [&ctx, username, name]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_ASSIGN_OR_RETURN(NewApiToken t,
                              AuthService(*store, ctx.clock()).CreateToken(*username, *name));
      nlohmann::json j = ApiTokenJson(t.token);
      j["token"] = t.secret;
      // The token alone on stdout, so `TOKEN=$(pregon token create --username ops)` works.
      ctx.Print(j, [&] { std::cout << t.secret << "\n"; });
      if (!ctx.json)
        std::cerr << "token " << t.token.id << " for '" << t.token.username
                  << "': store it now, it cannot be shown again (revoke: pregon token revoke "
                  << t.token.id << ")\n";
      return Status::Ok();
    };
  });

  auto list_user = std::make_shared<std::string>();
  auto* list = token->add_subcommand("list", "list API tokens (never the tokens themselves)");
  list->add_option("--username", *list_user, "only this user's");
  list->add_flag("--json", ctx.json, "print {\"tokens\": [...]}");
  list->callback([&ctx, list_user] {
    ctx.action = [&ctx, list_user]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      std::optional<int64_t> user_id;
      if (!list_user->empty()) {
        PREGON_ASSIGN_OR_RETURN(User u, store->FindUser(*list_user));
        user_id = u.id;
      }
      PREGON_ASSIGN_OR_RETURN(auto tokens, store->ListApiTokens(user_id));
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& t : tokens) arr.push_back(ApiTokenJson(t));
      ctx.Print({{"tokens", arr}}, [&] {
        for (const auto& t : tokens)
          std::cout << t.id << "\t" << t.username << "\t" << t.prefix << "…\t" << t.name << "\t"
                    << (t.revoked_at ? "revoked " + FormatIso8601(*t.revoked_at) : "active")
                    << "\n";
      });
      return Status::Ok();
    };
  });

  struct RevokeFlags {
    int64_t id = 0;
    bool end_sessions = false;
  };
  auto r = std::make_shared<RevokeFlags>();
  auto* revoke = token->add_subcommand("revoke", "revoke an API token: it stops working at once");
  revoke->add_option("id", r->id, "token id (pregon token list)")->required();
  revoke->add_flag("--end-sessions", r->end_sessions,
                   "also sign the token's owner out of every login session");
  revoke->add_flag("--json", ctx.json, "print {\"id\", \"revoked\", \"sessions_ended\"}");
  revoke->callback([&ctx, r] {
    ctx.action = [&ctx, r]() -> Status {
      PREGON_ASSIGN_OR_RETURN(Store * store, ctx.store());
      PREGON_RETURN_IF_ERROR(AuthService(*store, ctx.clock()).RevokeToken(r->id, r->end_sessions));
      ctx.Print({{"id", r->id}, {"revoked", true}, {"sessions_ended", r->end_sessions}}, [&] {
        std::cout << "token " << r->id << " revoked"
                  << (r->end_sessions ? "; its owner's login sessions ended" : "") << "\n";
      });
      return Status::Ok();
    };
  });
}

}  // namespace

void AddUserAndTokenCommands(CLI::App& app, Context& ctx) {
  AddUserCommands(app, ctx);
  AddTokenCommands(app, ctx);
}

}  // namespace pregon::cli

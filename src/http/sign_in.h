// Signing in with a username and password, shared by the API (POST /api/v1/auth/login) and
// the admin UI's login form: failed logins are limited per username and client address, per
// address and per username (http/login_limiter.h), password checks run a few at a time, and a
// failure is logged with the name made log-safe, never with the password.
//
// Thread-safety: as safe as the context's members.
#pragma once

#include <string>
#include <variant>

#include "app/auth/auth_service.h"
#include "http/api_context.h"
#include "http/api_error.h"
#include "http/http_message.h"

namespace pregon::http {

// The new session, or: 401 for a wrong username or password, 429 (with retry_after) after
// too many failures, 503 when too many logins run at once, 5xx when the store fails.
std::variant<NewSession, ApiError> SignIn(ApiContext& ctx, const HttpRequest& req,
                                          const std::string& username, const std::string& password);

// The Set-Cookie value of the session cookie: HttpOnly, SameSite=Strict, Secure when the
// site is served over HTTPS. An empty value with max_age 0 removes it.
std::string SessionCookie(const std::string& value, int64_t max_age_seconds, bool secure);

// The session cookie's Set-Cookie value for `session` under the server's options.
std::string SessionCookieFor(const ApiContext& ctx, const NewSession& session);

}  // namespace pregon::http

// Who makes a request, and may they?
//
//   Authorization: Bearer pgn_…     an API token (scripts); no CSRF check: a browser never
//                                   adds this header by itself
//   Cookie: pregon_session=pgs_…    a login session (the admin UI); every request that can
//                                   change something (not GET/HEAD) must also carry
//                                   X-CSRF-Token with the token the login returned
// An Authorization header that is present wins, and a wrong one is never passed over for
// the cookie.
//
// The admin UI's pages (Route::page) take only the session cookie: a browser has no token to
// send. Their forms work without JavaScript, so a page's write may carry the CSRF token as the
// form field csrf_token instead of the header.
//
// Thread-safety: as safe as the AuthService.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/auth/auth_service.h"
#include "http/api_error.h"
#include "http/call.h"
#include "http/http_message.h"
#include "net/ip_ranges.h"

namespace pregon::http {

inline constexpr const char* kSessionCookie = "pregon_session";

// 401 without credentials or with wrong ones, 403 csrf_failed for a cookie write without
// the right X-CSRF-Token, 503/500 when the store cannot answer.
// kPageHead: a page's request judged from its head before the body is read (a large form):
// the session and the role are checked, the CSRF token — which may be in the body — is not
// yet; the request is authenticated again, in full, once its body is in.
enum class Caller { kApi, kPage, kPageHead };
std::variant<Principal, ApiError> Authenticate(AuthService& auth, const HttpRequest& req,
                                               Caller caller = Caller::kApi);

// 403 unless the user's role has the permission.
std::optional<ApiError> Authorize(const User& user, Permission permission);

// The value of cookie `name` in the request's Cookie headers ("" when absent).
std::string CookieValue(const HttpRequest& req, std::string_view name);
// Every value of cookie `name`, in the order sent.
std::vector<std::string> CookieValues(const HttpRequest& req, std::string_view name);

// The client's address: the peer's, or — when the peer is a trusted proxy — the last hop of
// X-Forwarded-For that is not one (http/client_address.h). "unix" for a Unix-socket peer.
std::string ClientAddress(const HttpRequest& req, const IpRanges& trusted_proxies);

}  // namespace pregon::http

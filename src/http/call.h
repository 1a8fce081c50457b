// Call: one API request as a handler sees it — the context, the request, who makes it, the
// path parameters — and the ways to answer. Helpers that read input (ids, query
// parameters, the body) answer the error themselves and return false, so a handler reads
//
//   int64_t id;
//   if (!call.Id("id", &id, "campaign")) return;
//
// Not thread-safe; one per request.
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/user.h"
#include "http/api_context.h"
#include "http/api_error.h"
#include "http/http_message.h"

namespace pregon::http {

// The query parameters of a request target ("/x?a=1&b=%20"), percent- and '+'-decoded.
std::multimap<std::string, std::string> ParseQuery(const std::string& target);
// "a=1&b=%20" (a query string, or an application/x-www-form-urlencoded body), decoded.
std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view text);
// The fields of an HTML form's body: urlencoded, or the plain (non-file) parts of a
// multipart/form-data one; empty for any other body.
std::multimap<std::string, std::string> FormFields(const HttpRequest& req);

// Who makes a request: a user, signed in with an API token or a session cookie.
struct Principal {
  User user;
  bool via_session = false;
  std::string session_id;  // via_session only
};

class Call {
 public:
  Call(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
       std::map<std::string, std::string> params, std::optional<Principal> principal)
      : ctx(ctx),
        req(req),
        res(res),
        params_(std::move(params)),
        query_(ParseQuery(req.target)),
        principal_(std::move(principal)) {}

  ApiContext& ctx;
  const HttpRequest& req;
  HttpResponse& res;

  // REQUIRES: the route needs a permission (so someone signed in).
  const User& user() const { return principal_->user; }
  const std::optional<Principal>& principal() const { return principal_; }

  void Reply(int status, const nlohmann::json& body);
  void Fail(const ApiError& error);
  // A domain error; internal ones are logged with `what` and answered without details.
  void Fail(const Status& status);

  // Path parameter `name` as a positive id; 404 "<what> <value> not found" otherwise.
  bool Id(const char* name, int64_t* out, const char* what);
  std::string Param(const char* name) const;

  // The URL's query parameters (never a form body's).
  const std::multimap<std::string, std::string>& query() const { return query_; }
  bool HasQuery(const char* name) const { return query_.count(name) > 0; }
  std::string Query(const char* name) const;  // "" when absent
  // ?<name>= as a positive id (nullopt when absent; 400 otherwise).
  bool QueryId(const char* name, std::optional<int64_t>* out);
  // ?limit= (default `def`, 1..max; 400 otherwise).
  bool Limit(int* out, int def, int max);
  // A slot for one more long response of this user (an event stream, a download; see
  // http/stream_slots.h), or null after answering 429 (the user has too many open) or 503
  // (the server has); `instead` tells the client what else to do.
  std::unique_ptr<StreamSlots::Slot> TakeStreamSlot(std::string_view instead);
  // ?cursor= of listing `kind` as an id (0 when absent; 400 when not ours).
  bool CursorId(const char* kind, int64_t* out);
  bool Cursor(const char* kind, std::string* out);

  // The JSON object body (415/400 answered otherwise).
  bool Body(nlohmann::json* out, bool allow_empty = false);
  // An action's body: empty or {} (anything else is a 400).
  bool NoBody();
  // A multipart/form-data upload (415 otherwise) with only `allowed` part names (400 naming
  // another) and every `required` one.
  bool MultipartParts(std::initializer_list<const char*> allowed,
                      std::initializer_list<const char*> required);

 private:
  std::map<std::string, std::string> params_;
  std::multimap<std::string, std::string> query_;
  std::optional<Principal> principal_;
};

// {"items": [...], "next_cursor": "..." | null}
nlohmann::json PageJson(nlohmann::json items, const std::optional<std::string>& next_cursor);

// One page of a listing fetched with limit + 1 rows: the first `limit` as items, and a
// next_cursor (cursor_of the last one shown) when there were more.
template <typename T, typename ToJson, typename CursorOf>
nlohmann::json PageOf(const std::vector<T>& rows, int limit, ToJson to_json, CursorOf cursor_of) {
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i)
    items.push_back(to_json(rows[i]));
  std::optional<std::string> next;
  if (limit > 0 && static_cast<int>(rows.size()) > limit) next = cursor_of(rows[limit - 1]);
  return PageJson(std::move(items), next);
}

// `j` as text; invalid UTF-8 in stored strings is replaced rather than thrown on.
std::string DumpJson(const nlohmann::json& j);

}  // namespace pregon::http

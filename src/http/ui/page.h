// Page: how an admin UI handler answers — a template inside the layout (navigation, the
// user, the language switch, the CSRF token every form carries), a redirect, or an error page
// — in the user's language, with the UI's security headers: a Content-Security-Policy that
// lets the page load only pregon's own scripts and styles and never be framed.
//
// Pages work without JavaScript: links and plain forms, answered with a redirect after a write
// (303, so a reload never repeats it). htmx adds live parts on top.
//
// Not thread-safe; one per request.
#pragma once

#include <charconv>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/language.h"
#include "http/api_context.h"
#include "http/api_error.h"
#include "http/call.h"

namespace pregon::http::ui {

class Page {
 public:
  explicit Page(Call& call) : Page(call.ctx, call.req, call.res, call.principal()) {}
  Page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
       const std::optional<Principal>& who);

  Language lang() const { return lang_; }
  std::string T(std::string_view key) const;
  // True when someone is signed in and their role has `p`.
  bool Can(Permission p) const;

  // templates/<name> rendered with `data` (plus what every page has: t, lang, user, csrf,
  // can) inside the layout, titled `title`.
  void Show(std::string_view name, nlohmann::json data, const std::string& title, int status = 200);
  // templates/<name> alone, for a part of a page that htmx swaps in.
  void Fragment(std::string_view name, nlohmann::json data);
  // 303 See Other to `location` (a path of this site).
  void Redirect(const std::string& location);
  // The error page: what went wrong and what to do, in the user's language.
  void Error(int status, const std::string& message);
  // A domain error as its page (internal ones logged, shown without details).
  void Error(const Status& status);

  // The submitted form's fields.
  std::string Field(const char* name) const;  // "" when absent
  std::vector<std::string> Fields(const char* name) const;

  // What every template gets: t (the texts), lang, user, csrf, can.
  nlohmann::json Base() const;

  // A destructive action on one thing, confirmed first: without confirm=yes in the form, a
  // page asking `question` whose button (`button`) posts the form again to `action_url` with
  // `hidden` ([{name, value}]) and confirm=yes; with it, `act`, then 303 to `done_url` (an
  // error page when `act` fails). `back` is where "No, go back" leads.
  struct Confirmation {
    std::string question;
    std::string button;
    std::string action_url;
    nlohmann::json hidden = nlohmann::json::array();
    std::string back;
    std::string done_url;
  };
  void ConfirmThenDo(const Confirmation& c, const std::function<Status()>& act);
  // True when the form says confirm=yes; else shows the page asking `c.question` (done_url
  // unused) and is false.
  bool Confirmed(const Confirmation& c);

 private:
  ApiContext& ctx_;
  const HttpRequest& req_;
  HttpResponse& res_;
  const std::optional<Principal> who_;
  const Language lang_;
  std::multimap<std::string, std::string> form_;
};

// One choice of a <select>: the value it sends and the label it shows.
struct Choice {
  std::string value;
  std::string label;
};
using Choices = std::vector<Choice>;

// For a template's {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>
// {{label}}</option>{{/options}}: the choices, the one whose value is `selected` marked.
nlohmann::json SelectOptions(const Choices& choices, std::string_view selected);

// A listing read with one row more than a page holds (limit = page + 1): drops that row and
// says whether there was one, i.e. whether a next page exists.
template <typename Row>
bool TrimToPage(std::vector<Row>& rows, int page) {
  if (rows.size() <= static_cast<size_t>(page)) return false;
  rows.resize(static_cast<size_t>(page));
  return true;
}

// The whole of `text` as a number of type N ("12", "2.5"); nullopt when it is not exactly one.
template <typename N>
std::optional<N> NumberOf(std::string_view text) {
  N n{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

// "42" as 42; nullopt for anything but a positive whole number.
std::optional<int64_t> ParsePositiveId(std::string_view text);

// `url` with `param`=`value` (percent-encoded) added to its query.
std::string WithQuery(const std::string& url, std::string_view param, std::string_view value);

// The paging links of a listing at `base` (a path, and maybe its query): {"first_url": base
// unless this is the first page, "next_url": base with `param`=`next` when there is a page
// after this one}; a link not shown is null.
nlohmann::json PagingUrls(const std::string& base, bool first_page, std::string_view param,
                          const std::optional<std::string>& next);
// The cursor of the page after this one when there is `more`: last() (an id, a seq or a
// text) as text; nullopt otherwise (last() is then not called: the page may be empty).
template <typename Last>
std::optional<std::string> NextCursor(bool more, Last last) {
  if (!more) return std::nullopt;
  if constexpr (std::is_arithmetic_v<decltype(last())>)
    return std::to_string(last());
  else
    return std::string(last());
}

// What a page adds when a form elsewhere redirected to it with ?done=NAME: {"notice": the
// text `prefix`NAME} when NAME is one of `known`, else {} (nothing to tell).
nlohmann::json DoneNotice(const Call& call, const Page& page, std::string_view prefix,
                          std::initializer_list<std::string_view> known);

// What the path's {id} names, read by `get` (a store lookup), or nullopt after answering the
// page: 404 with the text `not_found` for an id that is not one or names nothing, the store's
// error otherwise.
template <typename T, typename Get>
std::optional<T> OfPath(const Call& call, Page& page, const char* not_found, Get get) {
  const auto id = ParsePositiveId(call.Param("id"));
  Result<T> found = id ? get(*id) : Result<T>(Status::NotFound(not_found));
  if (found.ok()) return std::move(found).value();
  if (found.status().code() == StatusCode::kNotFound) {
    page.Error(404, page.T(not_found));
  } else {
    page.Error(found.status());
  }
  return std::nullopt;
}

// Answers a page route the server refused: a visitor who is not signed in (or whose session
// ended) goes to the login page, which sends them back afterwards; anything else is an error
// page.
void RefusePage(ApiContext& ctx, const HttpRequest& req, HttpResponse& res, const ApiError& error);

// `next` when it is a path of this site ("/campaigns?status=sending"), else "/": a login
// link must not send anyone to another site.
std::string LocalPath(std::string_view next);

// "/login?next=<target>", the target percent-encoded.
std::string LoginUrl(std::string_view target);

}  // namespace pregon::http::ui

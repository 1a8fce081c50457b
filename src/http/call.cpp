#include "http/call.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

#include "core/text.h"
#include "core/url.h"
#include "http/cursor.h"
#include "http/json_body.h"

namespace pregon::http {

std::string DumpJson(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json PageJson(nlohmann::json items, const std::optional<std::string>& next_cursor) {
  return {{"items", std::move(items)},
          {"next_cursor", next_cursor ? nlohmann::json(*next_cursor) : nullptr}};
}

void Call::Reply(int status, const nlohmann::json& body) {
  res.status = status;
  res.SetContent(DumpJson(body), "application/json");
}

void Call::Fail(const ApiError& error) {
  Reply(error.status, error.ToJson());
  if (error.status == 405) res.SetHeader("Allow", error.details.value("allow", ""));
  if (error.status == 401) res.SetHeader("WWW-Authenticate", "Bearer realm=\"pregon\"");
  if (error.status == 429)
    res.SetHeader("Retry-After", std::to_string(error.details.value("retry_after", 1)));
  if (error.status == 503) res.SetHeader("Retry-After", "1");
}

void Call::Fail(const Status& status) {
  ApiError e = ApiError::FromStatus(status);
  if (e.status >= 500) spdlog::error("{} {}: {}", req.method, req.path, status.ToString());
  Fail(e);
}

std::string Call::Param(const char* name) const {
  auto it = params_.find(name);
  return it == params_.end() ? "" : it->second;
}

bool Call::Id(const char* name, int64_t* out, const char* what) {
  const std::string v = Param(name);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec != std::errc() || end != v.data() + v.size() || id <= 0) {
    Fail(ApiError::NotFound(std::string(what) + " '" + v + "' not found"));
    return false;
  }
  *out = id;
  return true;
}

namespace {

std::string Decode(std::string_view s) { return PercentDecode(s, true); }

}  // namespace

std::multimap<std::string, std::string> ParseQuery(const std::string& target) {
  const auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::string_view rest = std::string_view(target).substr(q + 1);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  return ParseUrlEncoded(rest);
}

std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view text) {
  std::multimap<std::string, std::string> out;
  while (!text.empty()) {
    const auto amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace(Decode(pair.substr(0, eq)),
                eq == std::string_view::npos ? "" : Decode(pair.substr(eq + 1)));
  }
  return out;
}

bool IsUrlEncodedForm(const HttpRequest& req) {
  const std::string type = req.Header("Content-Type");
  const std::string_view media = TrimSpaceTab(std::string_view(type).substr(0, type.find(';')));
  return AsciiLower(media) == "application/x-www-form-urlencoded";
}

std::multimap<std::string, std::string> FormFields(const HttpRequest& req) {
  std::multimap<std::string, std::string> out;
  if (req.multipart) {
    for (const FormPart& part : req.form)
      if (part.filename.empty()) out.emplace(part.name, std::string(part.content));
  } else if (IsUrlEncodedForm(req)) {
    out = ParseUrlEncoded(req.Body());
  }
  return out;
}

std::string Call::Query(const char* name) const {
  auto it = query_.find(name);
  return it == query_.end() ? "" : it->second;
}

bool Call::QueryId(const char* name, std::optional<int64_t>* out) {
  out->reset();
  if (!HasQuery(name)) return true;
  const std::string v = Query(name);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
  if (ec != std::errc() || end != v.data() + v.size() || id <= 0) {
    Fail(ApiError::BadRequest(std::string(name) + " must be a positive whole number", name));
    return false;
  }
  *out = id;
  return true;
}

std::unique_ptr<StreamSlots::Slot> Call::TakeStreamSlot(std::string_view instead) {
  StreamSlots::Refusal why{};
  auto slot = ctx.streams.Take(user().id, &why);
  if (why == StreamSlots::Refusal::kUserFull)
    Fail(ApiError::TooManyRequests("this user has " + std::to_string(ctx.streams.per_user()) +
                                       " event streams or downloads open already; close one (" +
                                       std::string(instead) + ")",
                                   5));
  if (why == StreamSlots::Refusal::kServerFull)
    Fail(ApiError::Unavailable("the server has " + std::to_string(ctx.streams.total()) +
                               " event streams or downloads open; " + std::string(instead)));
  return slot;
}

bool Call::Limit(int* out, int def, int max) {
  if (!HasQuery("limit")) {
    *out = def;
    return true;
  }
  const std::string v = Query("limit");
  int n = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > max) {
    Fail(ApiError::BadRequest("limit must be a whole number from 1 to " + std::to_string(max),
                              "limit"));
    return false;
  }
  *out = n;
  return true;
}

bool Call::CursorId(const char* kind, int64_t* out) {
  *out = 0;
  if (!HasQuery("cursor")) return true;
  auto id = DecodeIdCursor(Query("cursor"), kind);
  if (!id.ok()) {
    Fail(ApiError::BadRequest(id.status().message(), "cursor"));
    return false;
  }
  *out = *id;
  return true;
}

bool Call::Cursor(const char* kind, std::string* out) {
  out->clear();
  if (!HasQuery("cursor")) return true;
  auto position = DecodeCursor(Query("cursor"), kind);
  if (!position.ok()) {
    Fail(ApiError::BadRequest(position.status().message(), "cursor"));
    return false;
  }
  *out = *position;
  return true;
}

bool Call::Body(nlohmann::json* out, bool allow_empty) {
  if (auto error = ParseJsonObject(req, out, allow_empty)) {
    Fail(*error);
    return false;
  }
  return true;
}

bool Call::NoBody() {
  nlohmann::json body;
  if (!Body(&body, /*allow_empty=*/true)) return false;
  JsonFields fields(body);
  if (auto error = fields.Finish()) {
    Fail(*error);
    return false;
  }
  return true;
}

bool Call::MultipartParts(std::initializer_list<const char*> allowed,
                          std::initializer_list<const char*> required) {
  if (!req.multipart) {
    Fail(ApiError::UnsupportedMediaType("multipart/form-data"));
    return false;
  }
  for (const FormPart& part : req.form) {
    const std::string& name = part.name;
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      Fail(ApiError::BadRequest("unknown form field '" + LogSafe(name, 64) + "'", name));
      return false;
    }
    // Which of two "file" parts would be imported is not for a parser to guess.
    if (req.PartCount(name) > 1) {
      Fail(ApiError::BadRequest("the form field '" + name + "' is given more than once", name));
      return false;
    }
  }
  for (const char* name : required) {
    if (req.Part(name) == nullptr) {
      Fail(ApiError::BadRequest(std::string(name) + " is required", name));
      return false;
    }
  }
  return true;
}

}  // namespace pregon::http

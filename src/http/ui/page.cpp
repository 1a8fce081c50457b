#include "http/ui/page.h"

#include <spdlog/spdlog.h>

#include "app/auth/auth_service.h"
#include "core/url.h"
#include "core/version.h"
#include "http/ui/texts.h"
#include "http/ui/view.h"

namespace pregon::http::ui {

namespace {

// Only pregon's own files; no inline script or style, no framing, forms post only here.
// Preview frames (a campaign's HTML) are sandboxed srcdoc iframes of the same page.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'";

void SetPageHeaders(HttpResponse& res) {
  res.SetHeader("Content-Security-Policy", kContentSecurityPolicy);
  res.SetHeader("X-Frame-Options", "DENY");
  res.SetHeader("Referrer-Policy", "same-origin");
}

}  // namespace

Page::Page(ApiContext& ctx, const HttpRequest& req, HttpResponse& res,
           const std::optional<Principal>& who)
    : ctx_(ctx),
      req_(req),
      res_(res),
      who_(who),
      lang_(PageLanguage(req, who ? std::string_view(who->user.language) : "")),
      form_(FormFields(req)) {}

std::string Page::T(std::string_view key) const { return Text(lang_, key); }

bool Page::Can(Permission p) const { return who_ && HasPermission(who_->user.role, p); }

nlohmann::json Page::Base() const {
  nlohmann::json j;
  j["t"] = Texts(lang_);
  j["lang"] = std::string(LanguageCode(lang_));
  j["version"] = std::string(kPregonVersion);  // ?v= on assets: a new version, new URLs
  j["other_lang"] = lang_ == Language::kSpanish ? "en" : "es";
  j["other_lang_name"] = lang_ == Language::kSpanish ? "English" : "Español";
  j["here"] = LocalPath(req_.target);
  if (who_) {
    j["user"] = {{"name", who_->user.username}, {"role", std::string(RoleName(who_->user.role))}};
    if (who_->via_session) j["csrf"] = AuthService::CsrfTokenOf(who_->session_id);
    j["can"] = {{"read", Can(Permission::kRead)},
                {"write_campaigns", Can(Permission::kWriteCampaigns)},
                {"write_audience", Can(Permission::kWriteAudience)},
                {"manage_senders", Can(Permission::kManageSenders)},
                {"process_reports", Can(Permission::kProcessReports)},
                {"load_to_db", Can(Permission::kLoadToDb)},
                {"manage_users", Can(Permission::kManageUsers)},
                {"reserve_slots", Can(Permission::kReserveSlots)}};
  }
  return j;
}

void Page::Show(std::string_view name, nlohmann::json data, const std::string& title, int status) {
  nlohmann::json base = Base();
  for (auto& [key, value] : data.items()) base[key] = std::move(value);
  base["title"] = title;
  res_.status = status;
  SetPageHeaders(res_);
  res_.SetContent(RenderInLayout("layout", name, base), "text/html; charset=utf-8");
}

void Page::Fragment(std::string_view name, nlohmann::json data) {
  nlohmann::json base = Base();
  for (auto& [key, value] : data.items()) base[key] = std::move(value);
  res_.status = 200;
  SetPageHeaders(res_);
  res_.SetContent(Render(name, base), "text/html; charset=utf-8");
}

void Page::Redirect(const std::string& location) {
  res_.status = 303;
  res_.SetHeader("Location", LocalPath(location));
  res_.SetContent("", "text/plain");
}

void Page::Error(int status, const std::string& message) {
  Show("error", {{"status", status}, {"message", message}}, T("error_title"), status);
}

void Page::Error(const Status& status) {
  const ApiError e = ApiError::FromStatus(status);
  if (e.status >= 500) {
    spdlog::error("{} {}: {}", req_.method, req_.path, status.ToString());
    return Error(e.status, T("error_internal"));
  }
  Error(e.status, e.message);
}

bool Page::Confirmed(const Confirmation& c) {
  if (Field("confirm") == "yes") return true;
  Show("confirm_action",
       {{"question", c.question},
        {"button", c.button},
        {"action_url", c.action_url},
        {"hidden", c.hidden},
        {"back", c.back}},
       T("confirm_title"));
  return false;
}

void Page::ConfirmThenDo(const Confirmation& c, const std::function<Status()>& act) {
  if (!Confirmed(c)) return;
  if (Status st = act(); !st.ok()) return Error(st);
  Redirect(c.done_url);
}

std::string Page::Field(const char* name) const {
  const auto it = form_.find(name);
  return it == form_.end() ? "" : it->second;
}

std::vector<std::string> Page::Fields(const char* name) const {
  std::vector<std::string> out;
  const auto [from, to] = form_.equal_range(name);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

void RefusePage(ApiContext& ctx, const HttpRequest& req, HttpResponse& res, const ApiError& error) {
  Page page(ctx, req, res, std::nullopt);
  if (error.status == 401)
    return page.Redirect(LoginUrl(req.method == "GET" ? req.target : std::string("/")));
  if (error.code == "csrf_failed") return page.Error(403, page.T("error_csrf"));
  page.Error(error.status, error.message);
}

nlohmann::json SelectOptions(const Choices& choices, std::string_view selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const Choice& c : choices)
    out.push_back({{"value", c.value}, {"label", c.label}, {"selected", c.value == selected}});
  return out;
}

std::optional<int64_t> ParsePositiveId(std::string_view text) {
  const auto id = NumberOf<int64_t>(text);
  return id && *id > 0 ? id : std::nullopt;
}

std::string WithQuery(const std::string& url, std::string_view param, std::string_view value) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + std::string(param) + "=" +
         PercentEncode(value);
}

nlohmann::json PagingUrls(const std::string& base, bool first_page, std::string_view param,
                          const std::optional<std::string>& next) {
  return {
      {"first_url", first_page ? nlohmann::json(nullptr) : nlohmann::json(base)},
      {"next_url", next ? nlohmann::json(WithQuery(base, param, *next)) : nlohmann::json(nullptr)}};
}

nlohmann::json DoneNotice(const Call& call, const Page& page, std::string_view prefix,
                          std::initializer_list<std::string_view> known) {
  const std::string done = call.Query("done");
  for (std::string_view name : known)
    if (done == name) return {{"notice", page.T(std::string(prefix) + done)}};
  return nlohmann::json::object();
}

std::string LocalPath(std::string_view next) {
  const bool local = next.size() >= 1 && next[0] == '/' &&
                     (next.size() == 1 || (next[1] != '/' && next[1] != '\\'));
  for (const char c : next)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "/";
  return local ? std::string(next) : "/";
}

std::string LoginUrl(std::string_view target) {
  const std::string next = LocalPath(target);
  return next == "/" ? "/login" : "/login?next=" + PercentEncode(next);
}

}  // namespace pregon::http::ui

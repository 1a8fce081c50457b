#include "http/ui/texts.h"

#include "http/authenticate.h"
#include "http/ui/web_files.h"

namespace pregon::http::ui {

namespace {

nlohmann::json Load(std::string_view name) {
  const WebFile* file = FindWebFile(name);
  // The files are compiled in; a missing or broken one is a build mistake that the unit tests
  // catch, so the UI shows keys rather than refusing to start.
  if (!file) return nlohmann::json::object();
  auto parsed = nlohmann::json::parse(file->content, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

}  // namespace

const nlohmann::json& Texts(Language language) {
  static const nlohmann::json spanish = Load("i18n/es.json");
  static const nlohmann::json english = Load("i18n/en.json");
  return language == Language::kSpanish ? spanish : english;
}

std::string Text(Language language, std::string_view key) {
  const nlohmann::json& texts = Texts(language);
  const auto it = texts.find(key);
  return it != texts.end() && it->is_string() ? it->get<std::string>() : std::string(key);
}

Language PageLanguage(const HttpRequest& req) {
  const std::string chosen = CookieValue(req, kLanguageCookie);
  if (chosen == "es") return Language::kSpanish;
  if (chosen == "en") return Language::kEnglish;
  return PreferredLanguage(req.Header("Accept-Language"));
}

}  // namespace pregon::http::ui

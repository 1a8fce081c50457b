#include "http/ui/texts.h"

#include <algorithm>
#include <regex>

#include "http/authenticate.h"
#include "http/ui/view.h"
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

std::vector<std::string> TextKeysIn(std::string_view source) {
  static const std::regex text_tag(R"(\{\{[#^/]?t\.([a-z0-9_]+)\}\})");
  std::vector<std::string> keys;
  for (std::cregex_iterator it(source.begin(), source.end(), text_tag), end; it != end; ++it)
    keys.push_back((*it)[1]);
  return keys;
}

nlohmann::json TextsNamedBy(std::initializer_list<std::string_view> names, Language language) {
  nlohmann::json out = nlohmann::json::object();
  for (const TemplateSource& t : Templates()) {
    if (std::find(names.begin(), names.end(), t.name) == names.end()) continue;
    for (const std::string& key : TextKeysIn(t.source)) out[key] = Text(language, key);
  }
  return out;
}

Language PageLanguage(const HttpRequest& req, std::string_view user_language) {
  for (const std::string& chosen :
       {std::string(user_language), CookieValue(req, kLanguageCookie)}) {
    if (chosen == "es") return Language::kSpanish;
    if (chosen == "en") return Language::kEnglish;
  }
  return PreferredLanguage(req.Header("Accept-Language"));
}

}  // namespace pregon::http::ui

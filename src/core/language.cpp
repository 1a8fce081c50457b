#include "core/language.h"

#include <cctype>
#include <optional>

#include "core/text.h"

namespace pregon {

namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

// The language a range names ("es", "es-CO"), or nullopt for any other.
std::optional<Language> LanguageOfRange(std::string_view range) {
  for (auto [code, language] : {std::pair{std::string_view("es"), Language::kSpanish},
                                std::pair{std::string_view("en"), Language::kEnglish}}) {
    if (StartsWithNoCase(range, code) && (range.size() == 2 || range[2] == '-')) return language;
  }
  return std::nullopt;
}

// The quality of ";q=0.8" parameters, in thousandths (1000 when absent, -1 when malformed).
int Quality(std::string_view params) {
  params = TrimSpaceTab(params);
  if (params.empty()) return 1000;
  if (!StartsWithNoCase(params, "q=")) return -1;
  std::string_view q = TrimSpaceTab(params.substr(2));
  if (q.empty() || (q[0] != '0' && q[0] != '1')) return -1;
  int value = (q[0] - '0') * 1000;
  if (q.size() > 1) {
    if (q[1] != '.' || q.size() > 5) return -1;
    int scale = 100;
    for (char c : q.substr(2)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
      value += (c - '0') * scale;
      scale /= 10;
    }
  }
  return value > 1000 ? -1 : value;
}

}  // namespace

Language PreferredLanguage(std::string_view accept_language) {
  Language best = Language::kEnglish;
  int best_quality = 0;
  while (!accept_language.empty()) {
    const size_t comma = accept_language.find(',');
    std::string_view entry = TrimSpaceTab(accept_language.substr(0, comma));
    accept_language = comma == std::string_view::npos ? "" : accept_language.substr(comma + 1);
    const size_t semicolon = entry.find(';');
    const auto language = LanguageOfRange(TrimSpaceTab(entry.substr(0, semicolon)));
    const int quality =
        Quality(semicolon == std::string_view::npos ? "" : entry.substr(semicolon + 1));
    if (language && quality > best_quality) {
      best = *language;
      best_quality = quality;
    }
  }
  return best;
}

std::string_view LanguageCode(Language language) {
  return language == Language::kSpanish ? "es" : "en";
}

}  // namespace pregon

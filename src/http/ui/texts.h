// Texts: the admin UI's words in Spanish and English, from web/i18n/es.json and en.json — one
// flat object of key → text each, with the same keys (texts_test.cpp checks that, and that
// every key a template names exists). Templates read them as {{t.key}}; code fills the ones
// with {} placeholders through FormatText.
//
// Thread-safety: parsed once, then read-only; safe from any thread.
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "http/http_message.h"

namespace pregon::http::ui {

// Every text of `language`.
const nlohmann::json& Texts(Language language);

// The text of `key`; the key itself when there is none, so a gap shows rather than a page
// that breaks.
std::string Text(Language language, std::string_view key);

// Text(language, key) with its {} placeholders filled in order.
template <typename... Args>
std::string FormatText(Language language, std::string_view key, Args&&... args) {
  return fmt::format(fmt::runtime(Text(language, key)), std::forward<Args>(args)...);
}

// The keys of the texts a template's source names ({{t.key}}, {{#t.key}}…), in order.
std::vector<std::string> TextKeysIn(std::string_view source);

// Only the texts templates/<names> name: what a fragment rendered many times a second needs,
// rather than the whole catalog.
nlohmann::json TextsNamedBy(std::initializer_list<std::string_view> names, Language language);

// The cookie that keeps a user's choice of language in their browser.
inline constexpr const char* kLanguageCookie = "pregon_lang";

// A page's language: the one the signed-in user chose on their profile (`user_language`,
// kept with the user), else the one chosen in this browser (kLanguageCookie), else the
// browser's (Accept-Language).
Language PageLanguage(const HttpRequest& req, std::string_view user_language = "");

}  // namespace pregon::http::ui

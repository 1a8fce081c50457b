// The languages pregon speaks to people — messages a client reads, the admin UI (DESIGN
// §1.6): Spanish and English, chosen from the browser's Accept-Language header (RFC 9110
// §12.5.4) by quality, English when it names neither.
// Pure functions; safe from any thread.
#pragma once

#include <string_view>

namespace pregon {

enum class Language { kEnglish, kSpanish };

// "es-CO,es;q=0.9,en;q=0.8" → kSpanish; "fr, en;q=0.5" → kEnglish; "" or "fr" → kEnglish.
// A language with q=0 is refused; among equal qualities the first listed wins. Malformed
// entries are skipped, never an error: the header is the client's to get wrong.
Language PreferredLanguage(std::string_view accept_language);
std::string_view LanguageCode(Language language);  // "en", "es"

}  // namespace pregon

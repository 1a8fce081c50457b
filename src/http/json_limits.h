// JsonLimits: what a JSON request body may hold, checked by a streaming (SAX) pass over the
// text before any document is built — so a 12 MB body of a million keys is refused after
// reading it once, instead of costing gigabytes as a parsed tree (nlohmann's DOM spends about
// 300 bytes a key). The same pass refuses what a tree would silently lose or a reader could
// misread: a key given twice in one object (the tree keeps the last), a key with control
// characters, nesting deeper than a parser should recurse.
//
// Pure function; safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pregon::http {

struct JsonLimits {
  int max_depth = 32;            // arrays and objects inside each other
  size_t max_elements = 10'000;  // values, containers and keys in all
  size_t max_key_bytes = 128;
};

// Why `text` breaks `limits` (a sentence naming what and where, as "$.a.b"), or nullopt when
// it is within them or is not JSON at all (the parser that follows says so).
std::optional<std::string> CheckJsonLimits(std::string_view text, const JsonLimits& limits = {});

}  // namespace pregon::http

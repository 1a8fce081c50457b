// Appends JSON text to a std::string without building a document first.
//
// The relay channel serialises one JSON body per message on the hot path (DESIGN §5:
// ≥ 20,000 messages/s). nlohmann::json builds a tree and then walks it, which measured
// ~12 µs for a message with a 2 KB HTML and 1 KB text part; appending escaped strings
// straight into a reused buffer takes well under a quarter of that. This file is the small
// hand-written part; everything that parses JSON still uses nlohmann.
//
// Thread-safety: free functions on caller-owned buffers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace pregon {

// Appends `value` as a quoted JSON string. Quotes, backslashes and control characters are
// escaped; valid UTF-8 is copied as is; each byte of an invalid UTF-8 sequence becomes
// U+FFFD, so the output is always valid JSON whatever the input.
void AppendJsonString(std::string& out, std::string_view value);

// Appends `"key":` (the key escaped like a value).
void AppendJsonKey(std::string& out, std::string_view key);

// Appends the decimal number.
void AppendJsonInt(std::string& out, int64_t value);

}  // namespace pregon

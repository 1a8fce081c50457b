// Small text helpers used across layers, written once: trimming, ASCII case, and cutting
// UTF-8 text without splitting a character. No locale: protocol text is ASCII-cased.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pregon {

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view TrimSpaceTab(std::string_view s);

// Without leading and trailing ASCII white space and no-break spaces (U+00A0), which
// spreadsheets paste around values and which no one means as data. For CSV cells.
std::string_view TrimCell(std::string_view s);

// A copy with A–Z lowered (other bytes unchanged).
std::string AsciiLower(std::string_view s);

// True for the second to fourth bytes of a UTF-8 sequence.
inline bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Shortens `s` to at most `max_bytes`, cutting before a character, never inside one.
void TruncateUtf8(std::string& s, size_t max_bytes);

// The last at most `max_bytes` of `s`, starting at a character, never inside one: the tail
// of a log.
std::string_view Utf8Tail(std::string_view s, size_t max_bytes);

// True when `s` holds a control byte (below 0x20, or DEL): CR, LF and NUL among them, which
// would end a header line or a log line early wherever the value is written.
bool HasControlByte(std::string_view s);

// `s` made safe to write inside a log line: control bytes and backslashes escaped as \xNN
// (so a client cannot forge a line or reach the terminal), then truncated as TruncateUtf8
// with "..." when it was longer. For values that come from requests (a login name).
std::string LogSafe(std::string_view s, size_t max_bytes = 200);

// The words of `text` on one line: every run of whitespace and control bytes becomes one
// space, none at either end; then truncated as TruncateUtf8. For providers' error texts.
std::string OneLine(std::string_view text, size_t max_bytes);

}  // namespace pregon

#include "channels/json_writer.h"

#include <charconv>
#include <cstring>

namespace pregon {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// True when any byte of `w` is zero. Exact as a yes/no answer (the classic bit trick).
constexpr uint64_t HasZeroByte(uint64_t w) { return (w - kOnes) & ~w & kHighBits; }

// True when any of the 8 bytes needs more than a plain copy: a control character (< 0x20),
// '"', '\\', or a non-ASCII byte (>= 0x80, which must be checked as UTF-8).
bool WordNeedsAttention(uint64_t w) {
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHighBits;
  const uint64_t quote = HasZeroByte(w ^ (kOnes * '"'));
  const uint64_t backslash = HasZeroByte(w ^ (kOnes * '\\'));
  return ((w & kHighBits) | below_space | quote | backslash) != 0;
}

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF) that starts at s[i] with a lead byte >= 0x80, or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](size_t k) { return i + k < s.size() && (byte(k) & 0xC0) == 0x80; };
  const unsigned char lead = byte(0);
  if (lead >= 0xC2 && lead <= 0xDF) return cont(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (lead == 0xED && byte(1) > 0x9F) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (lead == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (lead == 0xF4 && byte(1) > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

void AppendEscapedAscii(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escaped, sizeof(escaped));
    }
  }
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view value) {
  const char* p = value.data();
  const size_t n = value.size();
  out.reserve(out.size() + n + 2);
  out.push_back('"');
  size_t copied = 0;  // value[copied, i) is plain text not yet appended
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, sizeof(word));
      if (!WordNeedsAttention(word)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const size_t len = Utf8SequenceLength(value, i); len > 0) {
        i += len;  // valid UTF-8 stays in the plain run
        continue;
      }
    }
    out.append(p + copied, i - copied);
    if (c < 0x80) {
      AppendEscapedAscii(out, c);
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    }
    copied = ++i;
  }
  out.append(p + copied, n - copied);
  out.push_back('"');
}

void AppendJsonKey(std::string& out, std::string_view key) {
  AppendJsonString(out, key);
  out.push_back(':');
}

void AppendJsonInt(std::string& out, int64_t value) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, end);
}

}  // namespace pregon

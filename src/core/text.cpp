#include "core/text.h"

#include <algorithm>

namespace pregon {

std::string_view TrimSpaceTab(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view TrimCell(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n", kNbsp = "\xC2\xA0";
  while (true) {
    const size_t before = s.size();
    while (!s.empty() && kSpace.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
    while (!s.empty() && kSpace.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    if (s.starts_with(kNbsp)) s.remove_prefix(kNbsp.size());
    if (s.ends_with(kNbsp)) s.remove_suffix(kNbsp.size());
    if (s.size() == before) return s;
  }
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

void TruncateUtf8(std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return;
  size_t cut = max_bytes;
  while (cut > 0 && IsUtf8Continuation(s[cut])) --cut;
  s.resize(cut);
}

std::string_view Utf8Tail(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t start = s.size() - max_bytes;
  while (start < s.size() && IsUtf8Continuation(s[start])) ++start;
  return s.substr(start);
}

static bool IsControlByte(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

bool HasControlByte(std::string_view s) {
  for (const char c : s)
    if (IsControlByte(c)) return true;
  return false;
}

std::string LogSafe(std::string_view s, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::min(s.size(), max_bytes) + 8);
  for (const char c : s) {
    if (IsControlByte(c) || c == '\\') {
      const auto b = static_cast<unsigned char>(c);
      out += {'\\', 'x', kHex[b >> 4], kHex[b & 0xf]};
    } else {
      out.push_back(c);
    }
    if (out.size() > max_bytes) break;
  }
  if (out.size() > max_bytes) {
    TruncateUtf8(out, max_bytes);
    out += "...";
  }
  return out;
}

std::string OneLine(std::string_view text, size_t max_bytes) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 32 || c == 127) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  TruncateUtf8(out, max_bytes);
  return out;
}

}  // namespace pregon

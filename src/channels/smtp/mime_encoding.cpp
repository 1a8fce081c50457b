#include "channels/smtp/mime_encoding.h"

#include <algorithm>
#include <cstdint>

namespace pregon {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHex[] = "0123456789ABCDEF";

// RFC 2045: encoded lines are at most 76 characters, the "=" of a soft break included.
constexpr size_t kMaxQuotedPrintableLine = 76;

// RFC 2047 §2: an encoded word is at most 75 characters; "=?UTF-8?B?" + "?=" take 12.
constexpr std::string_view kEncodedWordPrefix = "=?UTF-8?B?";
constexpr std::string_view kEncodedWordSuffix = "?=";
constexpr size_t kMaxEncodedWord = 75;
constexpr size_t kEncodedWordOverhead = 12;

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void AppendEscaped(unsigned char c, std::string& out) {
  out.push_back('=');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 0xF]);
}

// Appends one input line (no line break in it) quoted-printable encoded.
void AppendQuotedPrintableLine(std::string_view line, std::string& out) {
  size_t length = 0;  // of the output line so far
  for (size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    const size_t width = literal ? 1 : 3;
    // Leave room for the "=" of a soft break, unless this is the line's last unit.
    const size_t limit = last ? kMaxQuotedPrintableLine : kMaxQuotedPrintableLine - 1;
    if (length + width > limit) {
      out += "=\r\n";
      length = 0;
    }
    if (literal) {
      out.push_back(static_cast<char>(c));
    } else {
      AppendEscaped(c, out);
    }
    length += width;
  }
}

}  // namespace

std::string Base64Encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const uint32_t n = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out.push_back(kBase64Alphabet[(n >> 18) & 63]);
    out.push_back(kBase64Alphabet[(n >> 12) & 63]);
    out.push_back(kBase64Alphabet[(n >> 6) & 63]);
    out.push_back(kBase64Alphabet[n & 63]);
  }
  if (const size_t rest = data.size() - i; rest > 0) {
    uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    out.push_back(kBase64Alphabet[(n >> 18) & 63]);
    out.push_back(kBase64Alphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

void AppendQuotedPrintable(std::string_view text, std::string& out) {
  size_t start = 0;
  while (start <= text.size()) {
    const size_t newline = text.find('\n', start);
    std::string_view line = text.substr(
        start, newline == std::string_view::npos ? std::string_view::npos : newline - start);
    if (newline != std::string_view::npos && !line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    AppendQuotedPrintableLine(line, out);
    if (newline == std::string_view::npos) break;
    out += "\r\n";
    start = newline + 1;
  }
}

bool IsSafeHeaderAscii(std::string_view text) {
  const bool printable = std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 32 && static_cast<unsigned char>(c) <= 126;
  });
  return printable && text.find("=?") == std::string_view::npos;
}

std::string SanitizeHeaderText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 32 || u == 127 || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

void HeaderWriter::Begin(std::string_view name) {
  out_.append(name).push_back(':');
  column_ = name.size() + 1;
  first_token_ = column_;
}

void HeaderWriter::Token(std::string_view token) {
  if (column_ > first_token_ && column_ + 1 + token.size() > kMaxHeaderColumns) {
    out_ += "\r\n";
    column_ = 0;
  }
  out_.push_back(' ');
  out_.append(token);
  column_ += 1 + token.size();
}

void HeaderWriter::EncodedWords(std::string_view utf8) {
  while (!utf8.empty()) {
    // Raw bytes that fit in the rest of the line, after " " and the word's overhead.
    const size_t room = kMaxHeaderColumns > column_ + 1 + kEncodedWordOverhead
                            ? kMaxHeaderColumns - column_ - 1 - kEncodedWordOverhead
                            : 0;
    const size_t max_raw = std::min(room, kMaxEncodedWord - kEncodedWordOverhead) / 4 * 3;
    size_t take = std::min(max_raw, utf8.size());
    while (take > 0 && take < utf8.size() && IsUtf8Continuation(utf8[take])) --take;
    if (take == 0) {
      // Not even one character fits here; a fresh line always has room for 45 bytes.
      out_ += "\r\n";
      column_ = 0;
      continue;
    }
    std::string word(kEncodedWordPrefix);
    word += Base64Encode(utf8.substr(0, take));
    word += kEncodedWordSuffix;
    out_.push_back(' ');
    out_ += word;
    column_ += 1 + word.size();
    utf8.remove_prefix(take);
  }
}

void HeaderWriter::Text(std::string_view text) {
  if (!IsSafeHeaderAscii(text)) return EncodedWords(text);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) Token(text.substr(start, end - start));
    start = end + 1;
  }
}

void HeaderWriter::End() {
  out_ += "\r\n";
  column_ = 0;
}

}  // namespace pregon

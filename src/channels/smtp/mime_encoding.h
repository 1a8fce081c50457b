// MIME encodings for e-mail (RFC 2045, RFC 2047, RFC 5322): the building blocks of
// mime_message.h.
//
// Hand-written on purpose: libcurl's MIME API (curl_mime_*) assembles a message only while
// sending it, so what it produces cannot be unit-tested or previewed, and it does not encode
// header text (RFC 2047); no packaged C++ library does these few hundred lines well.
//
// Thread-safety: free functions and a writer over a caller-owned buffer.
#pragma once

#include <string>
#include <string_view>

namespace pregon {

// Header lines are folded to at most this many columns where the text allows it (RFC 5322
// §2.1.1 "SHOULD"); a single token longer than that (a long URL) is kept whole, up to the
// hard limit of 998.
inline constexpr size_t kMaxHeaderColumns = 78;

// Base64 (RFC 4648 §4) of `data`, padded, without line breaks.
std::string Base64Encode(std::string_view data);

// Appends `text` quoted-printable encoded (RFC 2045 §6.7) to `out`: every line break of the
// input (LF or CRLF) becomes a CRLF hard break, "=", non-ASCII and control bytes become
// "=XX", a space or tab before a line break is encoded, and soft breaks ("=" CRLF) keep every
// line at most 76 characters. UTF-8 text survives byte for byte. The output does not end
// with a line break unless the input does.
void AppendQuotedPrintable(std::string_view text, std::string& out);

// True when `text` is printable ASCII or space only (no control characters, no 8-bit bytes)
// and holds no "=?" that a reader could mistake for an RFC 2047 encoded word.
bool IsSafeHeaderAscii(std::string_view text);

// `text` made fit for one header line: CR, LF, tabs and other control characters become
// spaces, runs of spaces collapse to one, and the ends are trimmed. (Without this, a CRLF in
// a subject or a name would inject header lines.)
std::string SanitizeHeaderText(std::string_view text);

// Writes header fields into `out`, folding each to kMaxHeaderColumns with CRLF + space.
//   HeaderWriter h(out);
//   h.Begin("Subject"); h.Text(subject); h.End();   // "Subject: ...\r\n"
// REQUIRES: calls Begin, then any of Token/EncodedWords/Text, then End, for each field;
// header names are ASCII field names.
class HeaderWriter {
 public:
  explicit HeaderWriter(std::string& out) : out_(out) {}

  // Starts the field "Name:".
  void Begin(std::string_view name);

  // Appends " token", folding the line first when the token would pass the column limit.
  // REQUIRES: token has no CR or LF.
  void Token(std::string_view token);

  // Appends UTF-8 text as RFC 2047 "B" encoded words (=?UTF-8?B?...?=), each at most 75
  // characters and never splitting a UTF-8 sequence, folded between words. A reader joins
  // the words back into exactly `utf8` (white space between encoded words is ignored).
  void EncodedWords(std::string_view utf8);

  // Appends unstructured text (a subject): its words as tokens when it is safe ASCII,
  // otherwise as encoded words. `text` should be sanitised (SanitizeHeaderText) first.
  void Text(std::string_view text);

  // Ends the field with CRLF.
  void End();

 private:
  std::string& out_;
  size_t column_ = 0;       // characters on the current physical line
  size_t first_token_ = 0;  // column just after "Name:"; a fold before it would be empty
};

}  // namespace pregon

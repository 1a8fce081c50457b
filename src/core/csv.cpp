#include "core/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/email.h"

namespace pregon {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Physical line (1-based) of text[offset]: CRLF, LF and a lone CR each end one line.
int LineAt(std::string_view text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  return line;
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at s[i] (1 to 4), or 0 when it is malformed:
// a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF or truncated.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  if (c < 0x80) return 1;
  size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (len == 0 || c > 0xF4 || i + len > s.size()) return 0;
  unsigned char c1 = at(i + 1);
  // The second byte's range is narrower after these leads (overlongs, surrogates, > U+10FFFF).
  if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
      (c == 0xF4 && c1 > 0x8F)) {
    return 0;
  }
  for (size_t k = 1; k < len; ++k) {
    if (!IsContinuation(at(i + k))) return 0;
  }
  return len;
}

struct Utf8Scan {
  size_t first_invalid = std::string_view::npos;  // offset of the first malformed byte
  size_t multibyte = 0;  // well-formed non-ASCII sequences seen (evidence the file is UTF-8)
};

Utf8Scan ScanUtf8(std::string_view s) {
  Utf8Scan scan;
  for (size_t i = 0; i < s.size();) {
    size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      if (scan.first_invalid == std::string_view::npos) scan.first_invalid = i;
      ++i;
      continue;
    }
    if (len > 1) ++scan.multibyte;
    i += len;
  }
  return scan;
}

// Windows-1252 bytes 0x80-0x9F as code points. The five bytes it leaves undefined map to the
// C1 controls of the same value, as the WHATWG encoding standard does: decoding never fails.
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Cp1252ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    AppendUtf8(&out, c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : c);
  }
  return out;
}

// Refuses what is certainly not a text CSV before any decoding is attempted.
Status CheckNotBinary(std::string_view content) {
  if (content.starts_with("\xFF\xFE") || content.starts_with("\xFE\xFF")) {
    return Status::InvalidArgument("the file is UTF-16 text; save it as CSV UTF-8");
  }
  size_t nul = content.find('\0');
  if (nul != std::string_view::npos) {
    return Status::InvalidArgument(
        fmt::format("not a CSV (binary content): NUL byte on line {}", LineAt(content, nul)));
  }
  return Status::Ok();
}

// Picks the delimiter from the first line that is not blank: the most frequent of ',' ';' and
// tab outside quotes, ',' when none appears or the most frequent is tied.
char DetectDelimiter(std::string_view text) {
  int commas = 0, semicolons = 0, tabs = 0;
  bool in_quotes = false;
  bool has_content = false;  // a blank line is no header: look at the next one
  for (char c : text) {
    if (c == '"') {
      in_quotes = !in_quotes;  // a doubled quote toggles twice: no harm
      has_content = true;
    } else if (in_quotes) {
      continue;
    } else if (c == '\r' || c == '\n') {
      if (has_content) break;
      commas = semicolons = tabs = 0;
    } else if (c == '\t') {
      ++tabs;  // also white space: a line of tabs alone is blank
    } else if (c != ' ') {
      has_content = true;
      commas += c == ',';
      semicolons += c == ';';
    }
  }
  int most = std::max({commas, semicolons, tabs});
  if (most == 0 || commas == most) return ',';
  if (semicolons == most && tabs != most) return ';';
  if (tabs == most && semicolons != most) return '\t';
  return ',';
}

Status ValidateOptions(const CsvOptions& options) {
  char d = options.delimiter;
  if (d == '"' || d == '\r' || d == '\n') {
    return Status::InvalidArgument("a CSV delimiter cannot be a quote or a line break");
  }
  if (options.max_field_bytes == 0 || options.max_columns == 0) {
    return Status::InvalidArgument("CSV limits (max field bytes, max columns) must be > 0");
  }
  return Status::Ok();
}

}  // namespace

std::string_view CsvEncodingName(CsvEncoding encoding) {
  return encoding == CsvEncoding::kUtf8 ? "UTF-8" : "Windows-1252";
}

Result<CsvReader> CsvReader::Open(std::string_view content, CsvOptions options) {
  PREGON_RETURN_IF_ERROR(ValidateOptions(options));
  PREGON_RETURN_IF_ERROR(CheckNotBinary(content));
  CsvReader reader;
  reader.options_ = options;
  reader.had_bom_ = content.starts_with(kUtf8Bom);
  if (reader.had_bom_) content.remove_prefix(kUtf8Bom.size());
  reader.source_ = content;

  Utf8Scan scan = ScanUtf8(content);
  if (scan.first_invalid != std::string_view::npos) {
    // Real UTF-8 elsewhere in the file (or a BOM) means the bad bytes are damage or pasted rows
    // in another encoding: transcoding all of it would garble the good part without a word.
    if (reader.had_bom_ || scan.multibyte > 0) {
      return Status::InvalidArgument(
          fmt::format("line {}: invalid UTF-8 in a file that is otherwise UTF-8 (mixed encodings); "
                      "save it again as CSV UTF-8",
                      LineAt(content, scan.first_invalid)));
    }
    reader.transcoded_ = Cp1252ToUtf8(content);
    reader.decoded_ = true;
    reader.encoding_ = CsvEncoding::kWindows1252;
  }
  reader.delimiter_ =
      options.delimiter != '\0' ? options.delimiter : DetectDelimiter(reader.Text());
  return reader;
}

bool CsvReader::Next(CsvRecord* out, Status* error) {
  *error = failure_;
  if (!failure_.ok()) return false;
  while (pos_ < Text().size()) {
    bool blank = false;
    Status s = ReadRecord(out, &blank);
    if (!s.ok()) {
      failure_ = s;
      *error = s;
      return false;
    }
    if (!blank) return true;
  }
  return false;
}

// Reads from pos_ through the end of the record's last line. *blank tells the caller the
// record was a line of white space only, which is not data.
Status CsvReader::ReadRecord(CsvRecord* out, bool* blank) {
  out->line = line_;
  out->fields.clear();
  out->limit_error.clear();
  out->oversized_field = -1;
  out->too_many_fields = false;
  bool first_quoted = false;
  std::string field;
  for (size_t index = 0;; ++index) {
    bool quoted = false, too_long = false;
    FieldEnd end = FieldEnd::kEndOfInput;
    PREGON_RETURN_IF_ERROR(ReadField(&field, &quoted, &too_long, &end));
    if (index == 0) first_quoted = quoted;
    if (too_long && out->oversized_field < 0) {
      out->oversized_field = static_cast<int>(index);
      out->limit_error =
          fmt::format("field {} is longer than {} bytes", index + 1, options_.max_field_bytes);
      field.clear();
    }
    if (out->fields.size() < options_.max_columns) {
      out->fields.push_back(std::move(field));
    } else if (!out->too_many_fields) {
      out->too_many_fields = true;
      if (out->limit_error.empty()) {
        out->limit_error = fmt::format("more than {} fields", options_.max_columns);
      }
    }
    field.clear();
    if (end != FieldEnd::kDelimiter) break;
  }
  *blank = out->fields.size() == 1 && !first_quoted && TrimAscii(out->fields[0]).empty();
  return Status::Ok();
}

Status CsvReader::ReadField(std::string* field, bool* quoted, bool* too_long, FieldEnd* end) {
  std::string_view text = Text();
  *quoted = pos_ < text.size() && text[pos_] == '"';
  if (*quoted) PREGON_RETURN_IF_ERROR(ReadQuoted(field, too_long));
  // Text after a closing quote (`"a"b`) is kept as written, like Excel and Python do, rather
  // than failing a whole file over one sloppy cell.
  *end = ReadUnquoted(field, too_long);
  return Status::Ok();
}

// REQUIRES: Text()[pos_] is the opening quote. Leaves pos_ just after the closing quote.
Status CsvReader::ReadQuoted(std::string* field, bool* too_long) {
  std::string_view text = Text();
  const int opened_on = line_;
  ++pos_;
  while (true) {
    size_t stop = text.find_first_of("\"\r\n", pos_);
    if (stop == std::string_view::npos) {
      return Status::InvalidArgument(
          fmt::format("line {}: a quoted field is never closed (missing '\"')", opened_on));
    }
    Append(field, text.substr(pos_, stop - pos_), too_long);
    pos_ = stop;
    if (text[pos_] != '"') {  // a line break inside quotes belongs to the field
      size_t start = pos_;
      ConsumeLineEnd();
      Append(field, text.substr(start, pos_ - start), too_long);
    } else if (pos_ + 1 < text.size() && text[pos_ + 1] == '"') {
      Append(field, "\"", too_long);
      pos_ += 2;
    } else {
      ++pos_;
      return Status::Ok();
    }
  }
}

// Reads up to the delimiter or the end of the line and consumes it. A quote here is an
// ordinary character (`15" screen`).
CsvReader::FieldEnd CsvReader::ReadUnquoted(std::string* field, bool* too_long) {
  std::string_view text = Text();
  const char stops[] = {delimiter_, '\r', '\n'};
  size_t stop = text.find_first_of(std::string_view(stops, sizeof stops), pos_);
  if (stop == std::string_view::npos) stop = text.size();
  Append(field, text.substr(pos_, stop - pos_), too_long);
  pos_ = stop;
  if (pos_ >= text.size()) return FieldEnd::kEndOfInput;
  if (text[pos_] == delimiter_) {
    ++pos_;
    return FieldEnd::kDelimiter;
  }
  ConsumeLineEnd();
  return FieldEnd::kLineEnd;
}

// Keeps a field within max_field_bytes so a hostile file cannot make one field huge; past the
// limit the bytes are dropped and *too_long is set.
void CsvReader::Append(std::string* field, std::string_view bytes, bool* too_long) const {
  if (*too_long) return;
  if (field->size() + bytes.size() > options_.max_field_bytes) {
    *too_long = true;
    return;
  }
  field->append(bytes);
}

// REQUIRES: Text()[pos_] is '\r' or '\n'. CRLF counts as one line end.
void CsvReader::ConsumeLineEnd() {
  std::string_view text = Text();
  if (text[pos_] == '\r' && pos_ + 1 < text.size() && text[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

}  // namespace pregon

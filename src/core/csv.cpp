#include "core/csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/email.h"

namespace pregon {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

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

void AppendCp1252AsUtf8(std::string* out, std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    AppendUtf8(out, c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : c);
  }
}

// What Open() learns by reading the whole content once, block by block: whether it is text at
// all, and which single encoding reads all of it. Lines are counted as the reader counts them
// (CRLF, LF and a lone CR each end one) so a refusal names the line an editor shows.
class ContentScan {
 public:
  // Takes the next bytes of the content; `last` marks the end (`block` may then be empty).
  void Feed(std::string_view block, bool last) {
    std::string data = std::move(carry_);
    carry_.clear();
    data.append(block);
    std::string_view s = data;
    if (!started_) {
      if (s.size() < kUtf8Bom.size() && !last) {  // too short yet to tell a byte-order mark
        carry_ = std::move(data);
        return;
      }
      started_ = true;
      utf16_ = s.starts_with("\xFF\xFE") || s.starts_with("\xFE\xFF");
      had_bom_ = s.starts_with(kUtf8Bom);
      if (had_bom_) s.remove_prefix(kUtf8Bom.size());
    }
    // Until the end, keep the last 3 bytes back: they may start a sequence the next block ends.
    const size_t end = last ? s.size() : (s.size() > 3 ? s.size() - 3 : 0);
    size_t i = 0;
    while (i < end) {
      size_t len = Utf8SequenceLength(s, i);
      if (len == 1) {
        CountAscii(s[i]);
      } else if (len == 0) {
        if (first_invalid_line_ == 0) first_invalid_line_ = line_;
        after_cr_ = false;
      } else {
        ++multibyte_;
        after_cr_ = false;
      }
      i += len == 0 ? 1 : len;
    }
    carry_.assign(s.substr(std::min(i, s.size())));
  }

  bool had_bom() const { return had_bom_; }
  bool is_utf8() const { return first_invalid_line_ == 0; }

  // Refuses what is certainly not a text CSV, or what no single decoding reads right.
  Status Verdict() const {
    if (utf16_) return Status::InvalidArgument("the file is UTF-16 text; save it as CSV UTF-8");
    if (nul_line_ != 0)
      return Status::InvalidArgument(
          fmt::format("not a CSV (binary content): NUL byte on line {}", nul_line_));
    // Real UTF-8 elsewhere in the file (or a BOM) means the bad bytes are damage or pasted rows
    // in another encoding: transcoding all of it would garble the good part without a word.
    if (!is_utf8() && (had_bom_ || multibyte_ > 0))
      return Status::InvalidArgument(
          fmt::format("line {}: invalid UTF-8 in a file that is otherwise UTF-8 (mixed "
                      "encodings); save it again as CSV UTF-8",
                      first_invalid_line_));
    return Status::Ok();
  }

 private:
  void CountAscii(char c) {
    if (c == '\0' && nul_line_ == 0) nul_line_ = line_;
    if (c == '\r' || (c == '\n' && !after_cr_)) ++line_;
    after_cr_ = c == '\r';
  }

  std::string carry_;
  bool started_ = false, utf16_ = false, had_bom_ = false, after_cr_ = false;
  int line_ = 1, nul_line_ = 0, first_invalid_line_ = 0;
  size_t multibyte_ = 0;  // well-formed non-ASCII sequences seen (evidence the file is UTF-8)
};

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
  if (options.max_field_bytes == 0 || options.max_columns == 0 || options.block_bytes == 0) {
    return Status::InvalidArgument(
        "CSV limits (max field bytes, max columns, block bytes) must be > 0");
  }
  return Status::Ok();
}

}  // namespace

std::string CsvQuote(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvQuoteForSpreadsheet(std::string_view value) {
  if (!value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos)
    return CsvQuote("'" + std::string(value));
  return CsvQuote(value);
}

std::string_view CsvEncodingName(CsvEncoding encoding) {
  return encoding == CsvEncoding::kUtf8 ? "UTF-8" : "Windows-1252";
}

Result<size_t> StringCsvSource::Read(char* out, size_t size) {
  size_t n = std::min(size, content_.size() - pos_);
  content_.copy(out, n, pos_);
  pos_ += n;
  return n;
}

Status StringCsvSource::Rewind() {
  pos_ = 0;
  return Status::Ok();
}

Result<CsvReader> CsvReader::Open(std::string_view content, CsvOptions options) {
  auto source = std::make_unique<StringCsvSource>(content);
  PREGON_ASSIGN_OR_RETURN(CsvReader reader, Open(*source, options));
  reader.owned_source_ = std::move(source);  // on the heap: reader.source_ stays valid
  return reader;
}

Result<CsvReader> CsvReader::Open(CsvSource& source, CsvOptions options) {
  PREGON_RETURN_IF_ERROR(ValidateOptions(options));
  ContentScan scan;
  std::string block(options.block_bytes, '\0');
  for (bool last = false; !last;) {
    PREGON_ASSIGN_OR_RETURN(size_t n, source.Read(block.data(), block.size()));
    last = n == 0;
    scan.Feed(std::string_view(block.data(), n), last);
  }
  PREGON_RETURN_IF_ERROR(scan.Verdict());
  PREGON_RETURN_IF_ERROR(source.Rewind());
  CsvReader reader;
  reader.options_ = options;
  reader.source_ = &source;
  reader.had_bom_ = scan.had_bom();
  reader.encoding_ = scan.is_utf8() ? CsvEncoding::kUtf8 : CsvEncoding::kWindows1252;
  PREGON_RETURN_IF_ERROR(reader.Start());
  return reader;
}

// Reads the first bytes: past the byte-order mark, and far enough to see the header line the
// delimiter is guessed from.
Status CsvReader::Start() {
  constexpr size_t kHeaderBytes = 64 * 1024;
  Fill(std::max(kHeaderBytes, options_.block_bytes));
  PREGON_RETURN_IF_ERROR(read_error_);
  if (had_bom_) pos_ = kUtf8Bom.size();
  delimiter_ = options_.delimiter != '\0' ? options_.delimiter
                                          : DetectDelimiter(std::string_view(buffer_).substr(pos_));
  return Status::Ok();
}

// Makes at least `need` unread bytes available unless the source ends first, dropping the bytes
// already read so the buffer stays about one block long. Returns whether they are there.
bool CsvReader::Fill(size_t need) {
  while (buffer_.size() - pos_ < need && !source_done_) {
    if (pos_ > 0) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    scratch_.resize(options_.block_bytes);
    Result<size_t> n = source_->Read(scratch_.data(), scratch_.size());
    if (!n.ok()) read_error_ = n.status();
    if (!n.ok() || *n == 0) {
      source_done_ = true;
      break;
    }
    std::string_view raw(scratch_.data(), *n);
    if (encoding_ == CsvEncoding::kWindows1252) {
      AppendCp1252AsUtf8(&buffer_, raw);
    } else {
      buffer_.append(raw);
    }
  }
  return buffer_.size() - pos_ >= need;
}

bool CsvReader::Next(CsvRecord* out, Status* error) {
  *error = failure_;
  if (!failure_.ok()) return false;
  while (Fill(1)) {
    bool blank = false;
    Status s = ReadRecord(out, &blank);
    if (!read_error_.ok()) s = read_error_;  // the record may be cut short: say why
    if (!s.ok()) {
      failure_ = s;
      *error = s;
      return false;
    }
    if (!blank) return true;
  }
  failure_ = read_error_;
  *error = failure_;
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
  *quoted = Fill(1) && buffer_[pos_] == '"';
  if (*quoted) PREGON_RETURN_IF_ERROR(ReadQuoted(field, too_long));
  // Text after a closing quote (`"a"b`) is kept as written, like Excel and Python do, rather
  // than failing a whole file over one sloppy cell.
  *end = ReadUnquoted(field, too_long);
  return Status::Ok();
}

// REQUIRES: buffer_[pos_] is the opening quote. Leaves pos_ just after the closing quote.
Status CsvReader::ReadQuoted(std::string* field, bool* too_long) {
  const int opened_on = line_;
  ++pos_;
  while (true) {
    size_t stop = buffer_.find_first_of("\"\r\n", pos_);
    if (stop == std::string::npos) {  // the field goes on past what is read
      Append(field, std::string_view(buffer_).substr(pos_), too_long);
      pos_ = buffer_.size();
      if (Fill(1)) continue;
      return Status::InvalidArgument(
          fmt::format("line {}: a quoted field is never closed (missing '\"')", opened_on));
    }
    Append(field, std::string_view(buffer_).substr(pos_, stop - pos_), too_long);
    pos_ = stop;
    if (buffer_[pos_] != '"') {  // a line break inside quotes belongs to the field
      Append(field, ConsumeLineEnd(), too_long);
    } else if (Fill(2) && buffer_[pos_ + 1] == '"') {
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
  const char stops[] = {delimiter_, '\r', '\n'};
  const std::string_view stop_chars(stops, sizeof stops);
  while (true) {
    size_t stop = buffer_.find_first_of(stop_chars, pos_);
    if (stop == std::string::npos) {
      Append(field, std::string_view(buffer_).substr(pos_), too_long);
      pos_ = buffer_.size();
      if (Fill(1)) continue;
      return FieldEnd::kEndOfInput;
    }
    Append(field, std::string_view(buffer_).substr(pos_, stop - pos_), too_long);
    pos_ = stop;
    if (buffer_[pos_] == delimiter_) {
      ++pos_;
      return FieldEnd::kDelimiter;
    }
    ConsumeLineEnd();
    return FieldEnd::kLineEnd;
  }
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

// REQUIRES: buffer_[pos_] is '\r' or '\n'. CRLF counts as one line end. Returns what it consumed.
std::string_view CsvReader::ConsumeLineEnd() {
  ++line_;
  if (buffer_[pos_++] == '\n') return "\n";
  if (Fill(1) && buffer_[pos_] == '\n') {
    ++pos_;
    return "\r\n";
  }
  return "\r";
}

}  // namespace pregon

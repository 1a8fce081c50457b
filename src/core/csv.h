// CsvReader: reads CSV records one by one from bytes pulled from a CsvSource (no I/O of its
// own: the caller's source reads the file).
//
// Built for the files operators and providers actually produce, not only for RFC 4180:
//  - a UTF-8 byte-order mark is stripped; content that is not valid UTF-8 is read as
//    Windows-1252 (a superset of Latin-1, what Excel saves on Windows) and transcoded, so every
//    field the reader returns is UTF-8;
//  - the delimiter (',' ';' or tab) is guessed from the header line unless forced;
//  - RFC 4180 quoting: "a ""b""" is `a "b"`, delimiters and line breaks inside quotes belong
//    to the field; lines may end in CRLF, LF or a lone CR;
//  - every record knows the physical line of the file where it starts, so an error message
//    points at the line an editor shows, even after a quoted multi-line field;
//  - lines holding only white space are skipped.
//
// The content is streamed: Open() reads the source once to decide the encoding (so a file is
// refused or transcoded as a whole, never half), rewinds it, and Next() then holds only a
// block of it (CsvOptions::block_bytes) plus the record being read. A million-row file costs
// the same memory as a ten-row one.
//
// Thread-safety: a CsvReader is not safe for concurrent use; distinct readers are independent.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace pregon {

enum class CsvEncoding {
  kUtf8,         // valid UTF-8 (with or without a byte-order mark)
  kWindows1252,  // not valid UTF-8; read as Windows-1252 / Latin-1 and transcoded
};

// "UTF-8" or "Windows-1252", for messages.
std::string_view CsvEncodingName(CsvEncoding encoding);

// Where a CsvReader pulls its bytes from: a file, or a string already in memory.
class CsvSource {
 public:
  virtual ~CsvSource() = default;
  // Copies up to `size` next bytes into `out` and returns how many; 0 at the end.
  virtual Result<size_t> Read(char* out, size_t size) = 0;
  // Starts again from the first byte.
  virtual Status Rewind() = 0;
};

// A CsvSource over bytes the caller keeps alive.
class StringCsvSource : public CsvSource {
 public:
  explicit StringCsvSource(std::string_view content) : content_(content) {}
  Result<size_t> Read(char* out, size_t size) override;
  Status Rewind() override;

 private:
  std::string_view content_;
  size_t pos_ = 0;
};

struct CsvOptions {
  // The field separator. '\0' (default): detect ',' ';' or '\t' from the header line.
  // Anything else is used as given; it must not be '"', '\r' or '\n'.
  char delimiter = '\0';
  // A field longer than this (in bytes, after decoding to UTF-8) makes its record
  // over-limit (CsvRecord::limit_error). Default 10,000. Must be > 0.
  size_t max_field_bytes = 10'000;
  // A record with more fields than this is over-limit. Default 200. Must be > 0.
  size_t max_columns = 200;
  // How many bytes are pulled from the source at a time. Default 256 KiB. Must be > 0.
  size_t block_bytes = 256 * 1024;
};

// One record (one row) of the file.
struct CsvRecord {
  int line = 0;                     // physical line of the file where the record starts, 1-based
  std::vector<std::string> fields;  // UTF-8, unquoted, not trimmed
  // Empty for a well-formed record. Otherwise the record broke a CsvOptions limit ("field 3 is
  // longer than 10000 bytes", "more than 200 fields"): the reader still consumed it whole and
  // the next call to Next() continues after it, but `fields` is incomplete (the too-long field
  // is empty, fields past max_columns are dropped). The caller decides whether to skip the
  // record or refuse the file.
  std::string limit_error;
  int oversized_field = -1;  // 0-based index of the field that was too long; -1 if none
  bool too_many_fields = false;
};

// Writing CSV: `value` as one field, quoted (inner quotes doubled) when it holds a ',', '"'
// or a line break.
std::string CsvQuote(std::string_view value);
// The same for a file people open in a spreadsheet: a value starting with '=', '+', '-', '@',
// a tab or a CR first gets a leading single quote, so the spreadsheet shows it instead of
// running it as a formula (a provider's error text or an address is not trusted).
std::string CsvQuoteForSpreadsheet(std::string_view value);

class CsvReader {
 public:
  // Prepares a reader over everything `source` holds, reading it through once (see above).
  // REQUIRES: `source` outlives the reader.
  // On success the encoding and the delimiter are known. Fails with InvalidArgument when the
  // content holds a NUL byte ("not a CSV (binary content)"), is UTF-16, mixes UTF-8 with other
  // bytes (so no single decoding is right), or when `options` are invalid; with the source's
  // error when it cannot be read. An empty file opens fine and has no records.
  static Result<CsvReader> Open(CsvSource& source, CsvOptions options = {});
  // The same over `content`, which must outlive the reader.
  static Result<CsvReader> Open(std::string_view content, CsvOptions options = {});

  // Reads the next record into *out (overwriting it) and returns true.
  // Returns false when there is nothing more: *error is then OK at the end of the content, an
  // InvalidArgument naming the line when the content is broken (a quote opened on that line
  // is never closed), or the source's error when reading failed midway. After false, every
  // later call returns false with the same *error.
  bool Next(CsvRecord* out, Status* error);

  char delimiter() const { return delimiter_; }
  CsvEncoding encoding() const { return encoding_; }
  bool had_bom() const { return had_bom_; }

 private:
  enum class FieldEnd { kDelimiter, kLineEnd, kEndOfInput };

  CsvReader() = default;
  Status Start();
  bool Fill(size_t need);
  Status ReadRecord(CsvRecord* out, bool* blank);
  Status ReadField(std::string* field, bool* quoted, bool* too_long, FieldEnd* end);
  Status ReadQuoted(std::string* field, bool* too_long);
  FieldEnd ReadUnquoted(std::string* field, bool* too_long);
  void Append(std::string* field, std::string_view bytes, bool* too_long) const;
  std::string_view ConsumeLineEnd();

  std::unique_ptr<CsvSource> owned_source_;  // set when opened over a string
  CsvSource* source_ = nullptr;
  std::string buffer_;   // bytes read and not yet consumed, decoded to UTF-8
  std::string scratch_;  // a raw block, before it is transcoded
  bool source_done_ = false;
  Status read_error_;  // the source failed midway: reported by Next() once buffer_ is used up
  CsvEncoding encoding_ = CsvEncoding::kUtf8;
  bool had_bom_ = false;
  char delimiter_ = ',';
  CsvOptions options_;
  size_t pos_ = 0;  // next byte of buffer_ to read
  int line_ = 1;    // physical line of buffer_[pos_]
  Status failure_;  // sticky: once the content proved broken, Next() keeps failing
};

}  // namespace pregon

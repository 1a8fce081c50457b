// Contact rows: turns an audience CSV into validated contacts for
// `pregon contacts import FILE.csv --list L` (DESIGN §4), with no I/O.
//
// The first non-blank line is the header. Column names are matched case-insensitively after
// trimming:
//   - the e-mail: email, or correo, e-mail, mail, email_address, correo_electronico;
//   - the Telegram chat: chat_id (digits with an optional leading '-', or @username);
//   - the contact's name: name or nombre;
//   - any other column is a free field kept under its header text (trimmed), so a template can
//     say {{Ciudad}}.
// At least one of the e-mail and chat_id columns must exist.
//
// Following DESIGN §3.4, a bad row is skipped with its physical line number and a reason and
// the rest is imported; a file that cannot be read as an audience at all (binary, empty, no
// header, no usable column, a quote never closed, over the row limit) is refused whole.
//
// Thread-safety: pure functions over values.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/csv.h"
#include "core/status.h"

namespace pregon {

struct ContactImportOptions {
  CsvOptions csv;  // delimiter detection and field/column limits (see CsvOptions)
  // Data rows (valid or not) beyond this refuse the whole file, so a huge or runaway input
  // fails with a message instead of exhausting memory. Default 5,000,000.
  size_t max_rows = 5'000'000;
  // Skipped rows beyond this are counted but their reasons not kept, for the same reason.
  // Default 1,000.
  size_t max_kept_issues = 1'000;
};

// A contact that passed validation. Values are trimmed.
struct ContactRow {
  int line = 0;         // physical line of the file where the row starts
  std::string email;    // normalised (lower-case); empty when the row has only a chat id
  std::string chat_id;  // as written; empty when the row has only an e-mail
  std::string name;     // from the name/nombre column; may be empty
  // The free columns in header order, (header text, value); every free column is present,
  // with "" when the row left it out.
  std::vector<std::pair<std::string, std::string>> fields;
};

// A row that was not imported, and why ("duplicate of line 3", "invalid e-mail 'x'").
struct RowIssue {
  int line = 0;
  std::string reason;
};

struct ContactImport {
  std::vector<ContactRow> rows;          // in file order
  std::vector<RowIssue> issues;          // in file order; at most max_kept_issues
  size_t imported = 0;                   // == rows.size()
  size_t skipped = 0;                    // every skipped row, even those past max_kept_issues
  std::vector<std::string> field_names;  // headers of the free columns, in order
  char delimiter = ',';
  CsvEncoding encoding = CsvEncoding::kUtf8;
};

class ContactRowValidator;  // contact_rows.cpp

// Reads an audience CSV one valid contact at a time: ParseContacts as a stream, for files of
// any size. A million rows cost the memory of one CSV block and of the duplicate check
// (core/seen_keys.h), not of the rows.
class ContactRowReader {
 public:
  // Reads the header from `source`, which must outlive the reader. Fails as ParseContacts
  // does for a file refused from its start (not text, empty, no usable column, ...).
  static Result<ContactRowReader> Open(CsvSource& source, ContactImportOptions options = {});
  ContactRowReader(ContactRowReader&&) noexcept;
  ContactRowReader& operator=(ContactRowReader&&) noexcept;
  ~ContactRowReader();

  // Reads the next valid contact into *row and returns true, counting (and keeping the
  // reasons of) the rows skipped on the way. Returns false at the end: *error is then OK, or
  // says why the file is refused after all (a quote never closed, more than max_rows rows, a
  // header with no data row); the caller must then drop what it took.
  bool Next(ContactRow* row, Status* error);

  // What was read so far; `rows` stays empty (the caller has them). `imported` counts the
  // contacts returned by Next.
  const ContactImport& summary() const { return summary_; }

 private:
  ContactRowReader(CsvReader csv, std::unique_ptr<ContactRowValidator> validator,
                   ContactImport summary, ContactImportOptions options);

  CsvReader csv_;
  std::unique_ptr<ContactRowValidator> validator_;
  ContactImport summary_;
  ContactImportOptions options_;
  CsvRecord record_;
  size_t data_rows_ = 0;  // valid or not
  bool done_ = false;
  Status failure_;
};

// Reads `content` (the whole file) into contacts and issues.
// Fails with InvalidArgument and one message for the operator when the file is refused: not
// text, empty, a header with no data row, no e-mail/chat_id column (the message lists the
// accepted names), a duplicated column, a header over the CSV limits, a quote never closed, or
// more than options.max_rows rows. A file whose every row is skipped is not an error: the
// result says why each was skipped.
Result<ContactImport> ParseContacts(std::string_view content, ContactImportOptions options = {});

// True when `chat_id` is a Telegram chat: an integer (optionally negative, as groups and
// channels are) or an @username of 5 to 32 letters, digits or '_', starting with a letter.
bool IsValidChatId(std::string_view chat_id);

// One line for the operator: "imported 6, skipped 3: line 4 duplicate of line 3; line 7 no
// e-mail; ...", listing at most `max_listed` issues and then "and N more".
std::string FormatImportSummary(const ContactImport& result, size_t max_listed = 20);

}  // namespace pregon

// ContactImporter: the `contacts import FILE.csv --list L` use case.
//
// Reads the file as a stream, validates every row (core/contact_rows.h: bad rows are
// reported with their line numbers and skipped), and stores the good ones in the list as
// they are read, in one transaction with the list — an import is all there or not at all.
// A file that is not a CSV is refused whole with one clear message. Memory does not grow
// with the file: a batch of rows and the duplicate check (core/seen_keys.h) are held, never
// the file or its rows.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/contact_rows.h"
#include "store/roles/audience_store.h"

namespace pregon {

struct ImportReport {
  std::string list;
  ContactImport parsed;         // rows accepted, issues (line + reason)
  ImportCounts stored;          // created / updated / added to the list
  std::string Summary() const;  // one paragraph for people
};

class ContactImporter {
 public:
  ContactImporter(AudienceStore& store, Clock& clock) : store_(store), clock_(clock) {}

  // InvalidArgument for an unreadable, empty or non-CSV file (naming the file); the rows'
  // own problems are in the report, not errors.
  Result<ImportReport> ImportFile(const std::string& path, const std::string& list_name);
  Result<ImportReport> ImportContent(std::string_view content, const std::string& list_name);

 private:
  Result<ImportReport> Import(CsvSource& source, const std::string& list_name);

  AudienceStore& store_;
  Clock& clock_;
};

// Reads a whole file; InvalidArgument naming it when it cannot be read.
Result<std::string> ReadWholeFile(const std::string& path, size_t max_bytes = 2ull << 30);

}  // namespace pregon

// Loads a downloaded provider report (a CSV file) into a database's report tables
// (ReportTableStore), typed, in one transaction, and records the load on the request.
//
// The file is read as providers write it (core/report_rows.h): a bad row is counted and
// reported with its line, the rest loads. Nothing is loaded when the file cannot be read at
// all (not CSV, no Email column) — the request keeps no half load.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/report_rows.h"
#include "store/roles/report_store.h"

namespace pregon {

struct ReportLoadResult {
  int64_t rows = 0;                     // loaded
  int64_t bad_rows = 0;                 // reported and skipped
  int64_t replaced = 0;                 // rows of an earlier load replaced
  std::vector<ReportProblem> problems;  // the first bad rows, with their lines
  std::string encoding;                 // the file's: "UTF-8" or "Windows-1252"
};

// Loads `request`'s file into `target` (the database `alias` names) and marks the request
// loaded there in `requests`. FailedPrecondition when the request has no file yet (not
// ready); AlreadyExists when it is already loaded there and !replace; InvalidArgument when
// the file is not a report. REQUIRES: request.file_path names a readable file when set.
Result<ReportLoadResult> LoadReportFile(const ReportRequest& request, ReportAlias alias,
                                        bool replace, ReportTableStore& target,
                                        ReportRequestStore& requests, Timestamp now);

}  // namespace pregon

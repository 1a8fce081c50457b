// Provider delivery reports, as the relay's reports API hands them over (DESIGN §1.4): one CSV
// per type (sent, deliveries, bounces, opens, clicks, spam, unsubscribed) with the columns
// Subject, Sender, SenderName, Email, Status, Date, Opens, Clicks.
//
// ReadReportRows reads such a file the way providers actually write them — UTF-8 with or
// without a BOM or Windows-1252, ',' or ';', columns in any order and any case, extra columns
// kept, dates without a zone meant in the sender's time zone — and hands each good row to a
// callback as it goes, so a million-row report is never held whole. A bad row is reported
// with its physical line and reason, and the rest is read.
//
// Pure functions (no I/O); safe from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/csv.h"
#include "core/status.h"

namespace pregon {

enum class ReportType { kSent, kDeliveries, kBounces, kOpens, kClicks, kSpam, kUnsubscribed };

inline constexpr ReportType kAllReportTypes[] = {
    ReportType::kSent,   ReportType::kDeliveries, ReportType::kBounces,     ReportType::kOpens,
    ReportType::kClicks, ReportType::kSpam,       ReportType::kUnsubscribed};

std::string_view ReportTypeName(ReportType type);  // "sent", "deliveries"...
// InvalidArgument naming the accepted types otherwise.
Result<ReportType> ParseReportType(std::string_view name);

struct ReportRow {
  int line = 0;       // physical line of the file where the row starts
  std::string email;  // normalised (trimmed, lower-cased)
  std::string subject, sender, sender_name, status;
  std::optional<Timestamp> date;  // UTC; absent when the file has no Date or it is empty
  std::string date_local;         // the Date as written, in the sender's time zone
  int64_t opens = 0, clicks = 0;
  std::string
      extra_json;  // columns the report did not name, as {"Header": "value"}; "{}" when none
};

struct ReportProblem {
  int line = 0;
  std::string reason;
};

struct ReportReadSummary {
  int64_t rows = 0;      // handed to the callback
  int64_t bad_rows = 0;  // reported (the first max_problems of them kept)
  std::vector<ReportProblem> problems;
  std::string encoding;  // "UTF-8" or "Windows-1252"
};

// Reads everything `source` holds (streamed, one block in memory), calling on_row for each good row
// in file order. A row is bad when its e-mail is missing or invalid, its Date is not "YYYY-MM-DD
// HH:MM[:SS]" (or ISO 8601 with a zone), or Opens/Clicks are not whole numbers >= 0; a bad row is
// counted and skipped. Fails (InvalidArgument, nothing read) when the content is not CSV, has no
// header or no Email column, or `time_zone` is unknown; fails with on_row's error, stopping there,
// when on_row fails.
Result<ReportReadSummary> ReadReportRows(CsvSource& source, std::string_view time_zone,
                                         const std::function<Status(const ReportRow&)>& on_row,
                                         size_t max_problems = 100);
// The same over a file's content already in memory.
Result<ReportReadSummary> ReadReportRows(std::string_view content, std::string_view time_zone,
                                         const std::function<Status(const ReportRow&)>& on_row,
                                         size_t max_problems = 100);

}  // namespace pregon

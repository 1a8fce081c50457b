#include "core/report_rows.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/email.h"
#include "core/text.h"
#include "core/time_format.h"

namespace pregon {
namespace {

constexpr std::pair<ReportType, std::string_view> kTypeNames[] = {
    {ReportType::kSent, "sent"},
    {ReportType::kDeliveries, "deliveries"},
    {ReportType::kBounces, "bounces"},
    {ReportType::kOpens, "opens"},
    {ReportType::kClicks, "clicks"},
    {ReportType::kSpam, "spam"},
    {ReportType::kUnsubscribed, "unsubscribed"}};

// The columns a report names, by their lower-cased header.
enum class ReportColumn {
  kSubject,
  kSender,
  kSenderName,
  kEmail,
  kStatus,
  kDate,
  kOpens,
  kClicks,
  kExtra
};

ReportColumn ReportColumnOf(std::string_view lower) {
  static constexpr std::pair<std::string_view, ReportColumn> kKnown[] = {
      {"subject", ReportColumn::kSubject},       {"sender", ReportColumn::kSender},
      {"sendername", ReportColumn::kSenderName}, {"email", ReportColumn::kEmail},
      {"status", ReportColumn::kStatus},         {"date", ReportColumn::kDate},
      {"opens", ReportColumn::kOpens},           {"clicks", ReportColumn::kClicks}};
  for (const auto& [name, column] : kKnown)
    if (name == lower) return column;
  return ReportColumn::kExtra;
}

// A count cell: empty is 0; otherwise a whole number >= 0.
bool ParseCount(std::string_view cell, int64_t* out) {
  *out = 0;
  if (cell.empty()) return true;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), *out);
  return ec == std::errc() && end == cell.data() + cell.size() && *out >= 0;
}

// Fills *row from one record; the reason it is bad otherwise.
std::optional<std::string> ReadRow(const CsvRecord& record,
                                   const std::vector<ReportColumn>& columns,
                                   const std::vector<std::string>& headers,
                                   std::string_view time_zone, ReportRow* row) {
  *row = ReportRow{};
  row->line = record.line;
  nlohmann::json extra = nlohmann::json::object();
  std::optional<std::string> bad;  // the first bad cell; a bad address is named before it
  const auto fail = [&bad](std::string why) {
    if (!bad) bad = std::move(why);
  };
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string_view cell = i < record.fields.size() ? TrimCell(record.fields[i]) : "";
    switch (columns[i]) {
      case ReportColumn::kSubject:
        row->subject = cell;
        break;
      case ReportColumn::kSender:
        row->sender = cell;
        break;
      case ReportColumn::kSenderName:
        row->sender_name = cell;
        break;
      case ReportColumn::kEmail:
        row->email = NormalizeEmail(cell);
        break;
      case ReportColumn::kStatus:
        row->status = cell;
        break;
      case ReportColumn::kDate:
        if (cell.empty()) break;
        if (auto t = ParseIso8601(cell, time_zone); t.ok()) {
          row->date = *t;
          row->date_local = cell;
        } else {
          fail("Date '" + LogSafe(cell, 40) + "' is not a date (expected YYYY-MM-DD HH:MM:SS)");
        }
        break;
      case ReportColumn::kOpens:
        if (!ParseCount(cell, &row->opens))
          fail("Opens '" + LogSafe(cell, 40) + "' is not a whole number >= 0");
        break;
      case ReportColumn::kClicks:
        if (!ParseCount(cell, &row->clicks))
          fail("Clicks '" + LogSafe(cell, 40) + "' is not a whole number >= 0");
        break;
      case ReportColumn::kExtra:
        if (!cell.empty()) extra[headers[i]] = cell;
        break;
    }
  }
  if (row->email.empty()) return std::string("no e-mail address");
  if (!IsValidEmail(row->email))
    return "'" + LogSafe(row->email, 80) + "' is not an e-mail address";
  if (bad) return bad;
  row->extra_json = extra.dump();
  return std::nullopt;
}

}  // namespace

std::string_view ReportTypeName(ReportType type) {
  for (const auto& [t, name] : kTypeNames)
    if (t == type) return name;
  return "?";
}

Result<ReportType> ParseReportType(std::string_view name) {
  for (const auto& [t, n] : kTypeNames)
    if (n == name) return t;
  return Status::InvalidArgument("unknown report type '" + LogSafe(name, 40) +
                                 "' (expected sent, deliveries, bounces, opens, clicks, spam or "
                                 "unsubscribed)")
      .About("type");
}

Result<ReportReadSummary> ReadReportRows(std::string_view content, std::string_view time_zone,
                                         const std::function<Status(const ReportRow&)>& on_row,
                                         size_t max_problems) {
  StringCsvSource source(content);
  return ReadReportRows(source, time_zone, on_row, max_problems);
}

Result<ReportReadSummary> ReadReportRows(CsvSource& source, std::string_view time_zone,
                                         const std::function<Status(const ReportRow&)>& on_row,
                                         size_t max_problems) {
  PREGON_RETURN_IF_ERROR(ValidateTimeZone(time_zone).InField("time_zone"));
  PREGON_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(source));
  ReportReadSummary summary;
  summary.encoding = std::string(CsvEncodingName(reader.encoding()));
  CsvRecord record;
  Status error;
  if (!reader.Next(&record, &error)) {
    PREGON_RETURN_IF_ERROR(error);
    return Status::InvalidArgument("the report is empty: no header line");
  }
  std::vector<ReportColumn> columns;
  std::vector<std::string> headers;
  for (const auto& h : record.fields) {
    headers.emplace_back(TrimCell(h));
    columns.push_back(ReportColumnOf(AsciiLower(headers.back())));
  }
  if (std::find(columns.begin(), columns.end(), ReportColumn::kEmail) == columns.end())
    return Status::InvalidArgument("the report's header (line " + std::to_string(record.line) +
                                   ") has no Email column");
  ReportRow row;
  while (reader.Next(&record, &error)) {
    std::optional<std::string> bad = record.limit_error.empty()
                                         ? ReadRow(record, columns, headers, time_zone, &row)
                                         : std::optional<std::string>(record.limit_error);
    if (bad) {
      ++summary.bad_rows;
      if (summary.problems.size() < max_problems)
        summary.problems.push_back({record.line, std::move(*bad)});
      continue;
    }
    PREGON_RETURN_IF_ERROR(on_row(row));
    ++summary.rows;
  }
  PREGON_RETURN_IF_ERROR(error);
  return summary;
}

}  // namespace pregon

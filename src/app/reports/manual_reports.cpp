#include "app/reports/manual_reports.h"

#include "channels/report_provider.h"
#include "core/time_format.h"

namespace pregon {

Result<std::vector<int64_t>> RequestManualReports(ReportRequestStore& requests,
                                                  SenderStore& senders, const ManualReportAsk& ask,
                                                  Timestamp now) {
  if (ask.types.empty()) return Status::InvalidField("type", "names no report type");
  PREGON_RETURN_IF_ERROR(CheckReportDay("from", ask.from));
  PREGON_RETURN_IF_ERROR(CheckReportDay("to", ask.to));
  const int64_t days = DaysBetween(ask.from, ask.to) + 1;
  if (days < 1)
    return Status::InvalidField("to", "'" + ask.to + "' is before from '" + ask.from + "'");
  if (days > kMaxReportDays)
    return Status::InvalidField("to", "the range is " + std::to_string(days) +
                                          " days; a report covers at most " +
                                          std::to_string(kMaxReportDays) + " days");
  if (!ask.time_zone.empty() && !ValidateTimeZone(ask.time_zone).ok())
    return Status::InvalidField("time_zone", "'" + ask.time_zone +
                                                 "' is not a time zone (use an IANA name such as "
                                                 "America/Santiago)");
  PREGON_ASSIGN_OR_RETURN(Sender sender, senders.FindSender(ask.sender));
  PREGON_RETURN_IF_ERROR(CheckReportsApi(sender));
  const std::string zone = ask.time_zone.empty() ? ReportTimeZone(sender, "") : ask.time_zone;
  std::vector<NewReportRequest> rows;
  for (ReportType type : ask.types)
    rows.push_back({std::nullopt, sender.id, type, ask.from, ask.to, zone});
  return requests.CreateReportRequests(rows, now);
}

}  // namespace pregon

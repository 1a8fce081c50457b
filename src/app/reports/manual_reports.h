// Reports asked for by hand (`pregon report request`, the API): one request per type over a
// range of days, for a sender's provider account, outside the post-send loop.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/report_rows.h"
#include "store/roles/report_store.h"
#include "store/roles/sender_store.h"

namespace pregon {

struct ManualReportAsk {
  std::string sender;             // the sender's name
  std::vector<ReportType> types;  // at least one
  std::string from, to;           // YYYY-MM-DD, from <= to, at most kMaxReportDays days
  std::string time_zone;  // the days are days in this zone (IANA name); "" = the sender's, else UTC
};

inline constexpr int kMaxReportDays = 92;

// Stores one pending request per type (all or none); their ids. InvalidArgument naming the
// field for a bad day, range or zone; NotFound for an unknown sender; FailedPrecondition for
// a sender whose provider has no reports API.
Result<std::vector<int64_t>> RequestManualReports(ReportRequestStore& requests,
                                                  SenderStore& senders, const ManualReportAsk& ask,
                                                  Timestamp now);

}  // namespace pregon

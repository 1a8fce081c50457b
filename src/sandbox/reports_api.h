// The sandbox's relay reports API (DESIGN §1.4), answered from its own record file:
//
//   POST /reports/reportrequest {"start_date", "end_date", "resource", "accountId"}
//        201 {"reportRequestId": "<n>", "_links": [{"href":
//        "/reports/reportrequest?reportRequestId=<n>"}]}
//   GET  /reports/reportrequest?reportRequestId=N
//        202 {"processed": false} until report_delay_ms has passed, then 200 {"processed": true}
//   GET  /reports/reportrequest?reportRequestId=N&format=csv
//        the CSV: Subject,Sender,SenderName,Email,Status,Date,Opens,Clicks — one row per
//        recorded relay message in [start_date, end_date] that the report's type covers,
//        Date in start_date's offset without a zone (as the relay writes it)
//
// What happened to each recipient is decided once, from a hash of the seed and the address
// (SandboxMarksFor): about 5% bounce, 40% of the rest open, a quarter of those click, 1%
// complain and 2% unsubscribe — so a test can tell exactly what pregon should load. Faults:
// report_fail_rate answers 503 on any reports call; report_quirks bends the CSV (BOM,
// Windows-1252, one broken row) or answers the download with JSON naming the file
// (GET /reports/files/N.csv).
//
// Thread-safety: handlers run concurrently; the requests asked for are kept under a mutex.
#pragma once

#include <httplib.h>

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/mutex.h"
#include "core/report_rows.h"
#include "core/status.h"
#include "sandbox/sandbox_context.h"

namespace pregon {

struct ReportQuirks {
  bool bom = false;
  bool cp1252 = false;
  bool broken_row = false;
  bool file_link = false;  // format=csv answers JSON naming the file, as some relays do
};
// "bom,cp1252,broken-row,file-link" (any subset but bom with cp1252, "" = none);
// InvalidArgument naming a word it does not know.
Result<ReportQuirks> ParseReportQuirks(std::string_view text);

// What the sandbox's provider says happened to one recipient.
struct SandboxMarks {
  bool bounced = false;
  int bounce_reason = 0;  // which of the sandbox's bounce texts (0, 1: hard; 2: soft)
  int opens = 0;          // 0 = never opened
  int clicks = 0;
  bool spam = false;
  bool unsubscribed = false;
};
SandboxMarks SandboxMarksFor(std::string_view address, uint64_t seed);

// One recorded relay message, as the reports read it.
struct RecordedMessage {
  Timestamp ts;
  std::string to, subject;
};

// The CSV of a `type` report over `messages`, dates written at `offset_minutes` from UTC.
std::string SandboxReportCsv(ReportType type, std::span<const RecordedMessage> messages,
                             int offset_minutes, uint64_t seed, const ReportQuirks& quirks);

class SandboxReports {
 public:
  explicit SandboxReports(SandboxContext& context);
  void Register(httplib::Server& server);

 private:
  struct Asked {
    ReportType type;
    Timestamp from, to;
    int offset_minutes;
    Timestamp asked_at;
  };
  void Ask(const httplib::Request& request, httplib::Response& response);
  void Answer(const httplib::Request& request, httplib::Response& response);
  // The recorded relay messages in [from, to].
  Result<std::vector<RecordedMessage>> Recorded(Timestamp from, Timestamp to) const;

  SandboxContext& context_;
  const ReportQuirks quirks_;
  FaultPlan faults_;  // report_fail_rate, apart from the send faults
  Mutex mu_;
  std::map<uint64_t, Asked> asked_ GUARDED_BY(mu_);
  uint64_t next_id_ GUARDED_BY(mu_) = 1000;
};

}  // namespace pregon

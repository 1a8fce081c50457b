// The relay's reports API, as the relay systems call it (DESIGN §1.4):
//
//   POST {base}/reports/reportrequest
//        {"start_date": "2026-12-01T00:00:00-03:00", "end_date": "2026-12-01T23:59:59-03:00",
//         "resource": "<type>", "accountId": "<account>"}
//        → the request's id: the first of reportRequestId, createdResourceId, id; else a
//          reportRequestId= or numeric last segment of a _links/links href; else Location
//   GET  {base}/reports/reportrequest?reportRequestId=ID
//        → 202, an empty body or "processed": false = not yet; "processed": true = ready
//   GET  {base}/reports/reportrequest?reportRequestId=ID&format=csv   (Accept: text/csv)
//        → the CSV; or JSON naming the file (file_path, or a _links href) to fetch instead
//
// The parsers are pure functions (tested on their own); RelayReportProvider makes the calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "channels/report_provider.h"

namespace pregon {

// The JSON body that asks for `request`'s report. InvalidArgument for a malformed day or an
// unknown time zone.
Result<std::string> RelayReportRequestBody(const ReportRequest& request,
                                           std::string_view account_id);

// The report request's id from the answer to the POST (see above); "" when it names none.
std::string ParseReportRequestId(std::string_view body, std::string_view location);

// Whether a poll's answer (HTTP status and body) says the report is ready. Permanent for an
// answer that is JSON but neither says processed nor is empty.
Result<ReportReadiness> ParseReportReadiness(int status, std::string_view body);

// When the download answered JSON instead of the CSV: the URL of the file it names
// (file_path, else the first _links/links href), made absolute against `base_url`; nullopt
// when the body is not JSON or names no file.
std::optional<std::string> ReportFileUrl(std::string_view body, std::string_view base_url);

class RelayReportProvider final : public ReportProvider {
 public:
  RelayReportProvider(const Sender& sender, FetchOptions options);

  Result<std::string> Ask(const ReportRequest& request) override;
  Result<ReportReadiness> Poll(const ReportRequest& request) override;
  Result<int64_t> Download(const ReportRequest& request, const std::string& path) override;

 private:
  HttpRequest Get(const std::string& url, const char* accept) const;
  // Transient or Permanent for an answer that is not 2xx; what `what` was doing in words.
  static Status Failure(std::string_view what, const HttpResponse& response);

  const std::string base_url_;
  const std::string account_id_;
  const std::string authorization_;  // the header line; never logged
  const FetchOptions options_;
};

}  // namespace pregon

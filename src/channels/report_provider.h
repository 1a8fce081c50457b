// ReportProvider: a provider's reports API (DESIGN §1.4) — ask for a report, ask whether it
// is ready, download it. Each call is one HTTP exchange and returns at once; the caller keeps
// what it learned in the request's row (ReportRequestStore) and calls again when the next
// step is due, so a provider that takes ten minutes to build a report costs no thread.
//
// Errors: Transient when a later call may succeed (no answer, 429, 5xx); Permanent when the
// provider refused the request itself (another 4xx) or its answer cannot be read. Texts never
// contain the API key.
//
// Thread-safety: one instance per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "channels/http/curl_fetch.h"
#include "core/report_request.h"
#include "core/sender.h"
#include "core/status.h"

namespace pregon {

enum class ReportReadiness { kNotYet, kReady };

class ReportProvider {
 public:
  virtual ~ReportProvider() = default;

  // Asks for the report `request` describes; the provider's id for it.
  virtual Result<std::string> Ask(const ReportRequest& request) = 0;
  // Whether the report asked for as request.provider_request_id is ready to download.
  virtual Result<ReportReadiness> Poll(const ReportRequest& request) = 0;
  // Writes the ready report's CSV to `path`; the bytes written.
  virtual Result<int64_t> Download(const ReportRequest& request, const std::string& path) = 0;
};

// OK when `sender`'s provider has a reports API (relay); FailedPrecondition saying so for the
// kinds that have none (smtp, telegram, sandbox).
Status CheckReportsApi(const Sender& sender);

// The reports API of `sender`'s provider (CheckReportsApi's error otherwise).
Result<std::unique_ptr<ReportProvider>> MakeReportProvider(const Sender& sender,
                                                           const FetchOptions& options);

}  // namespace pregon

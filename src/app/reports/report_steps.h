// ReportSteps: advances report requests one step at a time (DESIGN §1.4) — the work of
// `pregon process-reports-pending`, and of the scheduler in `serve`/`worker`.
//
// A step claims one due request under a lease and makes one call to its provider:
//   pending     ask for the report              → processing, polled after poll_initial
//   processing  ask whether it is ready
//                 not yet                       → polled again after a wait that grows with
//                                                  the time already waited (initial..max)
//                 ready: download it to
//                 data_dir/reports/<campaign|manual>/<type>-<day>[...].csv (a temp name,
//                 then renamed), load it into the default database → ready
// A provider that fails for a while (no answer, 429, 5xx) is asked again after the same
// growing wait; one that refuses the request, an unreadable file, or a report still not
// ready poll_total after it was asked for → error, with the reason.
//
// A campaign's request that ends (ready or error) settles the campaign's post_reports_status.
// A campaign's bounces (hard ones: a Status naming a soft bounce is not), spam and
// unsubscribed reports put their addresses on the suppression list (bounced, complaint,
// unsubscribed), so the next campaign does not send to them; a manual request never does.
//
// Nothing sleeps: the next step's time is the request's durable not_before, so any node
// takes it after a crash. Thread-safety: one instance per thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "channels/report_provider.h"
#include "core/clock.h"
#include "store/roles/report_store.h"
#include "store/roles/sender_store.h"
#include "store/roles/suppression_store.h"

namespace pregon {

struct ReportStepOptions {
  std::string data_dir = "data";
  Millis poll_initial{5'000};
  Millis poll_max{15'000};
  Millis poll_total{900'000};
  Millis lease_ttl{120'000};  // a download of a large report fits in it
  std::string owner = "reports";
};

// The provider for a sender (MakeReportProvider in production; a fake in tests).
using ReportProviderFactory =
    std::function<Result<std::unique_ptr<ReportProvider>>(const Sender& sender)>;

struct ReportStepStores {
  ReportRequestStore& requests;
  ReportTableStore& tables;  // the default database's
  SenderStore& senders;
  SuppressionStore& suppressions;
};

class ReportSteps {
 public:
  ReportSteps(ReportStepStores stores, ReportProviderFactory providers, const Clock& clock,
              ReportStepOptions options);

  // Claims the request due soonest and advances it one step; the request as the step left
  // it, or nullopt when none was due. A failed step is saved on the request (its error is
  // not this call's); the call fails only when the store does.
  Result<std::optional<ReportRequest>> RunOne();

 private:
  // The step's outcome for a claimed request (no store writes but the load).
  ReportStep Advance(const ReportRequest& request, Timestamp now);
  ReportStep Ask(const ReportRequest& request, ReportProvider& provider, Timestamp now);
  ReportStep Poll(const ReportRequest& request, ReportProvider& provider, Timestamp now);
  ReportStep Download(const ReportRequest& request, ReportProvider& provider, Timestamp now);
  // The step after a failed call: the same state later, or error when `failure` is final.
  ReportStep Failed(const ReportRequest& request, const Status& failure, Timestamp now) const;
  Millis NextWait(const ReportRequest& request, Timestamp now) const;
  // Suppresses what a loaded campaign report says must be; the addresses added or updated.
  Result<int64_t> SuppressFromReport(const ReportRequest& request, Timestamp now);

  ReportStepStores stores_;
  ReportProviderFactory providers_;
  const Clock& clock_;
  const ReportStepOptions options_;
};

// Where a request's file is kept under data_dir (relative paths stay relative).
std::string ReportFilePath(const std::string& data_dir, const ReportRequest& request);

}  // namespace pregon

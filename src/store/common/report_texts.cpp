#include "store/common/report_texts.h"

namespace pregon::store {

Status ReportRequestNotFound(int64_t id) {
  return Status::NotFound("report request " + std::to_string(id) + " does not exist");
}

Status LostReportLease(const ReportLease& lease) {
  return Status::Conflict("report request " + std::to_string(lease.request.id) +
                          ": the lease of '" + lease.owner +
                          "' expired and another node took the request; its step is not saved");
}

Status ReportAlreadyLoaded(int64_t request_id, int64_t rows) {
  return Status::AlreadyExists("report request " + std::to_string(request_id) +
                               " is already loaded here (" + std::to_string(rows) +
                               " rows); replacing them must be asked for (--replace)");
}

Status PostSendReportsAlreadyStarted(int64_t campaign_id) {
  return Status::FailedPrecondition("campaign " + std::to_string(campaign_id) +
                                    ": its reports were already asked for");
}

}  // namespace pregon::store

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

std::optional<ReportReconciliation> ReadReconciliation(const Row& row) {
  if (row.IsNull(0)) return std::nullopt;
  ReportReconciliation r;
  r.sent_by_pregon = row.Int(1);
  r.missing_at_provider = row.Int(2);
  r.bounced = row.Int(3);
  r.complained = row.Int(4);
  r.unsubscribed = row.Int(5);
  return r;
}

ReportTally ReadReportTally(const Row& row) {
  return {row.Text(0), row.Int(1), row.IsNull(2) ? 0 : row.Int(2)};
}

DeliveryExportRow ReadDeliveryExportRow(const Row& row) {
  DeliveryExportRow d;
  d.seq = row.Int(0);
  d.address = row.Text(1);
  d.status = row.Text(2);
  d.attempts = static_cast<int>(row.Int(3));
  d.last_error = row.Text(4);
  d.sent_at = row.OptionalTime(5);
  if (!row.IsNull(6)) d.provider_status = row.Text(6);
  d.opens = row.IsNull(7) ? 0 : row.Int(7);
  d.clicks = row.IsNull(8) ? 0 : row.Int(8);
  return d;
}

}  // namespace pregon::store

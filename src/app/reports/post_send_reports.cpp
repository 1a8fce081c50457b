#include "app/reports/post_send_reports.h"

#include <spdlog/spdlog.h>

#include "core/time_format.h"

namespace pregon {
namespace {

Status RetryFailed(ReportRequestStore& store, Timestamp now, Millis delay, PostSendPass& pass) {
  PREGON_ASSIGN_OR_RETURN(auto retried, store.RetryPostSendReports(now - delay, kMaxPostSendRetries,
                                                                   kPostSendCampaignsPerPass, now));
  for (const PostSendRetry& r : retried)
    spdlog::warn("campaign {}: asking again for its reports that failed (retry {} of {}): {}",
                 r.campaign_id, r.retry, kMaxPostSendRetries, r.previous_error);
  pass.retried = static_cast<int>(retried.size());
  return Status::Ok();
}

}  // namespace

Result<PostSendPass> RequestPostSendReports(ReportRequestStore& store, SenderStore& senders,
                                            Timestamp now, Millis delay) {
  PostSendPass pass;
  PREGON_RETURN_IF_ERROR(RetryFailed(store, now, delay, pass));
  PREGON_ASSIGN_OR_RETURN(auto campaigns,
                          store.CampaignsAwaitingReports(now - delay, kPostSendCampaignsPerPass));
  for (const Campaign& c : campaigns) {
    PREGON_ASSIGN_OR_RETURN(Sender sender, senders.GetSender(c.sender_id));
    const std::string zone = ReportTimeZone(sender, c.window.time_zone);
    const Timestamp end = c.completed_at.value_or(now);
    PREGON_ASSIGN_OR_RETURN(std::string from, LocalDay(c.started_at.value_or(end), zone));
    PREGON_ASSIGN_OR_RETURN(std::string to, LocalDay(end, zone));
    std::vector<NewReportRequest> requests;
    for (ReportType type : kAllReportTypes)
      requests.push_back({c.id, c.sender_id, type, from, to, zone});
    Status started = store.StartPostSendReports(c.id, requests, now);
    if (started.code() == StatusCode::kFailedPrecondition) continue;  // another node did
    PREGON_RETURN_IF_ERROR(started);
    ++pass.campaigns;
    pass.requests += static_cast<int>(requests.size());
    spdlog::info("campaign {}: asked for its {} reports of {}{} ({})", c.id, requests.size(), from,
                 from == to ? "" : ".." + to, zone);
  }
  return pass;
}

}  // namespace pregon

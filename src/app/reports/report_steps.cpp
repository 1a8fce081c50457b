#include "app/reports/report_steps.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "app/reports/report_loader.h"
#include "core/text.h"

namespace pregon {

namespace fs = std::filesystem;

namespace {
constexpr int kSuppressChunk = 1000;  // report rows read and suppressed at a time
}  // namespace

std::string ReportFilePath(const std::string& data_dir, const ReportRequest& request) {
  const std::string days = request.day_from == request.day_to
                               ? request.day_from
                               : request.day_from + "_" + request.day_to;
  const std::string type(ReportTypeName(request.type));
  if (request.campaign_id)
    return (fs::path(data_dir) / "reports" / std::to_string(*request.campaign_id) /
            (type + "-" + days + ".csv"))
        .string();
  return (fs::path(data_dir) / "reports" / "manual" /
          (std::to_string(request.id) + "-" + type + "-" + days + ".csv"))
      .string();
}

ReportSteps::ReportSteps(ReportStepStores stores, ReportProviderFactory providers,
                         const Clock& clock, ReportStepOptions options)
    : stores_(stores),
      providers_(std::move(providers)),
      clock_(clock),
      options_(std::move(options)) {}

Result<std::optional<ReportRequest>> ReportSteps::RunOne() {
  PREGON_ASSIGN_OR_RETURN(
      std::optional<ReportLease> lease,
      stores_.requests.ClaimReportRequest(options_.owner, clock_.Now(), options_.lease_ttl));
  if (!lease) return std::optional<ReportRequest>();
  const ReportStep step = Advance(lease->request, clock_.Now());
  PREGON_RETURN_IF_ERROR(stores_.requests.SaveReportStep(*lease, step, clock_.Now()));
  const auto& campaign = lease->request.campaign_id;
  if (campaign && (step.state == ReportState::kReady || step.state == ReportState::kError))
    PREGON_RETURN_IF_ERROR(
        stores_.requests.SettlePostSendReports(*campaign, clock_.Now()).status());
  PREGON_ASSIGN_OR_RETURN(ReportRequest saved,
                          stores_.requests.GetReportRequest(lease->request.id));
  return std::optional<ReportRequest>(std::move(saved));
}

ReportStep ReportSteps::Advance(const ReportRequest& request, Timestamp now) {
  auto sender = stores_.senders.GetSender(request.sender_id);
  if (!sender.ok()) return Failed(request, sender.status(), now);
  auto provider = providers_(*sender);
  if (!provider.ok()) return Failed(request, provider.status(), now);
  if (request.state == ReportState::kPending || request.provider_request_id.empty())
    return Ask(request, **provider, now);
  return Poll(request, **provider, now);
}

ReportStep ReportSteps::Ask(const ReportRequest& request, ReportProvider& provider, Timestamp now) {
  auto id = provider.Ask(request);
  if (!id.ok()) return Failed(request, id.status(), now);
  ReportStep step;
  step.state = ReportState::kProcessing;
  step.provider_request_id = *id;
  step.attempts = request.attempts;
  step.polling_since = now;
  step.not_before = now + options_.poll_initial;
  return step;
}

ReportStep ReportSteps::Poll(const ReportRequest& request, ReportProvider& provider,
                             Timestamp now) {
  auto readiness = provider.Poll(request);
  if (!readiness.ok()) return Failed(request, readiness.status(), now);
  if (*readiness == ReportReadiness::kReady) return Download(request, provider, now);
  if (request.polling_since && now - *request.polling_since >= options_.poll_total)
    return Failed(request,
                  Status::Permanent("the provider had not finished the report " +
                                    std::to_string(options_.poll_total.count() / 1000) +
                                    " s after it was asked for"),
                  now);
  ReportStep step;
  step.state = ReportState::kProcessing;
  step.provider_request_id = request.provider_request_id;
  step.attempts = request.attempts;
  step.polling_since = request.polling_since;
  step.not_before = now + NextWait(request, now);
  return step;
}

ReportStep ReportSteps::Download(const ReportRequest& request, ReportProvider& provider,
                                 Timestamp now) {
  const std::string path = ReportFilePath(options_.data_dir, request);
  const std::string partial = path + ".part";
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  if (ec)
    return Failed(request,
                  Status::Permanent("cannot create the folder of " + path + ": " + ec.message()),
                  now);
  auto bytes = provider.Download(request, partial);
  if (!bytes.ok()) {
    fs::remove(partial, ec);
    return Failed(request, bytes.status(), now);
  }
  // Renamed whole, so a reader never sees half a file under the final name.
  fs::rename(partial, path, ec);
  if (ec)
    return Failed(request, Status::Permanent("cannot rename " + partial + ": " + ec.message()),
                  now);

  ReportRequest ready = request;
  ready.state = ReportState::kReady;
  ready.file_path = path;
  // Replacing: a node that died between this load and saving the step loaded this same
  // report; loading the new download again keeps exactly one copy.
  auto loaded = LoadReportFile(ready, ReportAlias::kDefault, /*replace=*/true, stores_.tables,
                               stores_.requests, now);
  if (!loaded.ok())
    return Failed(request,
                  Status(loaded.status().code() == StatusCode::kTransient ? StatusCode::kTransient
                                                                          : StatusCode::kPermanent,
                         "the report was downloaded to " + path +
                             " but could not be loaded: " + loaded.status().message()),
                  now);
  auto suppressed = SuppressFromReport(ready, now);
  if (!suppressed.ok()) return Failed(request, suppressed.status(), now);
  ReportStep step;
  step.state = ReportState::kReady;
  step.provider_request_id = request.provider_request_id;
  step.file_path = path;
  step.attempts = request.attempts;
  step.polling_since = request.polling_since;
  step.not_before = now;
  return step;
}

ReportStep ReportSteps::Failed(const ReportRequest& request, const Status& failure,
                               Timestamp now) const {
  ReportStep step;
  step.provider_request_id = request.provider_request_id;
  step.file_path = request.file_path;
  step.attempts = request.attempts + 1;
  step.last_error = failure.message();
  step.polling_since = request.polling_since;
  const Timestamp since = request.polling_since.value_or(request.created_at);
  const bool final = failure.code() != StatusCode::kTransient || now - since >= options_.poll_total;
  step.state = final ? ReportState::kError : request.state;
  step.not_before = final ? now : now + NextWait(request, now);
  return step;
}

Result<int64_t> ReportSteps::SuppressFromReport(const ReportRequest& request, Timestamp now) {
  std::optional<SuppressionReason> reason;
  if (request.type == ReportType::kBounces) reason = SuppressionReason::kBounced;
  if (request.type == ReportType::kSpam) reason = SuppressionReason::kComplaint;
  if (request.type == ReportType::kUnsubscribed) reason = SuppressionReason::kUnsubscribed;
  if (!reason || !request.campaign_id) return 0;
  int64_t suppressed = 0;
  for (int after = 0;;) {
    PREGON_ASSIGN_OR_RETURN(auto rows,
                            stores_.tables.ListReportRows(request.id, after, kSuppressChunk));
    std::vector<Suppression> page;
    for (const auto& row : rows) {
      if (*reason == SuppressionReason::kBounced &&
          AsciiLower(row.status).find("soft") != std::string::npos)
        continue;  // the mailbox exists; a later send may well reach it
      page.push_back({row.email, *reason, request.campaign_id, now});
    }
    PREGON_ASSIGN_OR_RETURN(SuppressionCounts counts, stores_.suppressions.AddSuppressions(page));
    suppressed += counts.added + counts.updated;
    if (rows.size() < kSuppressChunk) break;
    after = rows.back().line;
  }
  return suppressed;
}

Millis ReportSteps::NextWait(const ReportRequest& request, Timestamp now) const {
  const Timestamp since = request.polling_since.value_or(request.created_at);
  const auto waited = std::chrono::duration_cast<Millis>(now - since);
  return std::clamp(waited, options_.poll_initial, options_.poll_max);
}

}  // namespace pregon

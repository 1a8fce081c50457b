#include "channels/report_provider.h"

#include <fmt/format.h>

#include "channels/relay/relay_reports.h"

namespace pregon {

Status CheckReportsApi(const Sender& sender) {
  if (sender.kind == ChannelKind::kRelay) return Status::Ok();
  return Status::FailedPrecondition(
      fmt::format("sender '{}' is a {} sender: only relay providers have a reports API",
                  sender.name, ChannelKindName(sender.kind)));
}

Result<std::unique_ptr<ReportProvider>> MakeReportProvider(const Sender& sender,
                                                           const FetchOptions& options) {
  PREGON_RETURN_IF_ERROR(CheckReportsApi(sender));
  return std::unique_ptr<ReportProvider>(std::make_unique<RelayReportProvider>(sender, options));
}

}  // namespace pregon

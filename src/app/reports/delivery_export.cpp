#include "app/reports/delivery_export.h"

#include <fmt/format.h>

#include "core/csv.h"
#include "core/time_format.h"

namespace pregon {
namespace {

void AppendRow(const DeliveryExportRow& d, std::string& out) {
  fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\r\n",
                 CsvQuoteForSpreadsheet(d.address), d.status, d.attempts,
                 CsvQuoteForSpreadsheet(d.last_error), d.sent_at ? FormatIso8601(*d.sent_at) : "",
                 CsvQuoteForSpreadsheet(d.provider_status.value_or("")), d.opens, d.clicks);
}

}  // namespace

Result<std::string> DeliveryCsvExport::Next() {
  if (done_) return std::string();
  PREGON_ASSIGN_OR_RETURN(auto page,
                          store_.CampaignDeliveriesPage(campaign_id_, after_seq_, kPageRows));
  std::string out;
  if (!started_) out = kHeader;
  started_ = true;
  for (const auto& d : page) AppendRow(d, out);
  rows_ += static_cast<int64_t>(page.size());
  if (!page.empty()) after_seq_ = page.back().seq;
  done_ = page.size() < static_cast<size_t>(kPageRows);
  return out;
}

}  // namespace pregon

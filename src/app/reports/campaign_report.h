// What `pregon report show CAMPAIGN` and the API show of a campaign's provider reports: per
// type, the rows its newest loaded report holds, read from pregon's own tables (never a live
// provider call), pregon's own ledger reconciled with them, and the requests behind them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/roles/campaign_store.h"
#include "store/roles/report_store.h"

namespace pregon {

struct CampaignReport {
  int64_t campaign_id = 0;
  std::string post_reports_status;                     // none | pending | done | error
  std::map<ReportType, int64_t> counts;                // only the types loaded
  std::vector<ReportRequest> requests;                 // newest first
  std::optional<ReportReconciliation> reconciliation;  // once the sent report is loaded
  ReportBreakdowns breakdowns;                         // top kReportBreakdownTop of each
};

// Missing addresses a report lists at most.
inline constexpr int kReconciliationSample = 20;
// Lines a breakdown (bounce reasons, opening domains) shows at most.
inline constexpr int kReportBreakdownTop = 10;

// The report of `campaign`, which the caller has read (and answered 404 for when missing).
Result<CampaignReport> ReadCampaignReport(ReportRequestStore& requests, const Campaign& campaign);

// {"campaign_id", "post_reports_status", "types": {"sent": n, ...}, "reconciliation":
// {"sent_by_pregon", "missing_at_provider", "missing_sample", "bounced", "complained",
// "unsubscribed"} | null, "top_bounce_reasons": [{"reason", "count"}], "opens_by_domain":
// [{"domain", "openers", "opens"}], "requests": [...]}; a type not loaded (yet) is null.
nlohmann::json CampaignReportJson(const CampaignReport& report);

}  // namespace pregon

#include "app/reports/campaign_report.h"

#include "app/json_views.h"

namespace pregon {

Result<CampaignReport> ReadCampaignReport(ReportRequestStore& requests, const Campaign& campaign) {
  const int64_t campaign_id = campaign.id;
  CampaignReport report;
  report.campaign_id = campaign_id;
  report.post_reports_status = campaign.post_reports_status;
  ReportRequestQuery query;
  query.campaign_id = campaign_id;
  PREGON_ASSIGN_OR_RETURN(report.requests, requests.ListReportRequests(query));
  // Newest first: the first loaded request of a type is the one shown.
  for (const auto& r : report.requests)
    if (r.default_loaded_at && !report.counts.contains(r.type)) report.counts[r.type] = r.rows;
  PREGON_ASSIGN_OR_RETURN(report.reconciliation,
                          requests.ReconcileCampaign(campaign_id, kReconciliationSample));
  PREGON_ASSIGN_OR_RETURN(report.breakdowns,
                          requests.CampaignReportBreakdowns(campaign_id, kReportBreakdownTop));
  return report;
}

nlohmann::json CampaignReportJson(const CampaignReport& report) {
  nlohmann::json types = nlohmann::json::object();
  for (ReportType type : kAllReportTypes) {
    auto it = report.counts.find(type);
    types[std::string(ReportTypeName(type))] =
        it == report.counts.end() ? nlohmann::json() : nlohmann::json(it->second);
  }
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& r : report.requests) requests.push_back(ReportRequestJson(r));
  nlohmann::json reconciliation;
  if (const auto& r = report.reconciliation)
    reconciliation = {
        {"sent_by_pregon", r->sent_by_pregon}, {"missing_at_provider", r->missing_at_provider},
        {"missing_sample", r->missing_sample}, {"bounced", r->bounced},
        {"complained", r->complained},         {"unsubscribed", r->unsubscribed}};
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& t : report.breakdowns.bounce_reasons)
    reasons.push_back({{"reason", t.label}, {"count", t.count}});
  nlohmann::json domains = nlohmann::json::array();
  for (const auto& t : report.breakdowns.opens_by_domain)
    domains.push_back({{"domain", t.label}, {"openers", t.count}, {"opens", t.total}});
  return {{"campaign_id", report.campaign_id},
          {"post_reports_status", report.post_reports_status},
          {"types", types},
          {"reconciliation", reconciliation},
          {"top_bounce_reasons", reasons},
          {"opens_by_domain", domains},
          {"requests", requests}};
}

}  // namespace pregon

#include "app/tracking/engagement_views.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "app/json_views.h"
#include "core/csv.h"
#include "core/time_format.h"
#include "store/store.h"

namespace pregon {
namespace {

nlohmann::json Rate(int64_t part, int64_t whole) {
  if (whole <= 0) return nullptr;
  return static_cast<double>(part) / static_cast<double>(whole);
}

std::string TimeCell(const std::optional<Timestamp>& t) { return t ? FormatIso8601(*t) : ""; }

}  // namespace

Result<CampaignEngagement> ReadCampaignEngagement(Store& store, const Campaign& campaign) {
  const int64_t campaign_id = campaign.id;
  CampaignEngagement e;
  e.campaign_id = campaign_id;
  e.tracking = std::string(CampaignTrackingName(campaign.tracking));
  PREGON_ASSIGN_OR_RETURN(e.summary, store.GetEngagementSummary(campaign_id));
  PREGON_ASSIGN_OR_RETURN(e.links, store.ListCampaignLinks(campaign_id));
  std::stable_sort(e.links.begin(), e.links.end(), [](const auto& a, const auto& b) {
    return std::pair(a.human_clicks, a.machine_clicks) >
           std::pair(b.human_clicks, b.machine_clicks);
  });
  PREGON_ASSIGN_OR_RETURN(e.hours, store.ListEngagementHours(campaign_id));
  return e;
}

nlohmann::json CampaignEngagementJson(const CampaignEngagement& e) {
  const EngagementSummary& s = e.summary;
  nlohmann::json links = nlohmann::json::array();
  for (const CampaignLink& l : e.links)
    links.push_back({{"id", l.id},
                     {"url", l.url},
                     {"human_clicks", l.human_clicks},
                     {"machine_clicks", l.machine_clicks}});
  // One entry per hour, each kind split by verdict.
  std::map<Timestamp, nlohmann::json> by_hour;
  for (const EngagementHour& h : e.hours) {
    nlohmann::json& entry = by_hour[h.hour];
    if (entry.is_null()) {
      entry = {{"hour", FormatIso8601(h.hour)}};
      for (const char* kind : {"opens", "clicks"})
        for (auto v : {HitVerdict::kHuman, HitVerdict::kPrivacyProxy, HitVerdict::kScanner,
                       HitVerdict::kUnknown})
          entry[kind][std::string(HitVerdictName(v))] = 0;
    }
    entry[h.kind == HitKind::kOpen ? "opens" : "clicks"][std::string(HitVerdictName(h.verdict))] =
        h.hits;
  }
  nlohmann::json hours = nlohmann::json::array();
  for (auto& [hour, entry] : by_hour) hours.push_back(std::move(entry));
  return {
      {"campaign_id", e.campaign_id},
      {"tracking", e.tracking},
      {"sent", s.sent},
      {"opens",
       {{"unique_human", s.opened},
        {"unique_machine_only", s.opened_by_machine_only},
        {"total_human", s.opens},
        {"total_machine", s.machine_opens}}},
      {"clicks",
       {{"unique_human", s.clicked},
        {"unique_machine_only", s.clicked_by_machine_only},
        {"total_human", s.clicks},
        {"total_machine", s.machine_clicks}}},
      {"unsubscribed", s.unsubscribed},
      {"bounced", s.bounced},
      {"complained", s.complained},
      {"rates",
       {{"denominator", "sent"},
        {"opened", Rate(s.opened, s.sent)},
        {"clicked", Rate(s.clicked, s.sent)},
        {"clicked_of_opened", Rate(s.clicked, s.opened)},
        {"unsubscribed", Rate(s.unsubscribed, s.sent)},
        {"bounced", Rate(s.bounced, s.sent)},
        {"complained", Rate(s.complained, s.sent)}}},
      {"top_links", std::move(links)},
      {"hours", std::move(hours)},
  };
}

nlohmann::json DeliveryEngagementJson(const DeliveryEngagement& e) {
  return {{"delivery_id", e.delivery.id},
          {"seq", e.delivery.seq},
          {"address", e.delivery.address},
          {"status", DeliveryStatusName(e.delivery.status)},
          {"first_open_at", TimeJson(e.first_open_at)},
          {"opens", e.opens},
          {"machine_opens", e.machine_opens},
          {"first_click_at", TimeJson(e.first_click_at)},
          {"clicks", e.clicks},
          {"machine_clicks", e.machine_clicks},
          {"unsubscribed_at", TimeJson(e.unsubscribed_at)},
          {"bounced_at", TimeJson(e.bounced_at)},
          {"bounce_type",
           e.bounce_type.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.bounce_type)},
          {"complained_at", TimeJson(e.complained_at)}};
}

Result<std::string> EngagementCsvExport::Next() {
  if (done_) return std::string();
  PREGON_ASSIGN_OR_RETURN(auto page, store_.ListEngagement(query_));
  std::string out;
  if (!started_) out = kHeader;
  started_ = true;
  for (const DeliveryEngagement& e : page)
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
                   CsvQuoteForSpreadsheet(e.delivery.address),
                   DeliveryStatusName(e.delivery.status), TimeCell(e.first_open_at), e.opens,
                   e.machine_opens, TimeCell(e.first_click_at), e.clicks, e.machine_clicks,
                   TimeCell(e.unsubscribed_at), TimeCell(e.bounced_at), e.bounce_type,
                   TimeCell(e.complained_at));
  if (!page.empty()) query_.after_seq = page.back().delivery.seq;
  done_ = page.size() < static_cast<size_t>(kPageRows);
  return out;
}

}  // namespace pregon

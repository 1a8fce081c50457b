#include "http/ui/campaign_tables.h"

#include "http/ui/campaign_views.h"

namespace pregon::http::ui {

CampaignTable TableOf(const std::vector<CampaignSummary>& campaigns, CampaignNames& names,
                      Language lang) {
  CampaignTable table;
  std::string ids;
  for (const CampaignSummary& s : campaigns) {
    table.rows.push_back(CampaignRow(s, names, lang));
    if (!IsFinal(s.campaign.status))
      ids += (ids.empty() ? "" : ",") + std::to_string(s.campaign.id);
  }
  if (!ids.empty()) table.live_url = "/live/campaigns?ids=" + ids;
  return table;
}

}  // namespace pregon::http::ui

// A table of campaigns as the dashboard and the campaign list show it (templates/
// _campaign_table.mustache): rows from a store listing, and the live stream that keeps the
// rows of unfinished campaigns current.
//
// Not thread-safe; one per request.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/language.h"
#include "http/campaign_names.h"
#include "store/store_queries.h"

namespace pregon::http::ui {

struct CampaignTable {
  nlohmann::json rows = nlohmann::json::array();
  // /live/campaigns?ids=… for the rows still moving; "" when every campaign is final.
  std::string live_url;
};

CampaignTable TableOf(const std::vector<CampaignSummary>& campaigns, CampaignNames& names,
                      Language lang);

}  // namespace pregon::http::ui

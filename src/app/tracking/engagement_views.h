// A campaign's engagement as operators read it — JSON for the API and the CLI, CSV for
// spreadsheets — from what TrackingStore keeps (DESIGN §1.4b). Human and machine counts are
// always side by side, "unique" (recipients) and "total" (hits) are named as such, and every
// rate says its denominator.
//
// Thread-safety: free functions are pure; an export is not safe for concurrent use.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/engagement.h"
#include "store/store.h"

namespace pregon {

struct CampaignEngagement {
  int64_t campaign_id = 0;
  std::string tracking;  // the campaign's setting: pregon | provider | off
  EngagementSummary summary;
  std::vector<CampaignLink> links;  // the top links first (human clicks, then machine)
  std::vector<EngagementHour> hours;
};

// Reads everything the engagement view of `campaign`, which the caller has read, shows.
Result<CampaignEngagement> ReadCampaignEngagement(Store& store, const Campaign& campaign);

nlohmann::json CampaignEngagementJson(const CampaignEngagement& e);
nlohmann::json DeliveryEngagementJson(const DeliveryEngagement& e);

// A campaign's recipients with what they did, as CSV, a page at a time (like
// DeliveryCsvExport): one header, then one row per delivery the filter keeps.
class EngagementCsvExport {
 public:
  static constexpr int kPageRows = 1000;
  static constexpr std::string_view kHeader =
      "address,status,first_open_at,opens,machine_opens,first_click_at,clicks,machine_clicks,"
      "unsubscribed_at,bounced_at,bounce_type,complained_at\r\n";

  EngagementCsvExport(TrackingStore& store, int64_t campaign_id, EngagementFilter filter)
      : store_(store), query_{campaign_id, filter, 0, kPageRows} {}

  Result<std::string> Next();  // "" once done
  bool done() const { return done_; }

 private:
  TrackingStore& store_;
  EngagementQuery query_;
  bool started_ = false;
  bool done_ = false;
};

}  // namespace pregon

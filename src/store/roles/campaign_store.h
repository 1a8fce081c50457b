// CampaignStore: campaigns as operators see them — their fields and attachments, the
// actions on them (send, pause, resume, cancel), their counters, deliveries and event log.
// What workers do with a sending campaign is the WorkQueue's (work_queue.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/clock.h"
#include "core/delivery.h"
#include "core/status.h"
#include "store/store_queries.h"

namespace pregon {

struct CampaignEvent {
  int64_t id = 0;
  int64_t campaign_id = 0;
  Timestamp ts{};
  std::string kind;     // started, batch_done, paused, throttled, lease_rescued, finished, ...
  std::string message;  // for people
  // The HTTP request that caused it (X-Request-Id; core/request_id.h); "" for the engine's.
  std::string request_id;
};

class CampaignStore {
 public:
  virtual ~CampaignStore() = default;

  // Stores the campaign with its parse_mode, template_id and attachments (bytes included),
  // in one transaction. REQUIRES: campaign.Validate().ok(). NotFound, storing nothing, when
  // its sender or list does not exist.
  virtual Result<int64_t> CreateCampaign(const Campaign& campaign, Timestamp now) = 0;
  // NotFound. attachments come back in the order given to CreateCampaign with filename,
  // content_type and size, but with empty content (see GetAttachments).
  virtual Result<Campaign> GetCampaign(int64_t id) = 0;
  // The campaign's attachments with their bytes, in order; empty when it has none.
  // NotFound when the campaign does not exist.
  virtual Result<std::vector<Attachment>> GetAttachments(int64_t campaign_id) = 0;
  // Applies `action` atomically (compare-and-set on the status read in the same
  // transaction) and logs an event. FailedPrecondition when the action is not allowed in
  // the current status; the campaign is then unchanged. Cancel also makes every range of
  // the campaign unclaimable. Returns the new status.
  virtual Result<CampaignStatus> ApplyCampaignAction(int64_t id, CampaignAction action,
                                                     Timestamp now) = 0;
  // Replaces the operator's fields of a draft or scheduled campaign (name, sender, list,
  // content, throttle, guarantee, window, scheduled_at and the status draft/scheduled that
  // goes with it), and its attachments when replace_attachments, in one transaction with an
  // "updated" event. The status is checked in the same transaction: FailedPrecondition, and
  // nothing changes, once the campaign is queued or later. NotFound for an unknown campaign,
  // sender or list. REQUIRES: campaign.Validate().ok().
  virtual Status UpdateCampaign(const Campaign& campaign, bool replace_attachments,
                                Timestamp now) = 0;
  // One page of campaigns with their counters (see CampaignQuery).
  virtual Result<std::vector<CampaignSummary>> ListCampaigns(const CampaignQuery& query) = 0;
  // Campaign ids in `status`, oldest first.
  virtual Result<std::vector<int64_t>> CampaignIdsWithStatus(CampaignStatus status,
                                                             int limit = 1000) = 0;
  // One page of a campaign's deliveries (see DeliveryQuery); empty for an unknown campaign.
  virtual Result<std::vector<Delivery>> ListDeliveries(const DeliveryQuery& query) = 0;
  virtual Result<Delivery> GetDelivery(int64_t id) = 0;  // NotFound
  // Exact counters: the sum over the campaign's ranges (all zero before it starts).
  virtual Result<Counters> GetCounters(int64_t campaign_id) = 0;

  // The event log. NotFound when appending to an unknown campaign.
  virtual Status AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                             std::string_view message) = 0;
  // Events with id > after_id, oldest first.
  virtual Result<std::vector<CampaignEvent>> ListEvents(int64_t campaign_id, int64_t after_id,
                                                        int limit) = 0;
  // The newest `limit` events, newest first (what a campaign's page shows; a campaign of a
  // million recipients logs tens of thousands).
  virtual Result<std::vector<CampaignEvent>> ListRecentEvents(int64_t campaign_id, int limit) = 0;
  // Across campaigns, the newest `limit` events since `since` where a provider throttled a
  // sender or refused it (kinds throttled, sender_blocked): the dashboard's warnings.
  virtual Result<std::vector<CampaignEvent>> ListProviderEvents(Timestamp since, int limit) = 0;
};

}  // namespace pregon

// TrackingStore: pregon's own tracking (DESIGN §1.4b) — a campaign's link table, judged opens
// and clicks, unsubscribes by link, bounces and complaints from webhooks, and the reads of who
// did what.
//
// Hits arrive in batches (app/tracking/hit_recorder.h): RecordHits applies a whole batch in
// one transaction — each delivery's counters, each link's clicks and the hourly buckets —
// so a burst of scanner clicks is one write, not one per click.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/engagement.h"
#include "core/mail_feedback.h"
#include "core/status.h"

namespace pregon {

class TrackingStore {
 public:
  virtual ~TrackingStore() = default;

  // Stores the campaign's links as ids 1..n (urls[0] is link 1) unless they are stored
  // already: every worker that renders the campaign computes the same table from the same
  // HTML (which cannot change once the campaign has started), so this is idempotent.
  // NotFound for an unknown campaign.
  virtual Status SaveCampaignLinks(int64_t campaign_id, std::span<const std::string> urls) = 0;
  // The campaign's links in id order, with their clicks; empty when it has none.
  virtual Result<std::vector<CampaignLink>> ListCampaignLinks(int64_t campaign_id) = 0;

  // The time each of `delivery_ids` was sent (accepted by the provider); ids of deliveries
  // not sent are left out. For judging hits that come too soon after the send.
  virtual Result<std::unordered_map<int64_t, Timestamp>> SentTimes(
      std::span<const int64_t> delivery_ids) = 0;
  // Applies judged hits in one transaction. Hits of unknown deliveries or links change
  // nothing else (the batch is still applied).
  virtual Status RecordHits(std::span<const TrackingHit> hits) = 0;
  // Sets the delivery's unsubscribed_at unless already set. NotFound for an unknown delivery.
  virtual Status MarkUnsubscribed(int64_t delivery_id, Timestamp at) = 0;

  // Records a bounce or complaint unless one with its (source, event_key) is recorded already
  // (then false, and nothing changes). When it names a delivery whose address it is, the
  // delivery's bounced_at (and bounce_type: hard stays hard) or complained_at is set too.
  virtual Result<bool> RecordFeedback(const MailFeedback& feedback) = 0;
  // Feedback of `type` recorded for `address` at or after `since` (nullopt: ever).
  virtual Result<int64_t> CountFeedback(std::string_view address, FeedbackType type,
                                        std::optional<Timestamp> since) = 0;

  // One page of a campaign's deliveries with their engagement, by seq (see EngagementQuery).
  virtual Result<std::vector<DeliveryEngagement>> ListEngagement(const EngagementQuery& q) = 0;
  // The campaign's totals (all zero for an unknown campaign).
  virtual Result<EngagementSummary> GetEngagementSummary(int64_t campaign_id) = 0;
  // Opens and clicks per hour and verdict, oldest first.
  virtual Result<std::vector<EngagementHour>> ListEngagementHours(int64_t campaign_id) = 0;
};

}  // namespace pregon

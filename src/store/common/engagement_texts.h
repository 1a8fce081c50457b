// What both backends say and read about tracking (store/roles/tracking_store.h), written once:
// SQL texts with $n parameters in order of first appearance (so SQLite binds them by position
// too), the readers of their rows, and the folding of a batch of hits into one write per
// delivery, link and hour.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "core/engagement.h"
#include "core/mail_feedback.h"
#include "store/common/row.h"
#include "store/common/row_readers.h"

namespace pregon::store {

// ($1 campaign, $2 link id, $3 url): stores a link unless stored.
inline constexpr const char* kSaveLinkSql =
    "INSERT INTO campaign_links (campaign_id, link_id, url) VALUES ($1, $2, $3) "
    "ON CONFLICT (campaign_id, link_id) DO NOTHING";
// ($1 campaign) -> (link id, url, human clicks, machine clicks) by id.
inline constexpr const char* kListLinksSql =
    "SELECT link_id, url, human_clicks, machine_clicks FROM campaign_links "
    "WHERE campaign_id = $1 ORDER BY link_id";
CampaignLink ReadLink(const Row& row);

// ($1 delivery) -> when it went out: sent, or in flight (its hits may come before the
// worker records it sent).
inline constexpr const char* kSentTimeSql =
    "SELECT updated_at FROM deliveries WHERE id = $1 AND status IN ('sent', 'in_flight')";

// ($1 now, $2 delivery) -> its campaign, when this is its first unsubscribe (no row when it
// was unsubscribed before, or does not exist: kDeliveryExistsSql tells which).
inline constexpr const char* kMarkUnsubscribedSql =
    "UPDATE deliveries SET unsubscribed_at = $1 WHERE id = $2 AND unsubscribed_at IS NULL "
    "RETURNING campaign_id";
// ($1 delivery) -> a row when it exists.
inline constexpr const char* kDeliveryExistsSql = "SELECT 1 FROM deliveries WHERE id = $1";

#define PREGON_ENGAGEMENT_COLUMNS                                       \
  PREGON_DELIVERY_COLUMNS                                               \
  ", first_open_at, opens, machine_opens, first_click_at, clicks, "     \
  "machine_clicks, unsubscribed_at, bounced_at, COALESCE(bounce_type, " \
  "''), complained_at"
// ($1 campaign, $2 after seq, $3 filter name, $4 limit).
inline constexpr const char* kListEngagementSql =
    "SELECT " PREGON_ENGAGEMENT_COLUMNS
    " FROM deliveries WHERE campaign_id = $1 AND seq > $2 AND ($3 = 'all' "
    "OR ($3 = 'opened' AND opens > 0) OR ($3 = 'clicked' AND clicks > 0) "
    "OR ($3 = 'machine_only' AND opens = 0 AND clicks = 0 "
    "AND (machine_opens > 0 OR machine_clicks > 0)) "
    "OR ($3 = 'unsubscribed' AND unsubscribed_at IS NOT NULL) "
    "OR ($3 = 'bounced' AND bounced_at IS NOT NULL) "
    "OR ($3 = 'complained' AND complained_at IS NOT NULL)) ORDER BY seq LIMIT $4";
DeliveryEngagement ReadEngagement(const Row& row);

// A campaign's kept tracking totals (campaign_engagement, schema v13): reading them is one
// row whatever the campaign's size; every change to a delivery's engagement adds its
// difference in the same transaction (AddHitTotals, and +1 on a first unsubscribe, bounce
// or complaint).
#define PREGON_KEPT_TOTALS                                                                   \
  "opened, opened_by_machine_only, opens, machine_opens, clicked, clicked_by_machine_only, " \
  "clicks, machine_clicks, unsubscribed, bounced, complained"
#define PREGON_KEPT(col) "COALESCE(MAX(" col "), 0)"
// ($1 campaign) -> one row, EngagementSummary's fields in order; `sent` is the ranges' count.
inline constexpr const char* kEngagementSummarySql =
    "SELECT CAST(COALESCE((SELECT SUM(sent) FROM ranges WHERE campaign_id = $1), 0) AS BIGINT), "
    PREGON_KEPT("opened") ", " PREGON_KEPT("opened_by_machine_only") ", " PREGON_KEPT("opens")
    ", " PREGON_KEPT("machine_opens") ", " PREGON_KEPT("clicked") ", "
    PREGON_KEPT("clicked_by_machine_only") ", " PREGON_KEPT("clicks") ", "
    PREGON_KEPT("machine_clicks") ", " PREGON_KEPT("unsubscribed") ", " PREGON_KEPT("bounced")
    ", " PREGON_KEPT("complained") " FROM campaign_engagement WHERE campaign_id = $1";
EngagementSummary ReadEngagementSummary(const Row& row);
// ($1 campaign, $2.. $12 the PREGON_KEPT_TOTALS to add, in order: TotalsParams).
inline constexpr const char* kAddEngagementTotalsSql =
    "INSERT INTO campaign_engagement (campaign_id, " PREGON_KEPT_TOTALS
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
    "ON CONFLICT (campaign_id) DO UPDATE SET "
    "opened = campaign_engagement.opened + EXCLUDED.opened, "
    "opened_by_machine_only = campaign_engagement.opened_by_machine_only + "
    "EXCLUDED.opened_by_machine_only, "
    "opens = campaign_engagement.opens + EXCLUDED.opens, "
    "machine_opens = campaign_engagement.machine_opens + EXCLUDED.machine_opens, "
    "clicked = campaign_engagement.clicked + EXCLUDED.clicked, "
    "clicked_by_machine_only = campaign_engagement.clicked_by_machine_only + "
    "EXCLUDED.clicked_by_machine_only, "
    "clicks = campaign_engagement.clicks + EXCLUDED.clicks, "
    "machine_clicks = campaign_engagement.machine_clicks + EXCLUDED.machine_clicks, "
    "unsubscribed = campaign_engagement.unsubscribed + EXCLUDED.unsubscribed, "
    "bounced = campaign_engagement.bounced + EXCLUDED.bounced, "
    "complained = campaign_engagement.complained + EXCLUDED.complained";
// The values of kAddEngagementTotalsSql's $2..$12 (`sent` is not kept here).
std::array<int64_t, 11> TotalsParams(const EngagementSummary& add);
// What each campaign's totals gain from one write: campaign id -> the differences.
using TotalsByCampaign = std::map<int64_t, EngagementSummary>;

// ($1 campaign) -> (hour, kind, verdict, hits), oldest first.
inline constexpr const char* kListEngagementHoursSql =
    "SELECT hour, kind, verdict, hits FROM engagement_hours WHERE campaign_id = $1 "
    "ORDER BY hour, kind, verdict";
EngagementHour ReadEngagementHour(const Row& row);

// ($1 opens, $2 machine opens, $3 clicks, $4 machine clicks, $5 first human open or NULL,
// $6 first human click or NULL, $7 delivery) -> PREGON_HITS_AFTER.
#define PREGON_HITS_AFTER "campaign_id, opens, machine_opens, clicks, machine_clicks"
inline constexpr const char* kAddDeliveryHitsSql =
    "UPDATE deliveries SET opens = opens + $1, machine_opens = machine_opens + $2, "
    "clicks = clicks + $3, machine_clicks = machine_clicks + $4, "
    "first_open_at = COALESCE(first_open_at, $5), first_click_at = COALESCE(first_click_at, $6) "
    "WHERE id = $7 RETURNING " PREGON_HITS_AFTER;
// ($1 human clicks, $2 machine clicks, $3 campaign, $4 link).
inline constexpr const char* kAddLinkHitsSql =
    "UPDATE campaign_links SET human_clicks = human_clicks + $1, "
    "machine_clicks = machine_clicks + $2 WHERE campaign_id = $3 AND link_id = $4";
// ($1 campaign, $2 hour, $3 kind, $4 verdict, $5 hits).
inline constexpr const char* kAddHourHitsSql =
    "INSERT INTO engagement_hours (campaign_id, hour, kind, verdict, hits) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (campaign_id, hour, kind, verdict) "
    "DO UPDATE SET hits = engagement_hours.hits + EXCLUDED.hits";

// ($1 source, $2 event key, $3 type, $4 address, $5 campaign or NULL, $6 delivery or NULL,
// $7 reason, $8 received at): records feedback once.
inline constexpr const char* kInsertFeedbackSql =
    "INSERT INTO mail_feedback (source, event_key, type, address, campaign_id, delivery_id, "
    "reason, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (source, event_key) DO NOTHING";
// ($1 at, $2 delivery, $3 address) -> its campaign, on its first bounce only.
inline constexpr const char* kMarkBouncedSql =
    "UPDATE deliveries SET bounced_at = $1 WHERE id = $2 AND address = $3 AND bounced_at IS NULL "
    "RETURNING campaign_id";
// ($1 hard | soft, $2 delivery, $3 address): a hard bounce stays hard.
inline constexpr const char* kSetBounceTypeSql =
    "UPDATE deliveries SET bounce_type = CASE WHEN bounce_type = 'hard' THEN 'hard' ELSE $1 END "
    "WHERE id = $2 AND address = $3";
// ($1 at, $2 delivery, $3 address) -> its campaign, on its first complaint only.
inline constexpr const char* kMarkComplainedSql =
    "UPDATE deliveries SET complained_at = $1 WHERE id = $2 AND address = $3 "
    "AND complained_at IS NULL RETURNING campaign_id";
// ($1 address, $2 type, $3 since) -> count.
inline constexpr const char* kCountFeedbackSql =
    "SELECT COUNT(*) FROM mail_feedback WHERE address = $1 AND type = $2 AND received_at >= $3";

// A batch of hits folded into one change per delivery, per link and per hour bucket.
struct DeliveryHits {
  int64_t delivery_id = 0;
  int64_t opens = 0, machine_opens = 0, clicks = 0, machine_clicks = 0;
  std::optional<Timestamp> first_open, first_click;  // earliest human ones in the batch
};
struct LinkHits {
  int64_t campaign_id = 0, link_id = 0, human = 0, machine = 0;
};
struct HourHits {
  int64_t campaign_id = 0;
  Timestamp hour{};
  HitKind kind = HitKind::kOpen;
  HitVerdict verdict = HitVerdict::kHuman;
  int64_t hits = 0;
};
struct HitBatch {
  std::vector<DeliveryHits> deliveries;  // by delivery id
  std::vector<LinkHits> links;           // honeypot clicks (link 0) are not a link's
  std::vector<HourHits> hours;
};
HitBatch FoldHits(std::span<const TrackingHit> hits);

// A delivery's counts after a batch of hits (PREGON_HITS_AFTER).
struct HitCounts {
  int64_t opens = 0, machine_opens = 0, clicks = 0, machine_clicks = 0;
};
// Adds to `totals` what `added`, which left its delivery at `after`, changes: the hits, and
// the delivery's move into (or, for "only a machine", out of) each unique count.
void AddHitTotals(const DeliveryHits& added, const HitCounts& after, EngagementSummary& totals);
// The one-field difference a first unsubscribe, bounce or complaint makes.
EngagementSummary FirstFeedbackTotals(FeedbackType type);

}  // namespace pregon::store

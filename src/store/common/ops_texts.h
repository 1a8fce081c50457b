// The counts /metrics reads (store/roles/ops_store.h), one SQL text for both backends:
// ($1 now) -> (metric, label, value) rows.
#pragma once

#include <array>

#include "store/common/row.h"
#include "store/roles/ops_store.h"

namespace pregon::store {

#define PREGON_RANGE_SUM(status) \
  "SELECT 'deliveries', '" status "', CAST(COALESCE(SUM(" status "), 0) AS BIGINT) FROM ranges "
inline constexpr const char* kOpsCountsSql =
    "SELECT 'campaigns', status, COUNT(*) FROM campaigns GROUP BY status "
    "UNION ALL SELECT 'ranges', status, COUNT(*) FROM ranges GROUP BY status "
    "UNION ALL SELECT 'ranges_claimable', '', COUNT(*) FROM ranges "
    "WHERE status = 'pending' AND not_before <= $1 "
    // How long the oldest batch of a sending campaign has been claimable (ms): since the
    // latest of its campaign's start, its last lease's end and its not_before.
    "UNION ALL SELECT 'ranges_oldest_claimable_ms', '', CAST(COALESCE($1 - MIN(CASE "
    "WHEN r.not_before >= r.lease_until AND r.not_before >= COALESCE(c.started_at, 0) "
    "THEN r.not_before WHEN r.lease_until >= COALESCE(c.started_at, 0) THEN r.lease_until "
    "ELSE COALESCE(c.started_at, 0) END), 0) AS BIGINT) FROM ranges r "
    "JOIN campaigns c ON c.id = r.campaign_id "
    "WHERE r.status = 'pending' AND r.not_before <= $1 AND c.status = 'sending' "
    "UNION ALL " PREGON_RANGE_SUM("pending") "UNION ALL " PREGON_RANGE_SUM("in_flight")
    "UNION ALL " PREGON_RANGE_SUM("sent") "UNION ALL " PREGON_RANGE_SUM("failed")
    "UNION ALL " PREGON_RANGE_SUM("unavailable") "UNION ALL " PREGON_RANGE_SUM("suppressed")
    "UNION ALL " PREGON_RANGE_SUM("unknown") "UNION ALL " PREGON_RANGE_SUM("cancelled")
    "UNION ALL SELECT 'report_requests', state, COUNT(*) FROM report_requests GROUP BY state "
    "UNION ALL SELECT 'suppressions', reason, COUNT(*) FROM suppressions GROUP BY reason "
    "UNION ALL SELECT 'senders_paused', kind, COUNT(*) FROM senders WHERE paused_until > $1 "
    "GROUP BY kind";
#undef PREGON_RANGE_SUM

// Prune, a batch at a time ($1 before, $2 batch size) -> rows deleted by each statement.
inline constexpr const char* kPruneEventsSql =
    "DELETE FROM campaign_events WHERE id IN (SELECT id FROM campaign_events WHERE ts < $1 "
    "LIMIT $2)";
inline constexpr const char* kPruneHoursSql =
    "DELETE FROM engagement_hours WHERE (campaign_id, hour, kind, verdict) IN (SELECT "
    "campaign_id, hour, kind, verdict FROM engagement_hours WHERE hour < $1 LIMIT $2)";
inline constexpr const char* kPruneFeedbackSql =
    "DELETE FROM mail_feedback WHERE id IN (SELECT id FROM mail_feedback WHERE received_at < $1 "
    "LIMIT $2)";
inline constexpr int kPruneBatch = 5000;

// Prune's statements in order, each with the counter it adds to and its cut-off.
struct PruneStep {
  const char* sql;
  int64_t* deleted;
  Timestamp before;
};
inline std::array<PruneStep, 3> PruneSteps(PruneCounts& counts, Timestamp events_before,
                                           Timestamp tracking_before) {
  return {{{kPruneEventsSql, &counts.events, events_before},
           {kPruneHoursSql, &counts.tracking_hours, tracking_before},
           {kPruneFeedbackSql, &counts.feedback, tracking_before}}};
}

inline OpsCount ReadOpsCount(const Row& row) { return {row.Text(0), row.Text(1), row.Int(2)}; }

}  // namespace pregon::store

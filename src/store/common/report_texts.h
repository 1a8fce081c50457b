// What both backends say about report requests and loads, written once.
#pragma once

#include <string>

#include "core/status.h"
#include "store/roles/report_store.h"

namespace pregon::store {

// NotFound: no report request has this id.
Status ReportRequestNotFound(int64_t id);
// Conflict: the lease of a claimed request was lost before its step was saved.
Status LostReportLease(const ReportLease& lease);
// AlreadyExists: the request is loaded in this database and replace was not asked for.
Status ReportAlreadyLoaded(int64_t request_id, int64_t rows);

// FailedPrecondition: the campaign's reports were already asked for (by another node).
Status PostSendReportsAlreadyStarted(int64_t campaign_id);

// The SQL that settles a campaign's post_reports_status from its requests, the same on both
// backends (parameters: 1 the campaign, 2 now in Unix ms; SQLite numbers them ?1, ?2).
#define PREGON_SETTLE_POST_REPORTS(P1, P2)                                                 \
  "UPDATE campaigns SET "                                                                  \
  "post_reports_status = CASE "                                                            \
  "  WHEN EXISTS (SELECT 1 FROM report_requests WHERE campaign_id = " P1                   \
  "    AND state = 'error') THEN 'error' "                                                 \
  "  WHEN NOT EXISTS (SELECT 1 FROM report_requests WHERE campaign_id = " P1               \
  "    AND default_loaded_at IS NULL) THEN 'done' "                                        \
  "  ELSE post_reports_status END, "                                                       \
  "post_reports_error = COALESCE((SELECT type || ': ' || last_error FROM report_requests " \
  "  WHERE campaign_id = " P1                                                              \
  " AND state = 'error' ORDER BY id LIMIT 1), ''), "                                       \
  "post_reports_loaded_at = CASE WHEN NOT EXISTS (SELECT 1 FROM report_requests "          \
  "  WHERE campaign_id = " P1                                                              \
  " AND default_loaded_at IS NULL) "                                                       \
  "  THEN COALESCE(post_reports_loaded_at, " P2                                            \
  ") ELSE post_reports_loaded_at END "                                                     \
  "WHERE id = " P1                                                                         \
  " AND post_reports_status IN ('pending', 'error', 'done') "                              \
  "RETURNING post_reports_status"

// The rows LoadReport inserts at once: large enough to amortise a statement, small enough
// that a chunk never costs much memory.
inline constexpr size_t kReportLoadChunk = 1000;

}  // namespace pregon::store

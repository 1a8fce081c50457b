// What both backends say about report requests and loads, written once.
#pragma once

#include <string>

#include "core/status.h"
#include "store/common/row.h"
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

// Retrying a campaign's failed post-send reports, one text for both backends. SQLite numbers
// `$n` parameters in order of first appearance, so these are bound by name there.
// Candidates: ($1 max retries, $2 failed before, $3 limit) -> (id, retries, error).
inline constexpr const char* kPostSendRetryCandidatesSql =
    "SELECT c.id, c.post_reports_retries, c.post_reports_error FROM campaigns c "
    "WHERE c.post_reports_status = 'error' AND c.post_reports_retries < $1 "
    "AND NOT EXISTS (SELECT 1 FROM report_requests r WHERE r.campaign_id = c.id "
    "AND r.state = 'error' AND r.updated_at > $2) ORDER BY c.id LIMIT $3";
// ($1 campaign, $2 now): 0 rows when another node retried it first.
inline constexpr const char* kPostSendRetryCampaignSql =
    "UPDATE campaigns SET post_reports_status = 'pending', "
    "post_reports_retries = post_reports_retries + 1, post_reports_error = '', updated_at = $2 "
    "WHERE id = $1 AND post_reports_status = 'error'";
// ($1 campaign, $2 now): its failed requests start over, due now.
inline constexpr const char* kPostSendRetryRequestsSql =
    "UPDATE report_requests SET state = 'pending', provider_request_id = '', file_path = '', "
    "attempts = 0, last_error = '', not_before = $2, polling_since = NULL, owner = NULL, "
    "lease_until = NULL, updated_at = $2 WHERE campaign_id = $1 AND state = 'error'";

// Reconciliation SQL, one text for both backends ($1 is the campaign; SQLite reads $1 as its
// first parameter too). The newest report of a type loaded into the default database:
#define PREGON_NEWEST_LOADED(TYPE)                                           \
  "(SELECT id FROM report_requests WHERE campaign_id = $1 AND type = '" TYPE \
  "' AND default_loaded_at IS NOT NULL ORDER BY id DESC LIMIT 1)"
// Deliveries pregon sent whose address that report does (IN) or does not (NOT) name.
#define PREGON_SENT_NAMED_BY(NOT, TYPE)                                                        \
  "(SELECT COUNT(*) FROM deliveries d WHERE d.campaign_id = $1 AND d.status = 'sent' AND " NOT \
  " EXISTS (SELECT 1 FROM report_rows r WHERE r.report_request_id = " PREGON_NEWEST_LOADED(    \
      TYPE) " AND r.email = d.address))"
// (newest sent report id or NULL, sent by pregon, missing at the provider, bounced,
// complained, unsubscribed)
inline constexpr const char* kReconcileSql =
    "SELECT " PREGON_NEWEST_LOADED("sent") ", "
    "(SELECT COUNT(*) FROM deliveries WHERE campaign_id = $1 AND status = 'sent'), "
    PREGON_SENT_NAMED_BY("NOT", "sent") ", " PREGON_SENT_NAMED_BY("", "bounces") ", "
    PREGON_SENT_NAMED_BY("", "spam") ", " PREGON_SENT_NAMED_BY("", "unsubscribed");
// The first $2 addresses sent by pregon that the sent report lacks.
inline constexpr const char* kMissingAtProviderSql =
    "SELECT d.address FROM deliveries d WHERE d.campaign_id = $1 AND d.status = 'sent' AND "
    "NOT EXISTS (SELECT 1 FROM report_rows r WHERE r.report_request_id = " PREGON_NEWEST_LOADED(
        "sent") " AND r.email = d.address) ORDER BY d.seq LIMIT $2";
// Breakdowns ($1 campaign, $2 top) -> (label, count, total). DOMAIN is the backend's
// expression for the domain of `email`.
inline constexpr const char* kTopBounceReasonsSql =
    "SELECT status, COUNT(*) AS n, 0 FROM report_rows WHERE report_request_id "
    "= " PREGON_NEWEST_LOADED("bounces") " GROUP BY status ORDER BY n DESC, status LIMIT $2";
#define PREGON_OPENS_BY_DOMAIN_SQL(DOMAIN)                                                       \
  "SELECT " DOMAIN                                                                               \
  " AS mail_domain, COUNT(DISTINCT email) AS openers, "                                          \
  "CAST(SUM(opens) AS BIGINT) FROM report_rows WHERE report_request_id = " PREGON_NEWEST_LOADED( \
      "opens") " GROUP BY " DOMAIN " ORDER BY openers DESC, mail_domain LIMIT $2"
// Reads a breakdown's row.
ReportTally ReadReportTally(const Row& row);

// A page of a campaign's deliveries with the provider's word on each ($1 campaign, $2 after
// seq, $3 limit): (seq, address, status, attempts, last error, sent at, provider status,
// opens, clicks).
#define PREGON_PROVIDER_ROW(COL)                                             \
  "(SELECT r." COL                                                           \
  " FROM report_rows r WHERE r.report_request_id = (SELECT id FROM newest) " \
  "AND r.email = d.address ORDER BY r.line LIMIT 1)"
inline constexpr const char* kDeliveriesPageSql =
    "WITH newest AS (SELECT id FROM report_requests WHERE campaign_id = $1 "
    "AND type IN ('deliveries', 'sent') AND default_loaded_at IS NOT NULL "
    "ORDER BY CASE type WHEN 'deliveries' THEN 0 ELSE 1 END, id DESC LIMIT 1) "
    "SELECT d.seq, d.address, d.status, d.attempts, COALESCE(d.last_error, ''), "
    "CASE WHEN d.status = 'sent' THEN d.updated_at END, " PREGON_PROVIDER_ROW("status") ", "
    PREGON_PROVIDER_ROW("opens") ", " PREGON_PROVIDER_ROW("clicks") " FROM deliveries d "
    "WHERE d.campaign_id = $1 AND d.seq > $2 ORDER BY d.seq LIMIT $3";
DeliveryExportRow ReadDeliveryExportRow(const Row& row);

// Reads kReconcileSql's row (nullopt when no sent report is loaded).
std::optional<ReportReconciliation> ReadReconciliation(const Row& row);

// A campaign's report view (its reconciliation and breakdowns, above) is worked out when one
// of its reports is loaded into the default database (MarkReportLoaded) and kept in
// campaign_report_views, so View report reads one row instead of reconciling a million: the
// deliveries a finished campaign sent no longer change, its reports change only by a load.
// A campaign whose reports were loaded before schema v13 has no view kept: it is reconciled
// on each read until a report of it is loaded again.
inline constexpr int kKeptMissingSample = 100;  // missing addresses kept (a read shows fewer)
inline constexpr int kKeptBreakdownTop = 50;    // lines of each breakdown kept
// ($1 request) -> its campaign, or no row / NULL.
inline constexpr const char* kRequestCampaignSql =
    "SELECT campaign_id FROM report_requests WHERE id = $1 AND campaign_id IS NOT NULL";
// ($1 campaign, $2 at, $3 reconciliation text, $4 breakdowns text).
inline constexpr const char* kKeepReportViewSql =
    "INSERT INTO campaign_report_views (campaign_id, computed_at, reconciliation, breakdowns) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (campaign_id) DO UPDATE SET "
    "computed_at = EXCLUDED.computed_at, reconciliation = EXCLUDED.reconciliation, "
    "breakdowns = EXCLUDED.breakdowns";
// ($1 campaign) -> (reconciliation text, breakdowns text).
inline constexpr const char* kKeptReportViewSql =
    "SELECT reconciliation, breakdowns FROM campaign_report_views WHERE campaign_id = $1";
// The texts kept, and read back with at most `sample` missing addresses and `top` lines.
// "" is "no sent report loaded".
std::string ReconciliationText(const std::optional<ReportReconciliation>& r);
std::optional<ReportReconciliation> ReconciliationFromText(const std::string& text, int sample);
std::string BreakdownsText(const ReportBreakdowns& b);
ReportBreakdowns BreakdownsFromText(const std::string& text, int top);

// The rows LoadReport inserts at once: large enough to amortise a statement, small enough
// that a chunk never costs much memory.
inline constexpr size_t kReportLoadChunk = 1000;

}  // namespace pregon::store

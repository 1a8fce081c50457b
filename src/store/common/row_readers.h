// Row-to-struct readers, one per stored struct, shared by both backends. Each reads the
// columns its COLUMNS macro names, in that order, starting at the Row's column 0; a backend's
// query selects those columns (qualified as its joins need) and hands the row over.
#pragma once

#include "core/campaign.h"
#include "core/contact.h"
#include "core/delivery.h"
#include "core/report_request.h"
#include "core/report_rows.h"
#include "core/sender.h"
#include "core/suppression.h"
#include "core/user.h"
#include "store/common/row.h"
#include "store/roles/campaign_store.h"
#include "store/roles/report_store.h"

namespace pregon::store {

#define PREGON_CAMPAIGN_COLUMNS                                                           \
  "id, name, sender_id, list_id, subject, text_body, html_body, reply_to, status, "       \
  "batch_size, batch_pause_ms, rate, max_attempts, guarantee, window_start, window_end, " \
  "time_zone, scheduled_at, started_at, completed_at, created_at, post_reports_status, "  \
  "parse_mode, template_id, tracking"
inline constexpr int kCampaignColumnCount = 25;  // of PREGON_CAMPAIGN_COLUMNS
// Attachments are not read (they live in their own table).
Campaign ReadCampaign(const Row& row);

#define PREGON_SENDER_COLUMNS                                                           \
  "id, name, kind, base_url, api_key, auth_scheme, account_id, from_email, from_name, " \
  "bot_token, smtp_url, rate, burst, concurrency, time_zone, paused_until"
Sender ReadSender(const Row& row);

#define PREGON_USER_COLUMNS "u.id, u.username, u.role, u.password_hash, u.created_at, u.language"
inline constexpr int kUserColumns = 6;  // columns selected after them start at this index
User ReadUser(const Row& row);

#define PREGON_SESSION_COLUMNS "s.id_hash, s.user_id, s.csrf_hash, s.created_at, s.expires_at"
Session ReadSession(const Row& row);

// (id, email, chat_id, name, fields)
Contact ReadContact(const Row& row);

#define PREGON_DELIVERY_COLUMNS                                                         \
  "id, campaign_id, seq, contact_id, address, status, attempts, COALESCE(provider_id, " \
  "''), COALESCE(last_error, ''), updated_at"
Delivery ReadDelivery(const Row& row);

// (id, name, member count): PREGON_LIST_SELECT, followed by a WHERE clause.
#define PREGON_LIST_SELECT "SELECT l.id, l.name, l.member_count FROM lists l "
ContactList ReadList(const Row& row);
// ($1 members added, $2 list): keeps lists.member_count, in the import's transaction.
inline constexpr const char* kAddListMembersSql =
    "UPDATE lists SET member_count = member_count + $1 WHERE id = $2";

// (address, reason, campaign_id, created_at)
Suppression ReadSuppression(const Row& row);

// ($1 since, $2 limit) -> the events a provider's throttle or refusal logged (kinds throttled
// and sender_blocked; engine/dispatcher.cpp) across campaigns, newest first, as
// ReadCampaignEvent reads them. Its WHERE repeats the partial index campaign_events_provider
// (schema v13) word for word, so neither backend scans the whole log.
inline constexpr const char* kProviderEventsSql =
    "SELECT id, campaign_id, ts, kind, message, request_id FROM campaign_events "
    "WHERE kind IN ('throttled', 'sender_blocked') AND ts >= $1 ORDER BY id DESC LIMIT $2";
// (id, campaign_id, ts, kind, message, request_id)
CampaignEvent ReadCampaignEvent(const Row& row);

// (delivery id, seq, contact id, address, attempts including this one, name, fields)
DeliveryTask ReadTask(const Row& row);

// A campaign's counters: the sums of its ranges' counter columns (P names their table, "" or
// "r."), 0 when it has none. The same SQL on both backends.
#define PREGON_COUNTER_SUM(P, COL) "CAST(COALESCE(SUM(" P COL "), 0) AS BIGINT)"
#define PREGON_COUNTER_SUMS(P) \
  PREGON_COUNTER_SUM(P, "pending") ", " PREGON_COUNTER_SUM(P, "in_flight") ", "           \
  PREGON_COUNTER_SUM(P, "sent") ", " PREGON_COUNTER_SUM(P, "failed") ", "                 \
  PREGON_COUNTER_SUM(P, "unavailable") ", " PREGON_COUNTER_SUM(P, "suppressed") ", "      \
  PREGON_COUNTER_SUM(P, "unknown") ", " PREGON_COUNTER_SUM(P, "cancelled")
// The eight PREGON_COUNTER_SUMS columns, from column `first` (NULLs, of a campaign with no
// ranges in an outer join, read as 0).
Counters ReadCounters(const Row& row, int first);

#define PREGON_REPORT_REQUEST_COLUMNS                                                           \
  "id, campaign_id, sender_id, type, day_from, day_to, time_zone, state, provider_request_id, " \
  "file_path, row_count, bad_rows, attempts, last_error, not_before, polling_since, "           \
  "default_loaded_at, analytics_loaded_at, created_at, updated_at"
ReportRequest ReadReportRequest(const Row& row);

// The columns of report_rows, with date as ISO 8601 UTC text (NULL when none) and extra as
// JSON text; a backend whose columns have other types converts them in its own SELECT.
#define PREGON_REPORT_ROW_COLUMNS \
  "line, email, subject, sender, sender_name, status, date, date_local, opens, clicks, extra"
ReportRow ReadReportRow(const Row& row);

// (report_request_id, campaign_id, type, row_count, loaded_at as ISO 8601 UTC text)
ReportLoad ReadReportLoad(const Row& row);

}  // namespace pregon::store

// SqliteStore: post-send report requests (ReportRequestStore).
#include "store/common/report_texts.h"
#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {
namespace {

void BindOptional(SQLite::Statement& q, int index, const std::optional<int64_t>& value) {
  if (value)
    q.bind(index, *value);
  else
    q.bind(index);
}

void BindOptional(SQLite::Statement& q, int index, const std::optional<Timestamp>& value) {
  BindOptional(q, index, value ? std::optional<int64_t>(Ms(*value)) : std::nullopt);
}

// The campaign's reconciliation, worked out from its deliveries and loaded reports.
std::optional<ReportReconciliation> Reconcile(SqliteDb& db, int64_t campaign_id, int sample) {
  auto& q = db.Prepare(kReconcileSql);
  q.bind(1, campaign_id);
  q.executeStep();
  auto result = ReadReconciliation(SqliteRow(q));
  q.reset();
  if (!result) return result;
  auto& missing = db.Prepare(kMissingAtProviderSql);
  missing.bind(1, campaign_id);
  missing.bind(2, sample);
  while (missing.executeStep()) result->missing_sample.push_back(missing.getColumn(0).getString());
  missing.reset();
  return result;
}

// The campaign's breakdowns, counted from its loaded reports.
ReportBreakdowns BreakDown(SqliteDb& db, int64_t campaign_id, int top) {
  static const char* kOpensByDomain =
      PREGON_OPENS_BY_DOMAIN_SQL("substr(email, instr(email, '@') + 1)");
  ReportBreakdowns out;
  auto tally = [&](const char* sql, std::vector<ReportTally>& into) {
    auto& q = db.Prepare(sql);
    q.bind(1, campaign_id);
    q.bind(2, top);
    while (q.executeStep()) into.push_back(ReadReportTally(SqliteRow(q)));
    q.reset();
  };
  tally(kTopBounceReasonsSql, out.bounce_reasons);
  tally(kOpensByDomain, out.opens_by_domain);
  return out;
}

// Works out and keeps the report view of the campaign of `request_id` (none: nothing to do).
// REQUIRES: inside a transaction.
void KeepReportView(SqliteDb& db, int64_t request_id, Timestamp at) {
  auto& q = db.Prepare(kRequestCampaignSql);
  q.bind(1, request_id);
  if (!q.executeStep()) return;
  const int64_t campaign_id = q.getColumn(0).getInt64();
  q.reset();
  const std::string reconciliation =
      ReconciliationText(Reconcile(db, campaign_id, kKeptMissingSample));
  const std::string breakdowns = BreakdownsText(BreakDown(db, campaign_id, kKeptBreakdownTop));
  auto& keep = db.Prepare(kKeepReportViewSql);
  SQLite::bind(keep, campaign_id, Ms(at), reconciliation, breakdowns);
  keep.exec();
}

// The kept (reconciliation, breakdowns) texts of a campaign, or nullopt when none is kept.
std::optional<std::pair<std::string, std::string>> KeptReportView(SqliteDb& db,
                                                                  int64_t campaign_id) {
  auto& q = db.Prepare(kKeptReportViewSql);
  q.bind(1, campaign_id);
  if (!q.executeStep()) return std::nullopt;
  auto kept = std::make_pair(q.getColumn(0).getString(), q.getColumn(1).getString());
  q.reset();
  return kept;
}

// REQUIRES: inside a transaction.
int64_t InsertReportRequest(SqliteDb& db, const NewReportRequest& r, Timestamp now) {
  auto& q = db.Prepare(
      "INSERT INTO report_requests (campaign_id, sender_id, type, day_from, day_to, "
      "time_zone, not_before, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?7, ?7)");
  BindOptional(q, 1, r.campaign_id);
  q.bind(2, r.sender_id);
  q.bind(3, std::string(ReportTypeName(r.type)));
  q.bind(4, r.day_from);
  q.bind(5, r.day_to);
  q.bind(6, r.time_zone);
  q.bind(7, Ms(now));
  q.exec();
  return db.db().getLastInsertRowid();
}

}  // namespace

Result<std::vector<int64_t>> SqliteStore::CreateReportRequests(
    std::span<const NewReportRequest> requests, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("creating report requests", [&]() REQUIRES(mu_) -> Result<std::vector<int64_t>> {
    SqliteTx tx(*db_);
    std::vector<int64_t> ids;
    for (const auto& r : requests) ids.push_back(InsertReportRequest(*db_, r, now));
    tx.Commit();
    return ids;
  });
}

Result<ReportRequest> SqliteStore::GetReportRequest(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading report request", [&]() REQUIRES(mu_) -> Result<ReportRequest> {
    auto& q =
        db_->Prepare("SELECT " PREGON_REPORT_REQUEST_COLUMNS " FROM report_requests WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return ReportRequestNotFound(id);
    return ReadReportRequest(SqliteRow(q));
  });
}

Result<std::vector<ReportRequest>> SqliteStore::ListReportRequests(
    const ReportRequestQuery& query) {
  SqliteSession session(mu_, *db_);
  return Guard(
      "listing report requests", [&]() REQUIRES(mu_) -> Result<std::vector<ReportRequest>> {
        auto& q = db_->Prepare("SELECT " PREGON_REPORT_REQUEST_COLUMNS
                               " FROM report_requests WHERE (?1 IS NULL OR campaign_id = ?1) "
                               "AND (?2 = '' OR state = ?2) AND (?3 = 0 OR id < ?3) "
                               "ORDER BY id DESC LIMIT ?4");
        BindOptional(q, 1, query.campaign_id);
        q.bind(2, query.state ? std::string(ReportStateName(*query.state)) : "");
        q.bind(3, query.before_id);
        q.bind(4, query.limit);
        std::vector<ReportRequest> out;
        while (q.executeStep()) out.push_back(ReadReportRequest(SqliteRow(q)));
        return out;
      });
}

Result<std::optional<ReportLease>> SqliteStore::ClaimReportRequest(std::string_view owner,
                                                                   Timestamp now, Millis ttl) {
  SqliteSession session(mu_, *db_);
  return Guard("claiming a report request",
               [&]() REQUIRES(mu_) -> Result<std::optional<ReportLease>> {
                 SqliteTx tx(*db_);
                 auto& q = db_->Prepare(
                     "UPDATE report_requests SET owner = ?1, lease_until = ?2, "
                     "lease_epoch = lease_epoch + 1 WHERE id = ("
                     "  SELECT id FROM report_requests WHERE state IN ('pending', 'processing') "
                     "  AND not_before <= ?3 AND (lease_until IS NULL OR lease_until <= ?3) "
                     "  ORDER BY not_before, id LIMIT 1) "
                     "RETURNING " PREGON_REPORT_REQUEST_COLUMNS ", lease_epoch");
                 q.bind(1, std::string(owner));
                 q.bind(2, Ms(now + ttl));
                 q.bind(3, Ms(now));
                 if (!q.executeStep()) return std::optional<ReportLease>();
                 ReportLease lease{ReadReportRequest(SqliteRow(q)), std::string(owner),
                                   q.getColumn(20).getInt64()};
                 q.reset();
                 tx.Commit();
                 return std::optional<ReportLease>(std::move(lease));
               });
}

Status SqliteStore::SaveReportStep(const ReportLease& lease, const ReportStep& step,
                                   Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("saving a report step", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare(
        "UPDATE report_requests SET state = ?1, provider_request_id = ?2, file_path = ?3, "
        "attempts = ?4, last_error = ?5, not_before = ?6, polling_since = ?7, updated_at = ?8, "
        "owner = NULL, lease_until = NULL "
        "WHERE id = ?9 AND owner = ?10 AND lease_epoch = ?11");
    q.bind(1, std::string(ReportStateName(step.state)));
    q.bind(2, step.provider_request_id);
    q.bind(3, step.file_path);
    q.bind(4, step.attempts);
    q.bind(5, step.last_error);
    q.bind(6, Ms(step.not_before));
    BindOptional(q, 7, step.polling_since);
    q.bind(8, Ms(now));
    q.bind(9, lease.request.id);
    q.bind(10, lease.owner);
    q.bind(11, lease.lease_epoch);
    if (q.exec() == 0) return LostReportLease(lease);
    return Status::Ok();
  });
}

Status SqliteStore::MarkReportLoaded(int64_t id, ReportAlias alias, int64_t rows, int64_t bad_rows,
                                     Timestamp at) {
  SqliteSession session(mu_, *db_);
  return Guard("marking a report loaded", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "UPDATE report_requests SET row_count = ?2, bad_rows = ?3, updated_at = ?4, "
        "default_loaded_at = CASE WHEN ?5 THEN ?4 ELSE default_loaded_at END, "
        "analytics_loaded_at = CASE WHEN ?5 THEN analytics_loaded_at ELSE ?4 END "
        "WHERE id = ?1");
    q.bind(1, id);
    q.bind(2, rows);
    q.bind(3, bad_rows);
    q.bind(4, Ms(at));
    q.bind(5, alias == ReportAlias::kDefault);
    if (q.exec() == 0) return ReportRequestNotFound(id);
    if (alias == ReportAlias::kDefault) KeepReportView(*db_, id, at);
    tx.Commit();
    return Status::Ok();
  });
}

Result<int64_t> SqliteStore::HastenReportRequests(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("making pending reports due", [&]() REQUIRES(mu_) -> Result<int64_t> {
    auto& q = db_->Prepare(
        "UPDATE report_requests SET not_before = MIN(not_before, ?1) "
        "WHERE state IN ('pending', 'processing')");
    q.bind(1, Ms(now));
    return static_cast<int64_t>(q.exec());
  });
}

Result<std::optional<Timestamp>> SqliteStore::NextReportStep() {
  SqliteSession session(mu_, *db_);
  return Guard("reading the next report step",
               [&]() REQUIRES(mu_) -> Result<std::optional<Timestamp>> {
                 auto& q = db_->Prepare(
                     "SELECT MIN(MAX(not_before, COALESCE(lease_until, 0))) FROM report_requests "
                     "WHERE state IN ('pending', 'processing')");
                 q.executeStep();
                 if (q.getColumn(0).isNull()) return std::optional<Timestamp>();
                 return std::optional<Timestamp>(FromUnixMillis(q.getColumn(0).getInt64()));
               });
}

Result<std::vector<Campaign>> SqliteStore::CampaignsAwaitingReports(Timestamp finished_before,
                                                                    int limit) {
  SqliteSession session(mu_, *db_);
  return Guard(
      "finding campaigns awaiting reports", [&]() REQUIRES(mu_) -> Result<std::vector<Campaign>> {
        auto& q = db_->Prepare("SELECT " PREGON_CAMPAIGN_COLUMNS
                               " FROM campaigns WHERE status IN ('done', 'partial') "
                               "AND post_reports_status = 'none' AND completed_at <= ?1 "
                               "AND sender_id IN (SELECT id FROM senders WHERE kind = 'relay') "
                               "ORDER BY completed_at, id LIMIT ?2");
        q.bind(1, Ms(finished_before));
        q.bind(2, limit);
        std::vector<Campaign> out;
        while (q.executeStep()) out.push_back(ReadCampaign(SqliteRow(q)));
        return out;
      });
}

Status SqliteStore::StartPostSendReports(int64_t campaign_id,
                                         std::span<const NewReportRequest> requests,
                                         Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("asking for a campaign's reports", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "UPDATE campaigns SET post_reports_status = 'pending', updated_at = ?2 "
        "WHERE id = ?1 AND post_reports_status = 'none'");
    q.bind(1, campaign_id);
    q.bind(2, Ms(now));
    if (q.exec() == 0) return PostSendReportsAlreadyStarted(campaign_id);
    for (const auto& r : requests) InsertReportRequest(*db_, r, now);
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::string> SqliteStore::SettlePostSendReports(int64_t campaign_id, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("settling a campaign's reports", [&]() REQUIRES(mu_) -> Result<std::string> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(PREGON_SETTLE_POST_REPORTS("?1", "?2"));
    q.bind(1, campaign_id);
    q.bind(2, Ms(now));
    std::string status = q.executeStep() ? q.getColumn(0).getString() : "none";
    q.reset();
    tx.Commit();
    return status;
  });
}

Result<std::vector<PostSendRetry>> SqliteStore::RetryPostSendReports(Timestamp failed_before,
                                                                     int max_retries, int limit,
                                                                     Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("retrying failed post-send reports",
               [&]() REQUIRES(mu_) -> Result<std::vector<PostSendRetry>> {
                 std::vector<PostSendRetry> candidates;
                 auto& q = db_->Prepare(kPostSendRetryCandidatesSql);
                 q.bind("$1", max_retries);
                 q.bind("$2", Ms(failed_before));
                 q.bind("$3", limit);
                 while (q.executeStep())
                   candidates.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt() + 1,
                                         q.getColumn(2).getString()});
                 q.reset();
                 std::vector<PostSendRetry> retried;
                 for (auto& c : candidates) {
                   SqliteTx tx(*db_);
                   auto& campaign = db_->Prepare(kPostSendRetryCampaignSql);
                   campaign.bind("$1", c.campaign_id);
                   campaign.bind("$2", Ms(now));
                   if (campaign.exec() == 0) continue;
                   auto& requests = db_->Prepare(kPostSendRetryRequestsSql);
                   requests.bind("$1", c.campaign_id);
                   requests.bind("$2", Ms(now));
                   requests.exec();
                   tx.Commit();
                   retried.push_back(std::move(c));
                 }
                 return retried;
               });
}

Result<ReportBreakdowns> SqliteStore::CampaignReportBreakdowns(int64_t campaign_id, int top) {
  SqliteSession session(mu_, *db_);
  return Guard("breaking down a campaign's reports",
               [&]() REQUIRES(mu_) -> Result<ReportBreakdowns> {
                 if (top <= kKeptBreakdownTop)
                   if (auto kept = KeptReportView(*db_, campaign_id))
                     return BreakdownsFromText(kept->second, top);
                 return BreakDown(*db_, campaign_id, top);
               });
}

Result<std::vector<DeliveryExportRow>> SqliteStore::CampaignDeliveriesPage(int64_t campaign_id,
                                                                           int64_t after_seq,
                                                                           int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("exporting a campaign's deliveries",
               [&]() REQUIRES(mu_) -> Result<std::vector<DeliveryExportRow>> {
                 auto& q = db_->Prepare(kDeliveriesPageSql);
                 q.bind(1, campaign_id);
                 q.bind(2, after_seq);
                 q.bind(3, limit);
                 std::vector<DeliveryExportRow> out;
                 while (q.executeStep()) out.push_back(ReadDeliveryExportRow(SqliteRow(q)));
                 q.reset();
                 return out;
               });
}

Result<std::optional<ReportReconciliation>> SqliteStore::ReconcileCampaign(int64_t campaign_id,
                                                                           int sample) {
  SqliteSession session(mu_, *db_);
  return Guard("reconciling a campaign with its reports",
               [&]() REQUIRES(mu_) -> Result<std::optional<ReportReconciliation>> {
                 if (sample <= kKeptMissingSample)
                   if (auto kept = KeptReportView(*db_, campaign_id))
                     return ReconciliationFromText(kept->first, sample);
                 return Reconcile(*db_, campaign_id, sample);
               });
}

}  // namespace pregon::store

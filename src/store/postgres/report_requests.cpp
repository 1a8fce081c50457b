// PostgresStore: post-send report requests (ReportRequestStore).
#include "store/common/report_texts.h"
#include "store/common/row_readers.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {
namespace {

// The campaign's reconciliation, worked out from its deliveries and loaded reports.
std::optional<ReportReconciliation> Reconcile(PgTx& tx, int64_t campaign_id, int sample) {
  auto result = ReadReconciliation(PgRow(tx.Exec(kReconcileSql, campaign_id)[0]));
  if (!result) return result;
  for (const auto& r : tx.Exec(kMissingAtProviderSql, campaign_id, sample))
    result->missing_sample.push_back(r[0].as<std::string>());
  return result;
}

// The campaign's breakdowns, counted from its loaded reports.
ReportBreakdowns BreakDown(PgTx& tx, int64_t campaign_id, int top) {
  static const char* kOpensByDomain = PREGON_OPENS_BY_DOMAIN_SQL("split_part(email, '@', 2)");
  ReportBreakdowns out;
  for (const auto& r : tx.Exec(kTopBounceReasonsSql, campaign_id, top))
    out.bounce_reasons.push_back(ReadReportTally(PgRow(r)));
  for (const auto& r : tx.Exec(kOpensByDomain, campaign_id, top))
    out.opens_by_domain.push_back(ReadReportTally(PgRow(r)));
  return out;
}

// Works out and keeps the report view of the campaign of `request_id` (none: nothing to do).
void KeepReportView(PgTx& tx, int64_t request_id, Timestamp at) {
  const auto campaign = tx.Exec(kRequestCampaignSql, request_id);
  if (campaign.empty()) return;
  const int64_t campaign_id = campaign[0][0].as<int64_t>();
  tx.Exec(kKeepReportViewSql, campaign_id, Ms(at),
          ReconciliationText(Reconcile(tx, campaign_id, kKeptMissingSample)),
          BreakdownsText(BreakDown(tx, campaign_id, kKeptBreakdownTop)));
}

// The kept (reconciliation, breakdowns) texts of a campaign, or nullopt when none is kept.
std::optional<std::pair<std::string, std::string>> KeptReportView(PgTx& tx, int64_t campaign_id) {
  const auto r = tx.Exec(kKeptReportViewSql, campaign_id);
  if (r.empty()) return std::nullopt;
  return std::make_pair(r[0][0].as<std::string>(), r[0][1].as<std::string>());
}

int64_t InsertReportRequest(PgTx& tx, const NewReportRequest& r, Timestamp now) {
  static const char* kSql =
      "INSERT INTO report_requests (campaign_id, sender_id, type, day_from, day_to, "
      "time_zone, not_before, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
      "$7, $7) RETURNING id";
  return tx
      .Exec(kSql, r.campaign_id, r.sender_id, std::string(ReportTypeName(r.type)), r.day_from,
            r.day_to, r.time_zone, Ms(now))[0][0]
      .as<int64_t>();
}

}  // namespace

Result<std::vector<int64_t>> PostgresStore::CreateReportRequests(
    std::span<const NewReportRequest> requests, Timestamp now) {
  return session_->Transact("creating report requests",
                            [&](PgTx& tx) -> Result<std::vector<int64_t>> {
                              std::vector<int64_t> ids;
                              for (const auto& r : requests)
                                ids.push_back(InsertReportRequest(tx, r, now));
                              return ids;
                            });
}

Result<ReportRequest> PostgresStore::GetReportRequest(int64_t id) {
  return session_->Transact("reading report request", [&](PgTx& tx) -> Result<ReportRequest> {
    static const char* kSql =
        "SELECT " PREGON_REPORT_REQUEST_COLUMNS " FROM report_requests WHERE id = $1";
    auto r = tx.Exec(kSql, id);
    if (r.empty()) return ReportRequestNotFound(id);
    return ReadReportRequest(PgRow(r[0]));
  });
}

Result<std::vector<ReportRequest>> PostgresStore::ListReportRequests(
    const ReportRequestQuery& query) {
  return session_->Transact(
      "listing report requests", [&](PgTx& tx) -> Result<std::vector<ReportRequest>> {
        static const char* kSql =
            "SELECT " PREGON_REPORT_REQUEST_COLUMNS
            " FROM report_requests WHERE ($1::BIGINT IS NULL OR campaign_id = $1) "
            "AND ($2 = '' OR state = $2) AND ($3 = 0 OR id < $3) ORDER BY id DESC LIMIT $4";
        std::string state = query.state ? std::string(ReportStateName(*query.state)) : "";
        std::vector<ReportRequest> out;
        for (const auto& r : tx.Exec(kSql, query.campaign_id, state, query.before_id, query.limit))
          out.push_back(ReadReportRequest(PgRow(r)));
        return out;
      });
}

Result<std::optional<ReportLease>> PostgresStore::ClaimReportRequest(std::string_view owner,
                                                                     Timestamp now, Millis ttl) {
  return session_->Transact(
      "claiming a report request",
      [&](PgTx& tx) -> Result<std::optional<ReportLease>> {
        // Run again after a lost answer, an earlier attempt may have claimed a request: the
        // exact owner and lease_until it wrote find it, so it is handed out, not orphaned.
        static const char* kMine =
            "SELECT " PREGON_REPORT_REQUEST_COLUMNS
            ", lease_epoch FROM report_requests WHERE owner = $1 AND lease_until = $2 "
            "AND state IN ('pending', 'processing')";
        static const char* kSql =
            "UPDATE report_requests SET owner = $1, lease_until = $2, "
            "lease_epoch = lease_epoch + 1 WHERE id = ("
            "  SELECT id FROM report_requests WHERE state IN ('pending', 'processing') "
            "  AND not_before <= $3 AND (lease_until IS NULL OR lease_until <= $3) "
            "  ORDER BY not_before, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
            "RETURNING " PREGON_REPORT_REQUEST_COLUMNS ", lease_epoch";
        pqxx::result r;
        if (tx.attempt() > 1) r = tx.Exec(kMine, std::string(owner), Ms(now + ttl));
        if (r.empty()) r = tx.Exec(kSql, std::string(owner), Ms(now + ttl), Ms(now));
        if (r.empty()) return std::optional<ReportLease>();
        return std::optional<ReportLease>(ReportLease{ReadReportRequest(PgRow(r[0])),
                                                      std::string(owner), r[0][20].as<int64_t>()});
      },
      PgRetry::kIdempotent);
}

Status PostgresStore::SaveReportStep(const ReportLease& lease, const ReportStep& step,
                                     Timestamp now) {
  return session_->Transact("saving a report step", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE report_requests SET state = $1, provider_request_id = $2, file_path = $3, "
        "attempts = $4, last_error = $5, not_before = $6, polling_since = $7, updated_at = $8, "
        "owner = NULL, lease_until = NULL "
        "WHERE id = $9 AND owner = $10 AND lease_epoch = $11";
    auto r = tx.Exec(kSql, std::string(ReportStateName(step.state)), step.provider_request_id,
                     step.file_path, step.attempts, step.last_error, Ms(step.not_before),
                     OptionalMs(step.polling_since), Ms(now), lease.request.id, lease.owner,
                     lease.lease_epoch);
    if (r.affected_rows() == 0) return LostReportLease(lease);
    return Status::Ok();
  });
}

Status PostgresStore::MarkReportLoaded(int64_t id, ReportAlias alias, int64_t rows,
                                       int64_t bad_rows, Timestamp at) {
  return session_->Transact("marking a report loaded", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE report_requests SET row_count = $2, bad_rows = $3, updated_at = $4, "
        "default_loaded_at = CASE WHEN $5 THEN $4 ELSE default_loaded_at END, "
        "analytics_loaded_at = CASE WHEN $5 THEN analytics_loaded_at ELSE $4 END "
        "WHERE id = $1";
    if (tx.Exec(kSql, id, rows, bad_rows, Ms(at), alias == ReportAlias::kDefault).affected_rows() ==
        0)
      return ReportRequestNotFound(id);
    if (alias == ReportAlias::kDefault) KeepReportView(tx, id, at);
    return Status::Ok();
  });
}

Result<int64_t> PostgresStore::HastenReportRequests(Timestamp now) {
  return session_->Transact("making pending reports due", [&](PgTx& tx) -> Result<int64_t> {
    static const char* kSql =
        "UPDATE report_requests SET not_before = LEAST(not_before, $1) "
        "WHERE state IN ('pending', 'processing')";
    return static_cast<int64_t>(tx.Exec(kSql, Ms(now)).affected_rows());
  });
}

Result<std::optional<Timestamp>> PostgresStore::NextReportStep() {
  return session_->Transact(
      "reading the next report step", [&](PgTx& tx) -> Result<std::optional<Timestamp>> {
        static const char* kSql =
            "SELECT MIN(GREATEST(not_before, COALESCE(lease_until, 0))) FROM report_requests "
            "WHERE state IN ('pending', 'processing')";
        return OptionalTime(tx.Exec(kSql)[0][0]);
      });
}

Result<std::vector<Campaign>> PostgresStore::CampaignsAwaitingReports(Timestamp finished_before,
                                                                      int limit) {
  return session_->Transact(
      "finding campaigns awaiting reports", [&](PgTx& tx) -> Result<std::vector<Campaign>> {
        static const char* kSql = "SELECT " PREGON_CAMPAIGN_COLUMNS
                                  " FROM campaigns WHERE status IN ('done', 'partial') "
                                  "AND post_reports_status = 'none' AND completed_at <= $1 "
                                  "AND sender_id IN (SELECT id FROM senders WHERE kind = 'relay') "
                                  "ORDER BY completed_at, id LIMIT $2";
        std::vector<Campaign> out;
        for (const auto& r : tx.Exec(kSql, Ms(finished_before), limit))
          out.push_back(ReadCampaign(PgRow(r)));
        return out;
      });
}

Status PostgresStore::StartPostSendReports(int64_t campaign_id,
                                           std::span<const NewReportRequest> requests,
                                           Timestamp now) {
  return session_->Transact("asking for a campaign's reports", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE campaigns SET post_reports_status = 'pending', updated_at = $2 "
        "WHERE id = $1 AND post_reports_status = 'none'";
    if (tx.Exec(kSql, campaign_id, Ms(now)).affected_rows() == 0)
      return PostSendReportsAlreadyStarted(campaign_id);
    for (const auto& r : requests) InsertReportRequest(tx, r, now);
    return Status::Ok();
  });
}

Result<std::string> PostgresStore::SettlePostSendReports(int64_t campaign_id, Timestamp now) {
  return session_->Transact("settling a campaign's reports", [&](PgTx& tx) -> Result<std::string> {
    static const char* kSql = PREGON_SETTLE_POST_REPORTS("$1", "$2");
    auto r = tx.Exec(kSql, campaign_id, Ms(now));
    return r.empty() ? std::string("none") : r[0][0].as<std::string>();
  });
}

Result<std::vector<PostSendRetry>> PostgresStore::RetryPostSendReports(Timestamp failed_before,
                                                                       int max_retries, int limit,
                                                                       Timestamp now) {
  PREGON_ASSIGN_OR_RETURN(
      std::vector<PostSendRetry> candidates,
      session_->Transact(
          "finding failed post-send reports", [&](PgTx& tx) -> Result<std::vector<PostSendRetry>> {
            std::vector<PostSendRetry> out;
            for (const auto& r :
                 tx.Exec(kPostSendRetryCandidatesSql, max_retries, Ms(failed_before), limit))
              out.push_back({r[0].as<int64_t>(), r[1].as<int>() + 1, r[2].as<std::string>()});
            return out;
          }));
  std::vector<PostSendRetry> retried;
  for (auto& c : candidates) {
    PREGON_ASSIGN_OR_RETURN(
        bool won,
        session_->Transact("retrying a campaign's reports", [&](PgTx& tx) -> Result<bool> {
          if (tx.Exec(kPostSendRetryCampaignSql, c.campaign_id, Ms(now)).affected_rows() == 0)
            return false;
          tx.Exec(kPostSendRetryRequestsSql, c.campaign_id, Ms(now));
          return true;
        }));
    if (won) retried.push_back(std::move(c));
  }
  return retried;
}

Result<ReportBreakdowns> PostgresStore::CampaignReportBreakdowns(int64_t campaign_id, int top) {
  return session_->Transact("breaking down a campaign's reports",
                            [&](PgTx& tx) -> Result<ReportBreakdowns> {
                              if (top <= kKeptBreakdownTop)
                                if (auto kept = KeptReportView(tx, campaign_id))
                                  return BreakdownsFromText(kept->second, top);
                              return BreakDown(tx, campaign_id, top);
                            });
}

Result<std::vector<DeliveryExportRow>> PostgresStore::CampaignDeliveriesPage(int64_t campaign_id,
                                                                             int64_t after_seq,
                                                                             int limit) {
  return session_->Transact(
      "exporting a campaign's deliveries", [&](PgTx& tx) -> Result<std::vector<DeliveryExportRow>> {
        std::vector<DeliveryExportRow> out;
        for (const auto& r : tx.Exec(kDeliveriesPageSql, campaign_id, after_seq, limit))
          out.push_back(ReadDeliveryExportRow(PgRow(r)));
        return out;
      });
}

Result<std::optional<ReportReconciliation>> PostgresStore::ReconcileCampaign(int64_t campaign_id,
                                                                             int sample) {
  return session_->Transact("reconciling a campaign with its reports",
                            [&](PgTx& tx) -> Result<std::optional<ReportReconciliation>> {
                              if (sample <= kKeptMissingSample)
                                if (auto kept = KeptReportView(tx, campaign_id))
                                  return ReconciliationFromText(kept->first, sample);
                              return Reconcile(tx, campaign_id, sample);
                            });
}

}  // namespace pregon::store

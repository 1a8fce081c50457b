// ReportStore: post-send report requests (core/report_request.h) and the typed rows of the
// reports loaded into a database (DESIGN §1.4).
//
// Requests are units of work like ranges: a node claims a due one under a lease, does one
// step with the provider (ask, poll, download) and saves what it learned with the next due
// time — never sleeping while it holds the lease. A node that dies mid-step loses only its
// lease; the request is claimable again once the lease expires.
//
// Loaded rows live in report_rows (a view per type, report_<type>, for BI tools), in pregon's
// own database or in the analytics one (the same role, another database). A report is loaded
// whole or not at all, in one transaction; loading it twice into one database is refused.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/campaign.h"
#include "core/clock.h"
#include "core/report_request.h"
#include "core/report_rows.h"
#include "core/status.h"

namespace pregon {

// What CreateReportRequests stores; the rest of ReportRequest starts at its defaults.
struct NewReportRequest {
  std::optional<int64_t> campaign_id;
  int64_t sender_id = 0;
  ReportType type = ReportType::kSent;
  std::string day_from, day_to, time_zone;
};

// What ListReportRequests returns: one page, newest first.
struct ReportRequestQuery {
  std::optional<int64_t> campaign_id;  // only this campaign's
  std::optional<ReportState> state;    // only in this state
  int64_t before_id = 0;               // page older than this id (0 = from the newest)
  int limit = 100;
};

// A claimed request: only its owner may save its next step, and only while lease_epoch is
// the request's.
struct ReportLease {
  ReportRequest request;
  std::string owner;
  int64_t lease_epoch = 0;
};

// The result of one step, written by SaveReportStep.
struct ReportStep {
  ReportState state = ReportState::kProcessing;
  std::string provider_request_id;
  std::string file_path;
  int attempts = 0;
  std::string last_error;
  Timestamp not_before{};
  std::optional<Timestamp> polling_since;
};

// A campaign's own ledger set against its provider's reports (DESIGN §1.4): of the messages
// pregon recorded as sent, how many the provider's sent report lacks, and how many its
// bounces, spam and unsubscribed reports name — each from the newest such report loaded into
// the default database.
// A campaign whose failed post-send reports RetryPostSendReports started over.
struct PostSendRetry {
  int64_t campaign_id = 0;
  int retry = 0;               // 1 for the first retry
  std::string previous_error;  // post_reports_error before the retry ("type: reason")
};

struct ReportReconciliation {
  int64_t sent_by_pregon = 0;
  int64_t missing_at_provider = 0;
  std::vector<std::string> missing_sample;  // the first of them, in send order
  int64_t bounced = 0, complained = 0, unsubscribed = 0;
};

// One line of a breakdown: a label (a bounce reason, a domain) and its counts.
struct ReportTally {
  std::string label;
  int64_t count = 0;  // rows (recipients) with this label
  int64_t total = 0;  // the sum the breakdown adds up (opens); 0 when it adds up none
};

// What the newest loaded reports of a campaign break down into (DESIGN §1.4).
struct ReportBreakdowns {
  std::vector<ReportTally> bounce_reasons;   // the bounces report's status: rows
  std::vector<ReportTally> opens_by_domain;  // the opens report: recipients who opened, opens
};

// One delivery of a campaign with what the provider said of it: the row of its address in
// the newest loaded deliveries report, else in the newest sent report.
struct DeliveryExportRow {
  int64_t seq = 0;
  std::string address, status;
  int attempts = 0;
  std::string last_error;
  std::optional<Timestamp> sent_at;            // when status is 'sent'
  std::optional<std::string> provider_status;  // absent when no report names the address
  int64_t opens = 0, clicks = 0;
};

class ReportRequestStore {
 public:
  virtual ~ReportRequestStore() = default;

  // Stores the requests in one transaction (all or nothing), pending and due at `now`; their
  // ids in order. NotFound when a campaign or sender does not exist.
  virtual Result<std::vector<int64_t>> CreateReportRequests(
      std::span<const NewReportRequest> requests, Timestamp now) = 0;
  virtual Result<ReportRequest> GetReportRequest(int64_t id) = 0;
  virtual Result<std::vector<ReportRequest>> ListReportRequests(
      const ReportRequestQuery& query) = 0;
  // The pending or processing request due soonest (not_before <= now) that no live lease
  // holds, leased to `owner` until now + ttl; nullopt when none is due.
  virtual Result<std::optional<ReportLease>> ClaimReportRequest(std::string_view owner,
                                                                Timestamp now, Millis ttl) = 0;
  // Writes `step` and frees the lease. Conflict when the lease was lost (expired and taken
  // by another node): the step's result is then not saved.
  virtual Status SaveReportStep(const ReportLease& lease, const ReportStep& step,
                                Timestamp now) = 0;
  // Records that the request's file was loaded into `alias` at `at`, with its row counts.
  // NotFound for an unknown request.
  virtual Status MarkReportLoaded(int64_t id, ReportAlias alias, int64_t rows, int64_t bad_rows,
                                  Timestamp at) = 0;
  // "Process pending now": every pending or processing request whose next step waits past
  // `now` (a poll backing off, a failed call's retry) becomes due at `now`; a lease held stays
  // held. The number of pending and processing requests, all due now.
  virtual Result<int64_t> HastenReportRequests(Timestamp now) = 0;
  // The earliest not_before of a pending or processing request (nullopt when none waits),
  // so a scheduler sleeps until the next step is due.
  virtual Result<std::optional<Timestamp>> NextReportStep() = 0;

  // The post-send loop (DESIGN §1.4). Campaigns of relay senders that finished (done or
  // partial) at or before `finished_before` and whose reports were never asked for
  // (post_reports_status 'none'), oldest first.
  virtual Result<std::vector<Campaign>> CampaignsAwaitingReports(Timestamp finished_before,
                                                                 int limit) = 0;
  // Stores the campaign's report requests and sets its post_reports_status to 'pending', in
  // one transaction. FailedPrecondition, storing nothing, when its status is no longer
  // 'none' (another node asked first).
  virtual Status StartPostSendReports(int64_t campaign_id,
                                      std::span<const NewReportRequest> requests,
                                      Timestamp now) = 0;
  // Brings the campaign's post_reports_status up to date with its requests: 'done' (and
  // post_reports_loaded_at) once every one is loaded into the default database, 'error'
  // (and post_reports_error) when one ended in error, else unchanged. The status after.
  virtual Result<std::string> SettlePostSendReports(int64_t campaign_id, Timestamp now) = 0;
  // Campaigns in post_reports_status 'error', retried fewer than `max_retries` times, whose
  // failed requests all ended at or before `failed_before`; at most `limit`, by id. Each
  // one's failed requests start over (pending, due at `now`), its status goes back to
  // 'pending' and the retry is counted (post_reports_retries), in one transaction per
  // campaign with a compare-and-set on the status, so two nodes retry a campaign once.
  virtual Result<std::vector<PostSendRetry>> RetryPostSendReports(Timestamp failed_before,
                                                                  int max_retries, int limit,
                                                                  Timestamp now) = 0;
  // The campaign's reconciliation; nullopt until its sent report is loaded. At most
  // `sample` missing addresses are listed. It is worked out when one of the campaign's reports
  // is loaded into the default database (MarkReportLoaded) and read as kept since (see
  // store/common/report_texts.h); a `sample` above the kept one works it out afresh.
  virtual Result<std::optional<ReportReconciliation>> ReconcileCampaign(int64_t campaign_id,
                                                                        int sample) = 0;
  // The campaign's `top` most frequent bounce reasons and opening domains (most first, then
  // by label), from its newest reports of those types loaded into this database; kept like
  // the reconciliation.
  virtual Result<ReportBreakdowns> CampaignReportBreakdowns(int64_t campaign_id, int top) = 0;
  // Up to `limit` of the campaign's deliveries after `after_seq`, in seq order: an export
  // pages through them, so a million-delivery campaign is never held whole.
  virtual Result<std::vector<DeliveryExportRow>> CampaignDeliveriesPage(int64_t campaign_id,
                                                                        int64_t after_seq,
                                                                        int limit) = 0;
};

// Hands rows over to LoadReport's transaction, a chunk at a time.
using ReportRowSink = std::function<Status(std::span<const ReportRow>)>;
// Feeds every row of one report to the sink. May be called more than once (a transaction run
// again after a lost connection starts over), handing over the same rows each time.
using ReportRowSource = std::function<Status(const ReportRowSink&)>;

struct ReportLoadSpec {
  int64_t request_id = 0;
  std::optional<int64_t> campaign_id;
  ReportType type = ReportType::kSent;
  bool replace = false;  // replace the rows of an earlier load of this request
  Timestamp loaded_at{};
};

struct ReportLoadCounts {
  int64_t rows = 0;      // loaded now
  int64_t replaced = 0;  // rows of the earlier load removed (replace only)
};

// A report loaded into this database.
struct ReportLoad {
  int64_t request_id = 0;
  std::optional<int64_t> campaign_id;
  ReportType type = ReportType::kSent;
  int64_t rows = 0;
  Timestamp loaded_at{};
};

class ReportTableStore {
 public:
  virtual ~ReportTableStore() = default;

  // Loads every row `source` hands over, under spec.request_id, in one transaction: when
  // source or a write fails nothing is loaded (and with replace, the earlier rows stay).
  // AlreadyExists, loading nothing, when the request is already loaded here and !replace.
  virtual Result<ReportLoadCounts> LoadReport(const ReportLoadSpec& spec,
                                              const ReportRowSource& source) = 0;
  // The load of a request here, or nullopt when it is not loaded.
  virtual Result<std::optional<ReportLoad>> FindReportLoad(int64_t request_id) = 0;
  // The rows of a loaded request, in file order, after row `after_line`; for viewing and tests.
  virtual Result<std::vector<ReportRow>> ListReportRows(int64_t request_id, int after_line,
                                                        int limit) = 0;
};

}  // namespace pregon

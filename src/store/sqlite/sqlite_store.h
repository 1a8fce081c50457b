// SqliteStore: the embedded default Store, on one SQLite database file in WAL mode.
//
// Several processes may open the same file (a `serve` and a few `worker`s on one machine):
// each write is one BEGIN IMMEDIATE transaction, so SQLite's single-writer lock serialises
// claims, and a lease is exclusive. Within a process, calls are serialised by a mutex.
//
// Thread-safety: safe for concurrent use by the threads of one process.
#pragma once

#include <memory>

#include "core/mutex.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace pregon::store {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);

  Result<int> SchemaVersion() override;
  int LatestSchemaVersion() const override;
  Status Migrate() override;

  Result<int64_t> CreateSender(const Sender& sender) override;
  Result<Sender> GetSender(int64_t id) override;
  Result<Sender> FindSender(std::string_view name) override;
  Result<std::vector<Sender>> ListSenders() override;
  Status PauseSender(int64_t sender_id, Timestamp until) override;

  Result<ContactList> EnsureList(std::string_view name, Timestamp now) override;
  Result<ContactList> FindList(std::string_view name) override;
  Result<ImportCounts> ImportContactStream(std::string_view list_name,
                                           const ContactBatchReader& next, Timestamp now) override;
  Result<Contact> FindContact(std::string_view email_or_chat_id) override;
  Result<std::vector<std::string>> ListFieldNames(int64_t list_id) override;
  Result<ContactList> GetList(int64_t id) override;
  Result<std::string> GetListName(int64_t id) override;
  Result<std::vector<ContactList>> ListListNames(int64_t after_id, int limit) override;
  Result<std::vector<ContactList>> ListLists(int64_t after_id, int limit) override;
  Result<Contact> GetContact(int64_t id) override;
  Result<std::vector<Contact>> ListContacts(const ContactQuery& query) override;

  Result<int64_t> CreateCampaign(const Campaign& campaign, Timestamp now) override;
  Result<Campaign> GetCampaign(int64_t id) override;
  Result<std::vector<Attachment>> GetAttachments(int64_t campaign_id) override;
  Result<CampaignStatus> ApplyCampaignAction(int64_t id, CampaignAction action,
                                             Timestamp now) override;
  Status UpdateCampaign(const Campaign& campaign, bool replace_attachments, Timestamp now) override;
  Result<std::vector<CampaignSummary>> ListCampaigns(const CampaignQuery& query) override;
  Result<std::vector<Delivery>> ListDeliveries(const DeliveryQuery& query) override;
  Result<Delivery> GetDelivery(int64_t id) override;
  Result<Counters> GetCounters(int64_t campaign_id) override;
  Status DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                       Timestamp now) override;
  Result<std::vector<int64_t>> CampaignIdsWithStatus(CampaignStatus status, int limit) override;
  Result<std::vector<int64_t>> PromoteDueScheduled(Timestamp now) override;
  Result<CampaignStart> StartCampaign(int64_t campaign_id, Timestamp now) override;
  Result<std::vector<FinalizedCampaign>> FinalizeCampaigns(Timestamp now) override;

  Status AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                     std::string_view message) override;
  Result<std::vector<CampaignEvent>> ListEvents(int64_t campaign_id, int64_t after_id,
                                                int limit) override;
  Result<std::vector<CampaignEvent>> ListRecentEvents(int64_t campaign_id, int limit) override;
  Result<std::vector<CampaignEvent>> ListProviderEvents(Timestamp since, int limit) override;

  Result<std::optional<RangeLease>> ClaimRange(std::string_view owner, Timestamp now,
                                               Millis ttl) override;
  Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis ttl) override;
  Result<std::vector<DeliveryTask>> BeginDeliveries(RangeLease& lease, Timestamp now,
                                                    int limit) override;
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override;
  Result<ReleaseKind> ReleaseRange(const RangeLease& lease, Timestamp now,
                                   Timestamp hold_until = {}) override;
  Result<RescueReport> RescueExpiredLeases(Timestamp now, int max_rescues) override;
  Result<std::optional<Timestamp>> NextWakeup(Timestamp now) override;
  Result<bool> HasDueWork(Timestamp now) override;

  Result<SuppressionCounts> AddSuppressions(std::span<const Suppression> rows) override;
  Status RemoveSuppression(std::string_view address) override;
  Result<std::optional<Suppression>> FindSuppression(std::string_view address) override;
  Result<std::vector<Suppression>> ListSuppressions(const SuppressionQuery& query) override;

  Result<int64_t> CreateUser(const User& user) override;
  Result<User> GetUser(int64_t id) override;
  Result<User> FindUser(std::string_view username) override;
  Result<std::vector<User>> ListUsers() override;
  Result<int64_t> CreateApiToken(const ApiToken& token) override;
  Result<User> FindUserByToken(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens(std::optional<int64_t> user_id) override;
  Status RevokeApiToken(int64_t token_id, Timestamp now) override;
  Status CreateSession(const Session& session) override;
  Result<SessionUser> FindSession(std::string_view id_hash, Timestamp now) override;
  Status DeleteSession(std::string_view id_hash) override;
  Result<std::vector<Session>> ListSessions(int64_t user_id, Timestamp now) override;
  Result<int64_t> DeleteUserSessions(int64_t user_id) override;
  Result<int64_t> ChangeUserAccess(int64_t user_id, const UserAccessChange& change) override;

  Result<std::optional<IdempotencyRecord>> BeginIdempotentRequest(const IdempotencyRecord& record,
                                                                  Timestamp stale_before) override;
  Status FinishIdempotentRequest(int64_t user_id, std::string_view key, int status,
                                 std::string_view response) override;
  Status AbandonIdempotentRequest(int64_t user_id, std::string_view key) override;
  Result<int64_t> PurgeExpired(Timestamp now, Timestamp keys_before) override;

  Result<std::vector<int64_t>> CreateReportRequests(std::span<const NewReportRequest> requests,
                                                    Timestamp now) override;
  Result<ReportRequest> GetReportRequest(int64_t id) override;
  Result<std::vector<ReportRequest>> ListReportRequests(const ReportRequestQuery& query) override;
  Result<std::optional<ReportLease>> ClaimReportRequest(std::string_view owner, Timestamp now,
                                                        Millis ttl) override;
  Status SaveReportStep(const ReportLease& lease, const ReportStep& step, Timestamp now) override;
  Result<int64_t> HastenReportRequests(Timestamp now) override;
  Status MarkReportLoaded(int64_t id, ReportAlias alias, int64_t rows, int64_t bad_rows,
                          Timestamp at) override;
  Result<std::optional<Timestamp>> NextReportStep() override;
  Result<std::vector<Campaign>> CampaignsAwaitingReports(Timestamp finished_before,
                                                         int limit) override;
  Status StartPostSendReports(int64_t campaign_id, std::span<const NewReportRequest> requests,
                              Timestamp now) override;
  Result<std::string> SettlePostSendReports(int64_t campaign_id, Timestamp now) override;
  Result<std::vector<PostSendRetry>> RetryPostSendReports(Timestamp failed_before, int max_retries,
                                                          int limit, Timestamp now) override;
  Result<ReportBreakdowns> CampaignReportBreakdowns(int64_t campaign_id, int top) override;
  Result<std::vector<DeliveryExportRow>> CampaignDeliveriesPage(int64_t campaign_id,
                                                                int64_t after_seq,
                                                                int limit) override;

  // TrackingStore (tracking.cpp)
  Status SaveCampaignLinks(int64_t campaign_id, std::span<const std::string> urls) override;
  Result<std::vector<CampaignLink>> ListCampaignLinks(int64_t campaign_id) override;
  Result<std::unordered_map<int64_t, Timestamp>> SentTimes(
      std::span<const int64_t> delivery_ids) override;
  Status RecordHits(std::span<const TrackingHit> hits) override;
  Status MarkUnsubscribed(int64_t delivery_id, Timestamp at) override;
  Result<bool> RecordFeedback(const MailFeedback& feedback) override;
  Result<int64_t> CountFeedback(std::string_view address, FeedbackType type,
                                std::optional<Timestamp> since) override;
  Result<std::vector<DeliveryEngagement>> ListEngagement(const EngagementQuery& query) override;
  Result<EngagementSummary> GetEngagementSummary(int64_t campaign_id) override;
  Result<std::vector<EngagementHour>> ListEngagementHours(int64_t campaign_id) override;

  // OpsStore (ops.cpp)
  Result<std::vector<OpsCount>> CountForMetrics(Timestamp now) override;
  Status BackupTo(const std::string& path) override;
  Result<PruneCounts> Prune(Timestamp events_before, Timestamp tracking_before) override;
  Result<DatabaseSettings> ReadDatabaseSettings() override;

  // SlotStore (slots.cpp)
  Result<std::vector<HourSlot>> ListSlots() override;
  Status SetSlot(int hour, int max_users, bool bookable) override;
  Result<int64_t> DefineJob(const JobDefinition& job, Timestamp now) override;
  Result<JobDefinition> FindJob(std::string_view name) override;
  Result<std::vector<JobDefinition>> ListJobs() override;
  Status SetLimiter(const LimiterPool& pool) override;
  Result<std::vector<LimiterPool>> ListLimiters() override;
  Result<Reservation> Reserve(const ReservationRequest& request, Timestamp now) override;
  Result<Reservation> GetReservation(int64_t user_id) override;
  Status CancelReservation(int64_t user_id) override;
  Result<std::vector<Reservation>> ListReservations(std::optional<int> hour) override;
  Status SetJobParams(int64_t user_id, const std::vector<JobParam>& params) override;
  Result<std::vector<JobParam>> JobParams(int64_t user_id) override;
  Result<RunCreation> CreateRun(int hour, Timestamp scheduled_at, Timestamp now) override;
  Result<Run> GetRun(int64_t id) override;
  Result<std::optional<Run>> LatestRun() override;
  Result<std::vector<RunUser>> ListRunUsers(int64_t run_id) override;
  Result<std::vector<Run>> ListRuns(Timestamp since, int limit,
                                    std::optional<int64_t> user_id) override;
  Result<std::vector<RunUnitView>> ListRunUnits(int64_t run_id) override;
  Status CancelRun(int64_t run_id, Timestamp now) override;
  Result<std::optional<RunUnitLease>> ClaimRunUnit(std::string_view owner, Timestamp now,
                                                   Millis ttl) override;
  Status RenewRunUnit(const RunUnitLease& lease, Timestamp now, Millis ttl) override;
  Status FinishRunUnit(const RunUnitLease& lease, const RunUnitOutcome& outcome,
                       Timestamp now) override;
  Status ReleaseRunUnit(const RunUnitLease& lease, Timestamp now) override;
  Result<std::optional<Timestamp>> NextRunUnitDue() override;
  Result<std::optional<ReportReconciliation>> ReconcileCampaign(int64_t campaign_id,
                                                                int sample) override;

  Result<ReportLoadCounts> LoadReport(const ReportLoadSpec& spec,
                                      const ReportRowSource& source) override;
  Result<std::optional<ReportLoad>> FindReportLoad(int64_t request_id) override;
  Result<std::vector<ReportRow>> ListReportRows(int64_t request_id, int after_line,
                                                int limit) override;

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  // The list named `name`, created when missing. REQUIRES: inside a transaction.
  ContactList EnsureListInTx(std::string_view name, Timestamp now) REQUIRES(mu_);
  // Matches `row` to a contact (by e-mail, then chat id), inserts or refreshes it, and adds it
  // to the list, counting what it did. REQUIRES: inside a transaction.
  void UpsertMember(int64_t list_id, const ContactRecord& row, Timestamp now, ImportCounts& counts)
      REQUIRES(mu_);
  // REQUIRES: inside a transaction.
  void InsertEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                   std::string_view message) REQUIRES(mu_);
  CampaignStatus ReadCampaignStatus(int64_t campaign_id) REQUIRES(mu_);
  // Attachments of a campaign; with_content = false leaves content empty.
  std::vector<Attachment> ReadAttachments(int64_t campaign_id, bool with_content) REQUIRES(mu_);
  // REQUIRES: inside a transaction.
  void InsertAttachments(int64_t campaign_id, const std::vector<Attachment>& attachments)
      REQUIRES(mu_);
  // Binds parameters 1..17: name, sender_id, list_id, subject, text_body, html_body,
  // reply_to, status, batch_size, batch_pause_ms, rate, max_attempts, guarantee,
  // window_start, window_end, time_zone, scheduled_at (create and edit list them first).
  static void BindCampaignFields(SQLite::Statement& q, const Campaign& c);
  // Fenced counter update: Conflict unless the range is still leased at lease.lease_epoch.
  Status CheckUserExists(int64_t user_id) REQUIRES(mu_);  // NotFound
  // REQUIRES: inside a transaction.
  Status CheckFence(const RangeLease& lease) REQUIRES(mu_);
  // Makes the campaign's range after `seq` (waiting its turn) pending from `at`: a range
  // became final, released or parked. REQUIRES: inside a transaction.
  void ReleaseNextBatch(int64_t campaign_id, int64_t seq, Timestamp at) REQUIRES(mu_);
  // Marks the pending deliveries of a cancelled campaign with seq in [first_seq, last_seq]
  // cancelled, moving the counters of the ranges that hold them (ranges wholly inside).
  // REQUIRES: inside a transaction.
  void CancelPending(int64_t campaign_id, int64_t first_seq, int64_t last_seq, Timestamp now)
      REQUIRES(mu_);

  // Every call holds mu_ (SqliteSession) while it uses the connection. The pointer itself
  // never changes after construction.
  Mutex mu_;
  const std::unique_ptr<SqliteDb> db_;
};

}  // namespace pregon::store

// PostgresStore: the Store for many nodes — any number of `pregon worker` processes, on any
// number of machines, share one PostgreSQL database (DATABASE_URL=postgresql://...).
//
// Every method is one transaction (READ COMMITTED) run by PgSession, which pools
// connections and survives a database restart by reconnecting and running the transaction
// again. Ranges are claimed with SELECT ... FOR UPDATE SKIP LOCKED, so concurrent claimers
// never wait on each other; every write under a lease first locks the range row and checks
// its lease_epoch (the fence). Transactions that make work claimable NOTIFY a channel that
// WaitForWork LISTENs on, so idle workers elsewhere start within milliseconds. Migrations run
// under a session advisory lock, so nodes migrating at once take turns. The scheduler
// leadership is a lease row (scheduler_leader).
//
// The schema lives in the connection's current schema (search_path), so one database can
// hold several independent pregon instances (the contract tests use one schema each).
//
// Thread-safety: safe for concurrent use by the threads of one process.
#pragma once

#include <memory>

#include "core/mutex.h"
#include "store/postgres/pg_listener.h"
#include "store/postgres/pg_session.h"
#include "store/store.h"

namespace pregon::store {

class PostgresStore final : public Store {
 public:
  // Connects (Internal naming the redacted URL and the reason when it cannot). Does not
  // migrate.
  static Result<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options);

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

  Status ReleaseSchedulerLeadership(std::string_view owner) override;
  Result<bool> AcquireSchedulerLeadership(std::string_view owner, Timestamp now,
                                          Millis ttl) override;
  bool AnnouncesWork() const override { return true; }
  Result<bool> WaitForWork(Millis timeout) override;

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
  PostgresStore(std::unique_ptr<PgSession> session, std::string work_channel);

  // Helpers that run inside the caller's transaction.
  static void InsertEvent(PgTx& tx, int64_t campaign_id, Timestamp ts, std::string_view kind,
                          std::string_view message);
  // Tells every WaitForWork (on any node) that work may have become claimable; delivered
  // when the transaction commits.
  void AnnounceWork(PgTx& tx) const;
  // Locks the range row; Conflict unless it is still leased at lease.lease_epoch.
  static Status LockFence(PgTx& tx, const RangeLease& lease);
  // Makes the campaign's range after `seq` (waiting its turn) pending from `at`: a range
  // became final, released or parked. Announces it when it is due at once (at <= now).
  void ReleaseNextBatch(PgTx& tx, int64_t campaign_id, int64_t seq, Timestamp at,
                        Timestamp now) const;
  static CampaignStatus ReadCampaignStatus(PgTx& tx, int64_t campaign_id);
  // Marks the pending deliveries of a cancelled campaign with seq in [first_seq, last_seq]
  // cancelled, moving the counters of the ranges that hold them (ranges wholly inside).
  static void CancelPending(PgTx& tx, int64_t campaign_id, int64_t first_seq, int64_t last_seq,
                            Timestamp now);
  static std::vector<Attachment> ReadAttachments(PgTx& tx, int64_t campaign_id, bool with_content);
  static void InsertAttachments(PgTx& tx, int64_t campaign_id,
                                const std::vector<Attachment>& attachments);

  // A leased range whose lease expired, as RescueExpiredLeases found it.
  struct ExpiredRange {
    int64_t id, campaign_id, seq, first_seq, last_seq, rescues, in_flight;
    std::string owner;
    DeliveryGuarantee guarantee;
    Millis batch_pause;
    CampaignStatus campaign_status;
  };
  void RescueRange(PgTx& tx, const ExpiredRange& r, Timestamp now, int max_rescues,
                   RescueReport& report) const;

  std::unique_ptr<PgSession> session_;
  const std::string work_channel_;                               // NOTIFY channel of this schema
  Mutex listen_mu_;                                              // one WaitForWork at a time
  std::unique_ptr<PgListener> listener_ GUARDED_BY(listen_mu_);  // opened on first wait
};

}  // namespace pregon::store

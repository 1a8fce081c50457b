// Forwarding wrappers, one per store role (after leveldb's EnvWrapper): each passes every
// call to a target. Derive from one and override the call to change — fail it, delay it,
// lose its answer after it committed — while every other call reaches the real store:
//
//   struct LoseRecordAnswer : WorkQueueWrapper {
//     using WorkQueueWrapper::WorkQueueWrapper;
//     Status RecordOutcomes(const RangeLease& l, std::span<const DeliveryOutcome> o, Timestamp t)
//     override {
//       (void)WorkQueueWrapper::RecordOutcomes(l, o, t);
//       return Status::Transient("the answer was lost");
//     }
//   };
#pragma once

#include "store/store.h"

namespace pregon {

class SchemaStoreWrapper : public SchemaStore {
 public:
  explicit SchemaStoreWrapper(SchemaStore& target) : target_(target) {}
  Result<int> SchemaVersion() override { return target_.SchemaVersion(); }
  int LatestSchemaVersion() const override { return target_.LatestSchemaVersion(); }
  Status Migrate() override { return target_.Migrate(); }

 private:
  SchemaStore& target_;
};

class SenderStoreWrapper : public SenderStore {
 public:
  explicit SenderStoreWrapper(SenderStore& target) : target_(target) {}
  Result<int64_t> CreateSender(const Sender& s) override { return target_.CreateSender(s); }
  Result<Sender> GetSender(int64_t id) override { return target_.GetSender(id); }
  Result<Sender> FindSender(std::string_view name) override { return target_.FindSender(name); }
  Result<std::vector<Sender>> ListSenders() override { return target_.ListSenders(); }

 private:
  SenderStore& target_;
};

class AudienceStoreWrapper : public AudienceStore {
 public:
  explicit AudienceStoreWrapper(AudienceStore& target) : target_(target) {}
  Result<ContactList> EnsureList(std::string_view name, Timestamp now) override {
    return target_.EnsureList(name, now);
  }
  Result<ContactList> FindList(std::string_view name) override { return target_.FindList(name); }
  Result<ContactList> GetList(int64_t id) override { return target_.GetList(id); }
  Result<std::string> GetListName(int64_t id) override { return target_.GetListName(id); }
  Result<std::vector<ContactList>> ListListNames(int64_t after_id, int limit) override {
    return target_.ListListNames(after_id, limit);
  }
  Result<std::vector<ContactList>> ListLists(int64_t after_id, int limit) override {
    return target_.ListLists(after_id, limit);
  }
  Result<ImportCounts> ImportContactStream(std::string_view list_name,
                                           const ContactBatchReader& next, Timestamp now) override {
    return target_.ImportContactStream(list_name, next, now);
  }
  Result<Contact> FindContact(std::string_view key) override { return target_.FindContact(key); }
  Result<Contact> GetContact(int64_t id) override { return target_.GetContact(id); }
  Result<std::vector<Contact>> ListContacts(const ContactQuery& q) override {
    return target_.ListContacts(q);
  }
  Result<std::vector<std::string>> ListFieldNames(int64_t list_id) override {
    return target_.ListFieldNames(list_id);
  }

 private:
  AudienceStore& target_;
};

class CampaignStoreWrapper : public CampaignStore {
 public:
  explicit CampaignStoreWrapper(CampaignStore& target) : target_(target) {}
  Result<int64_t> CreateCampaign(const Campaign& c, Timestamp now) override {
    return target_.CreateCampaign(c, now);
  }
  Result<Campaign> GetCampaign(int64_t id) override { return target_.GetCampaign(id); }
  Result<std::vector<Attachment>> GetAttachments(int64_t id) override {
    return target_.GetAttachments(id);
  }
  Result<CampaignStatus> ApplyCampaignAction(int64_t id, CampaignAction a, Timestamp now) override {
    return target_.ApplyCampaignAction(id, a, now);
  }
  Status UpdateCampaign(const Campaign& c, bool replace_attachments, Timestamp now) override {
    return target_.UpdateCampaign(c, replace_attachments, now);
  }
  Result<std::vector<CampaignSummary>> ListCampaigns(const CampaignQuery& q) override {
    return target_.ListCampaigns(q);
  }
  Result<std::vector<int64_t>> CampaignIdsWithStatus(CampaignStatus s, int limit) override {
    return target_.CampaignIdsWithStatus(s, limit);
  }
  Result<std::vector<Delivery>> ListDeliveries(const DeliveryQuery& q) override {
    return target_.ListDeliveries(q);
  }
  Result<Delivery> GetDelivery(int64_t id) override { return target_.GetDelivery(id); }
  Result<Counters> GetCounters(int64_t id) override { return target_.GetCounters(id); }
  Status AppendEvent(int64_t id, Timestamp ts, std::string_view kind,
                     std::string_view message) override {
    return target_.AppendEvent(id, ts, kind, message);
  }
  Result<std::vector<CampaignEvent>> ListEvents(int64_t id, int64_t after_id, int limit) override {
    return target_.ListEvents(id, after_id, limit);
  }
  Result<std::vector<CampaignEvent>> ListRecentEvents(int64_t id, int limit) override {
    return target_.ListRecentEvents(id, limit);
  }
  Result<std::vector<CampaignEvent>> ListProviderEvents(Timestamp since, int limit) override {
    return target_.ListProviderEvents(since, limit);
  }

 private:
  CampaignStore& target_;
};

class WorkQueueWrapper : public WorkQueue {
 public:
  explicit WorkQueueWrapper(WorkQueue& target) : target_(target) {}
  Result<std::vector<int64_t>> PromoteDueScheduled(Timestamp now) override {
    return target_.PromoteDueScheduled(now);
  }
  Result<CampaignStart> StartCampaign(int64_t id, Timestamp now) override {
    return target_.StartCampaign(id, now);
  }
  Result<std::vector<FinalizedCampaign>> FinalizeCampaigns(Timestamp now) override {
    return target_.FinalizeCampaigns(now);
  }
  Status DeferCampaign(int64_t id, Timestamp until, std::string_view reason,
                       Timestamp now) override {
    return target_.DeferCampaign(id, until, reason, now);
  }
  Status PauseSender(int64_t sender_id, Timestamp until) override {
    return target_.PauseSender(sender_id, until);
  }
  Result<std::optional<RangeLease>> ClaimRange(std::string_view owner, Timestamp now,
                                               Millis ttl) override {
    return target_.ClaimRange(owner, now, ttl);
  }
  Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis ttl) override {
    return target_.RenewLease(lease, now, ttl);
  }
  Result<std::vector<DeliveryTask>> BeginDeliveries(RangeLease& lease, Timestamp now,
                                                    int limit) override {
    return target_.BeginDeliveries(lease, now, limit);
  }
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override {
    return target_.RecordOutcomes(lease, outcomes, now);
  }
  Result<ReleaseKind> ReleaseRange(const RangeLease& lease, Timestamp now,
                                   Timestamp hold_until = {}) override {
    return target_.ReleaseRange(lease, now, hold_until);
  }
  Result<RescueReport> RescueExpiredLeases(Timestamp now, int max_rescues) override {
    return target_.RescueExpiredLeases(now, max_rescues);
  }
  Result<std::optional<Timestamp>> NextWakeup(Timestamp now) override {
    return target_.NextWakeup(now);
  }
  Result<bool> HasDueWork(Timestamp now) override { return target_.HasDueWork(now); }
  Result<bool> AcquireSchedulerLeadership(std::string_view owner, Timestamp now,
                                          Millis ttl) override {
    return target_.AcquireSchedulerLeadership(owner, now, ttl);
  }
  Status ReleaseSchedulerLeadership(std::string_view owner) override {
    return target_.ReleaseSchedulerLeadership(owner);
  }
  bool AnnouncesWork() const override { return target_.AnnouncesWork(); }
  Result<bool> WaitForWork(Millis timeout) override { return target_.WaitForWork(timeout); }

 private:
  WorkQueue& target_;
};

class SuppressionStoreWrapper : public SuppressionStore {
 public:
  explicit SuppressionStoreWrapper(SuppressionStore& target) : target_(target) {}
  Result<SuppressionCounts> AddSuppressions(std::span<const Suppression> rows) override {
    return target_.AddSuppressions(rows);
  }
  Status RemoveSuppression(std::string_view address) override {
    return target_.RemoveSuppression(address);
  }
  Result<std::optional<Suppression>> FindSuppression(std::string_view address) override {
    return target_.FindSuppression(address);
  }
  Result<std::vector<Suppression>> ListSuppressions(const SuppressionQuery& q) override {
    return target_.ListSuppressions(q);
  }

 private:
  SuppressionStore& target_;
};

class UserStoreWrapper : public UserStore {
 public:
  explicit UserStoreWrapper(UserStore& target) : target_(target) {}
  Result<int64_t> CreateUser(const User& u) override { return target_.CreateUser(u); }
  Result<User> GetUser(int64_t id) override { return target_.GetUser(id); }
  Result<User> FindUser(std::string_view username) override { return target_.FindUser(username); }
  Result<std::vector<User>> ListUsers() override { return target_.ListUsers(); }
  Result<int64_t> CreateApiToken(const ApiToken& t) override { return target_.CreateApiToken(t); }
  Result<User> FindUserByToken(std::string_view hash) override {
    return target_.FindUserByToken(hash);
  }
  Result<std::vector<ApiToken>> ListApiTokens(std::optional<int64_t> user_id) override {
    return target_.ListApiTokens(user_id);
  }
  Status RevokeApiToken(int64_t id, Timestamp now) override {
    return target_.RevokeApiToken(id, now);
  }
  Status CreateSession(const Session& s) override { return target_.CreateSession(s); }
  Result<SessionUser> FindSession(std::string_view hash, Timestamp now) override {
    return target_.FindSession(hash, now);
  }
  Status DeleteSession(std::string_view hash) override { return target_.DeleteSession(hash); }
  Result<std::vector<Session>> ListSessions(int64_t user_id, Timestamp now) override {
    return target_.ListSessions(user_id, now);
  }
  Result<int64_t> ChangeUserAccess(int64_t user_id, const UserAccessChange& change) override {
    return target_.ChangeUserAccess(user_id, change);
  }
  Result<int64_t> DeleteUserSessions(int64_t user_id) override {
    return target_.DeleteUserSessions(user_id);
  }

 private:
  UserStore& target_;
};

class IdempotencyStoreWrapper : public IdempotencyStore {
 public:
  explicit IdempotencyStoreWrapper(IdempotencyStore& target) : target_(target) {}
  Result<std::optional<IdempotencyRecord>> BeginIdempotentRequest(const IdempotencyRecord& r,
                                                                  Timestamp stale_before) override {
    return target_.BeginIdempotentRequest(r, stale_before);
  }
  Status FinishIdempotentRequest(int64_t user_id, std::string_view key, int status,
                                 std::string_view response) override {
    return target_.FinishIdempotentRequest(user_id, key, status, response);
  }
  Status AbandonIdempotentRequest(int64_t user_id, std::string_view key) override {
    return target_.AbandonIdempotentRequest(user_id, key);
  }
  Result<int64_t> PurgeExpired(Timestamp now, Timestamp keys_before) override {
    return target_.PurgeExpired(now, keys_before);
  }

 private:
  IdempotencyStore& target_;
};

class ReportRequestStoreWrapper : public ReportRequestStore {
 public:
  explicit ReportRequestStoreWrapper(ReportRequestStore& target) : target_(target) {}
  Result<std::vector<int64_t>> CreateReportRequests(std::span<const NewReportRequest> r,
                                                    Timestamp now) override {
    return target_.CreateReportRequests(r, now);
  }
  Result<ReportRequest> GetReportRequest(int64_t id) override {
    return target_.GetReportRequest(id);
  }
  Result<std::vector<ReportRequest>> ListReportRequests(const ReportRequestQuery& q) override {
    return target_.ListReportRequests(q);
  }
  Result<std::optional<ReportLease>> ClaimReportRequest(std::string_view owner, Timestamp now,
                                                        Millis ttl) override {
    return target_.ClaimReportRequest(owner, now, ttl);
  }
  Status SaveReportStep(const ReportLease& lease, const ReportStep& step, Timestamp now) override {
    return target_.SaveReportStep(lease, step, now);
  }
  Result<int64_t> HastenReportRequests(Timestamp now) override {
    return target_.HastenReportRequests(now);
  }
  Status MarkReportLoaded(int64_t id, ReportAlias alias, int64_t rows, int64_t bad_rows,
                          Timestamp at) override {
    return target_.MarkReportLoaded(id, alias, rows, bad_rows, at);
  }
  Result<std::optional<Timestamp>> NextReportStep() override { return target_.NextReportStep(); }
  Result<std::vector<Campaign>> CampaignsAwaitingReports(Timestamp before, int limit) override {
    return target_.CampaignsAwaitingReports(before, limit);
  }
  Status StartPostSendReports(int64_t campaign_id, std::span<const NewReportRequest> r,
                              Timestamp now) override {
    return target_.StartPostSendReports(campaign_id, r, now);
  }
  Result<std::string> SettlePostSendReports(int64_t campaign_id, Timestamp now) override {
    return target_.SettlePostSendReports(campaign_id, now);
  }
  Result<std::vector<PostSendRetry>> RetryPostSendReports(Timestamp failed_before, int max_retries,
                                                          int limit, Timestamp now) override {
    return target_.RetryPostSendReports(failed_before, max_retries, limit, now);
  }
  Result<ReportBreakdowns> CampaignReportBreakdowns(int64_t campaign_id, int top) override {
    return target_.CampaignReportBreakdowns(campaign_id, top);
  }
  Result<std::vector<DeliveryExportRow>> CampaignDeliveriesPage(int64_t campaign_id,
                                                                int64_t after_seq,
                                                                int limit) override {
    return target_.CampaignDeliveriesPage(campaign_id, after_seq, limit);
  }
  Result<std::optional<ReportReconciliation>> ReconcileCampaign(int64_t campaign_id,
                                                                int sample) override {
    return target_.ReconcileCampaign(campaign_id, sample);
  }

 private:
  ReportRequestStore& target_;
};

class ReportTableStoreWrapper : public ReportTableStore {
 public:
  explicit ReportTableStoreWrapper(ReportTableStore& target) : target_(target) {}
  Result<ReportLoadCounts> LoadReport(const ReportLoadSpec& spec,
                                      const ReportRowSource& source) override {
    return target_.LoadReport(spec, source);
  }
  Result<std::optional<ReportLoad>> FindReportLoad(int64_t request_id) override {
    return target_.FindReportLoad(request_id);
  }
  Result<std::vector<ReportRow>> ListReportRows(int64_t request_id, int after_line,
                                                int limit) override {
    return target_.ListReportRows(request_id, after_line, limit);
  }

 private:
  ReportTableStore& target_;
};

class TrackingStoreWrapper : public TrackingStore {
 public:
  explicit TrackingStoreWrapper(TrackingStore& target) : target_(target) {}
  Status SaveCampaignLinks(int64_t campaign_id, std::span<const std::string> urls) override {
    return target_.SaveCampaignLinks(campaign_id, urls);
  }
  Result<std::vector<CampaignLink>> ListCampaignLinks(int64_t campaign_id) override {
    return target_.ListCampaignLinks(campaign_id);
  }
  Result<std::unordered_map<int64_t, Timestamp>> SentTimes(
      std::span<const int64_t> delivery_ids) override {
    return target_.SentTimes(delivery_ids);
  }
  Status RecordHits(std::span<const TrackingHit> hits) override { return target_.RecordHits(hits); }
  Status MarkUnsubscribed(int64_t delivery_id, Timestamp at) override {
    return target_.MarkUnsubscribed(delivery_id, at);
  }
  Result<bool> RecordFeedback(const MailFeedback& f) override { return target_.RecordFeedback(f); }
  Result<int64_t> CountFeedback(std::string_view address, FeedbackType type,
                                std::optional<Timestamp> since) override {
    return target_.CountFeedback(address, type, since);
  }
  Result<std::vector<DeliveryEngagement>> ListEngagement(const EngagementQuery& q) override {
    return target_.ListEngagement(q);
  }
  Result<EngagementSummary> GetEngagementSummary(int64_t campaign_id) override {
    return target_.GetEngagementSummary(campaign_id);
  }
  Result<std::vector<EngagementHour>> ListEngagementHours(int64_t campaign_id) override {
    return target_.ListEngagementHours(campaign_id);
  }

 private:
  TrackingStore& target_;
};

class OpsStoreWrapper : public OpsStore {
 public:
  explicit OpsStoreWrapper(OpsStore& target) : target_(target) {}
  Result<std::vector<OpsCount>> CountForMetrics(Timestamp now) override {
    return target_.CountForMetrics(now);
  }
  Status BackupTo(const std::string& path) override { return target_.BackupTo(path); }
  Result<PruneCounts> Prune(Timestamp events_before, Timestamp tracking_before) override {
    return target_.Prune(events_before, tracking_before);
  }
  Result<DatabaseSettings> ReadDatabaseSettings() override {
    return target_.ReadDatabaseSettings();
  }

 private:
  OpsStore& target_;
};

}  // namespace pregon

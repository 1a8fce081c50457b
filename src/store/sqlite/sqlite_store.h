// SqliteStore: the embedded default Store, on one SQLite database file in WAL mode.
//
// Several processes may open the same file (a `serve` and a few `worker`s on one machine):
// each write is one BEGIN IMMEDIATE transaction, so SQLite's single-writer lock serialises
// claims, and a lease is exclusive. Within a process, calls are serialised by a mutex.
//
// Thread-safety: safe for concurrent use by the threads of one process.
#pragma once

#include <memory>
#include <mutex>

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
  Result<ImportCounts> ImportContacts(int64_t list_id, std::span<const ContactRecord> rows,
                                      Timestamp now) override;
  Result<Contact> FindContact(std::string_view email_or_chat_id) override;
  Result<std::vector<std::string>> ListFieldNames(int64_t list_id) override;

  Result<int64_t> CreateCampaign(const Campaign& campaign, Timestamp now) override;
  Result<Campaign> GetCampaign(int64_t id) override;
  Result<std::vector<Attachment>> GetAttachments(int64_t campaign_id) override;
  Result<CampaignStatus> ApplyCampaignAction(int64_t id, CampaignAction action,
                                             Timestamp now) override;
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

  Result<std::optional<RangeLease>> ClaimRange(std::string_view owner, Timestamp now,
                                               Millis ttl) override;
  Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis ttl) override;
  Result<std::vector<DeliveryTask>> BeginDeliveries(const RangeLease& lease, Timestamp now,
                                                    int limit) override;
  Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                        Timestamp now) override;
  Result<ReleaseKind> ReleaseRange(const RangeLease& lease, Timestamp now) override;
  Result<RescueReport> RescueExpiredLeases(Timestamp now, int max_rescues) override;
  Result<std::optional<Timestamp>> NextWakeup(Timestamp now) override;
  Result<bool> HasDueWork(Timestamp now) override;

  Result<SuppressionCounts> AddSuppressions(std::span<const Suppression> rows) override;
  Status RemoveSuppression(std::string_view address) override;
  Result<std::optional<Suppression>> FindSuppression(std::string_view address) override;
  Result<std::vector<Suppression>> ListSuppressions(const SuppressionQuery& query) override;

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  // REQUIRES: mu_ held, inside a transaction.
  void InsertEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                   std::string_view message);
  CampaignStatus ReadCampaignStatus(int64_t campaign_id);  // REQUIRES: mu_ held
  // Attachments of a campaign; with_content = false leaves content empty.
  std::vector<Attachment> ReadAttachments(int64_t campaign_id, bool with_content);  // REQUIRES: mu_ held
  Campaign ReadCampaignRow(SQLite::Statement& q);
  Sender ReadSenderRow(SQLite::Statement& q);
  // Fenced counter update: Conflict unless the range is still leased at lease.lease_epoch.
  Status CheckFence(const RangeLease& lease);  // REQUIRES: mu_ held, inside a transaction

  std::mutex mu_;
  std::unique_ptr<SqliteDb> db_;  // GUARDED_BY(mu_)
};

}  // namespace pregon::store

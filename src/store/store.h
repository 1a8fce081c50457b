// Store: everything pregon keeps, behind domain operations (not a SQL pass-through).
//
// Every process — `serve`, any number of `worker`s, the CLI — coordinates only through the
// store, so each method is one atomic transaction: it either happens entirely or not at all,
// and a process killed at any instant leaves the store consistent. Work is handed out by
// lease (DESIGN §3.1): ClaimRange gives a worker a range until lease_until and bumps the
// range's lease_epoch; every write made under a lease (BeginDeliveries, RecordOutcomes,
// RenewLease, ReleaseRange) is conditional on that epoch and fails with Conflict — changing
// nothing — once the lease has been rescued or claimed by another worker.
//
// Implementations: SqliteStore (embedded default) and, for many nodes, a PostgreSQL store;
// both pass the same contract test suite. Open one with OpenStore() (store_factory.h).
//
// Thread-safety: a Store may be shared by the threads of one process.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/clock.h"
#include "core/contact.h"
#include "core/delivery.h"
#include "core/sender.h"
#include "core/status.h"
#include "core/suppression.h"
#include "core/user.h"
#include "store/store_queries.h"

namespace pregon {

struct ImportCounts {
  int64_t created = 0;        // contacts that did not exist before
  int64_t updated = 0;        // existing contacts whose name/fields were refreshed
  int64_t added_to_list = 0;  // new memberships (a contact already in the list is not re-added)
};

struct CampaignEvent {
  int64_t id = 0;
  int64_t campaign_id = 0;
  Timestamp ts{};
  std::string kind;     // started, batch_done, paused, throttled, lease_rescued, finished, ...
  std::string message;  // for people
};

// What StartCampaign snapshotted.
struct CampaignStart {
  int64_t total = 0;       // deliveries created, suppressed included
  int64_t suppressed = 0;
  int64_t ranges = 0;
};

struct RescueReport {
  int64_t ranges_rescued = 0;    // returned to pending
  int64_t ranges_parked = 0;     // rescued too often: failed
  int64_t marked_unknown = 0;    // in-flight deliveries resolved as unknown (at_most_once)
  int64_t requeued = 0;          // in-flight deliveries to be resent (at_least_once)
};

struct FinalizedCampaign {
  int64_t campaign_id = 0;
  CampaignStatus status = CampaignStatus::kDone;
};

// What AddSuppressions did.
struct SuppressionCounts {
  int64_t added = 0;    // addresses that were not suppressed before
  int64_t updated = 0;  // already suppressed: reason, campaign and time replaced
};

// What ListSuppressions returns: one page, ordered by address.
struct SuppressionQuery {
  std::string after_address;                // page after this address ("" = from the start)
  int limit = 1000;                         // at most this many rows
  std::optional<SuppressionReason> reason;  // only this reason (nullopt = all)
};

// What ReleaseRange did with the range.
enum class ReleaseKind { kDone, kRetryLater, kAbandoned };

class Store {
 public:
  virtual ~Store() = default;

  // ---- Schema -----------------------------------------------------------------------------
  // The version the database is at (0 for an empty one) and the newest this binary knows.
  virtual Result<int> SchemaVersion() = 0;
  virtual int LatestSchemaVersion() const = 0;
  // Applies every pending migration, each in its own transaction. Fails with
  // FailedPrecondition, changing nothing, when the database is newer than this binary.
  virtual Status Migrate() = 0;
  // OK when the schema is exactly current; FailedPrecondition telling the operator what to
  // do otherwise (run `pregon migrate`, or upgrade pregon).
  Status CheckSchema();

  // ---- Senders ----------------------------------------------------------------------------
  // AlreadyExists when the name is taken. REQUIRES: sender.Validate().ok()
  virtual Result<int64_t> CreateSender(const Sender& sender) = 0;
  virtual Result<Sender> GetSender(int64_t id) = 0;                  // NotFound
  virtual Result<Sender> FindSender(std::string_view name) = 0;      // NotFound
  virtual Result<std::vector<Sender>> ListSenders() = 0;
  // Nothing of this sender is claimed before `until` (provider throttling, quota).
  virtual Status PauseSender(int64_t sender_id, Timestamp until) = 0;

  // ---- Audience ---------------------------------------------------------------------------
  // Returns the list, creating it when it does not exist.
  virtual Result<ContactList> EnsureList(std::string_view name, Timestamp now) = 0;
  virtual Result<ContactList> FindList(std::string_view name) = 0;   // NotFound
  // Upserts the contacts (matched by e-mail, else chat id) and adds them to the list, all in
  // one transaction: an import is either fully there or not at all.
  virtual Result<ImportCounts> ImportContacts(int64_t list_id, std::span<const ContactRecord> rows,
                                              Timestamp now) = 0;

  // Finds a contact by e-mail address (compared lower-cased) or, failing that, by chat id.
  // NotFound when neither matches.
  virtual Result<Contact> FindContact(std::string_view email_or_chat_id) = 0;
  // The distinct keys of the free fields (ContactRecord::fields_json) of the list's
  // contacts, sorted; empty for an empty list. Templates are checked against these.
  virtual Result<std::vector<std::string>> ListFieldNames(int64_t list_id) = 0;
  virtual Result<ContactList> GetList(int64_t id) = 0;  // NotFound
  // Lists with their member counts, in id order, after `after_id`.
  virtual Result<std::vector<ContactList>> ListLists(int64_t after_id, int limit) = 0;
  virtual Result<Contact> GetContact(int64_t id) = 0;  // NotFound
  virtual Result<std::vector<Contact>> ListContacts(const ContactQuery& query) = 0;

  // ---- Campaigns --------------------------------------------------------------------------
  // Stores the campaign with its parse_mode, template_id and attachments (bytes included),
  // in one transaction. REQUIRES: campaign.Validate().ok(); sender and list exist
  // (NotFound otherwise).
  virtual Result<int64_t> CreateCampaign(const Campaign& campaign, Timestamp now) = 0;
  // NotFound. attachments come back in the order given to CreateCampaign with filename,
  // content_type and size, but with empty content (see GetAttachments).
  virtual Result<Campaign> GetCampaign(int64_t id) = 0;
  // The campaign's attachments with their bytes, in order; empty when it has none.
  // NotFound when the campaign does not exist.
  virtual Result<std::vector<Attachment>> GetAttachments(int64_t campaign_id) = 0;
  // Applies `action` atomically (compare-and-set on the status read in the same
  // transaction) and logs an event. FailedPrecondition when the action is not allowed in
  // the current status; the campaign is then unchanged. Cancel also makes every range of
  // the campaign unclaimable. Returns the new status.
  virtual Result<CampaignStatus> ApplyCampaignAction(int64_t id, CampaignAction action,
                                                     Timestamp now) = 0;
  // Replaces the operator's fields of a draft or scheduled campaign (name, sender, list,
  // content, throttle, guarantee, window, scheduled_at and the status draft/scheduled that
  // goes with it), and its attachments when replace_attachments, in one transaction with an
  // "updated" event. The status is checked in the same transaction: FailedPrecondition, and
  // nothing changes, once the campaign is queued or later. NotFound.
  // REQUIRES: campaign.Validate().ok(); sender and list exist.
  virtual Status UpdateCampaign(const Campaign& campaign, bool replace_attachments, Timestamp now) = 0;
  // One page of campaigns with their counters (see CampaignQuery).
  virtual Result<std::vector<CampaignSummary>> ListCampaigns(const CampaignQuery& query) = 0;
  // One page of a campaign's deliveries (see DeliveryQuery); empty for an unknown campaign.
  virtual Result<std::vector<Delivery>> ListDeliveries(const DeliveryQuery& query) = 0;
  // Exact counters: the sum over the campaign's ranges (all zero before it starts).
  virtual Result<Counters> GetCounters(int64_t campaign_id) = 0;
  // Nothing of the campaign is claimed before `until` (outside its send window). Logs
  // `reason` as an event only when this moves the campaign's not_before later, so many
  // workers noticing the same closed window log it once.
  virtual Status DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                               Timestamp now) = 0;
  // Campaign ids in `status`, oldest first.
  virtual Result<std::vector<int64_t>> CampaignIdsWithStatus(CampaignStatus status,
                                                             int limit = 1000) = 0;
  // Moves scheduled campaigns whose scheduled_at <= now to queued; returns their ids.
  virtual Result<std::vector<int64_t>> PromoteDueScheduled(Timestamp now) = 0;
  // Snapshots a queued campaign's audience into deliveries (suppressed recipients included,
  // as suppressed) and ranges of batch_size, and moves it to sending — one transaction.
  // FailedPrecondition when the campaign is no longer queued (another node started it).
  virtual Result<CampaignStart> StartCampaign(int64_t campaign_id, Timestamp now) = 0;
  // Moves every sending campaign with no range left to work on to done / partial / failed
  // (by its counters), with completed_at = now and a "finished" event.
  virtual Result<std::vector<FinalizedCampaign>> FinalizeCampaigns(Timestamp now) = 0;

  // ---- Events -----------------------------------------------------------------------------
  virtual Status AppendEvent(int64_t campaign_id, Timestamp ts, std::string_view kind,
                             std::string_view message) = 0;
  // Events with id > after_id, oldest first.
  virtual Result<std::vector<CampaignEvent>> ListEvents(int64_t campaign_id, int64_t after_id,
                                                        int limit) = 0;

  // ---- Work (leases) ----------------------------------------------------------------------
  // Claims the first claimable range (pending, not_before <= now, campaign sending, sender
  // not paused) for `owner` until now + ttl, bumping its lease_epoch. nullopt when none.
  virtual Result<std::optional<RangeLease>> ClaimRange(std::string_view owner, Timestamp now,
                                                       Millis ttl) = 0;
  // Extends the lease to now + ttl and returns the campaign's current status (the worker
  // stops when it is no longer sending). Conflict when the lease was lost.
  virtual Result<CampaignStatus> RenewLease(RangeLease& lease, Timestamp now, Millis ttl) = 0;
  // Marks up to `limit` due pending deliveries of the range in_flight (attempts + 1) and
  // returns them in seq order; empty when none is due. Conflict when the lease was lost.
  virtual Result<std::vector<DeliveryTask>> BeginDeliveries(const RangeLease& lease,
                                                            Timestamp now, int limit) = 0;
  // Records what became of in-flight deliveries of the range, in one transaction. A
  // delivery recorded unavailable, or with outcome.suppress set, has its address added to
  // the suppression list (reason: outcome.suppress, else unavailable; campaign_id: the
  // delivery's campaign; an address already suppressed keeps its row).
  // Conflict (nothing written) when the lease was lost.
  virtual Status RecordOutcomes(const RangeLease& lease, std::span<const DeliveryOutcome> outcomes,
                                Timestamp now) = 0;
  // Gives the range back. If all its deliveries are final it is done (and the next batch
  // becomes eligible batch_pause later); if some wait for a retry it becomes pending again
  // with not_before = the earliest retry; if its campaign is paused it becomes pending; if
  // cancelled, done. Conflict when the lease was lost.
  virtual Result<ReleaseKind> ReleaseRange(const RangeLease& lease, Timestamp now) = 0;
  // Returns ranges whose lease expired before `now` to pending; their in-flight deliveries
  // become unknown (at_most_once) or pending again (at_least_once). A range rescued more
  // than `max_rescues` times is parked as failed (its unsent deliveries failed with the
  // reason). Logs an event per range.
  virtual Result<RescueReport> RescueExpiredLeases(Timestamp now, int max_rescues) = 0;
  // The earliest future instant at which something becomes due (a range's not_before, a
  // lease expiry, a scheduled_at, a sender's pause end); nullopt when nothing is waiting.
  virtual Result<std::optional<Timestamp>> NextWakeup(Timestamp now) = 0;
  // True when there is work to do now: a queued campaign or a claimable range.
  virtual Result<bool> HasDueWork(Timestamp now) = 0;

  // ---- Coordination between processes ----------------------------------------------------
  // Scheduler passes are safe to run anywhere (every step is a compare-and-set), but on a
  // database shared by many nodes one leader runs them, so that N nodes do not each scan
  // the store several times a second.
  //
  // True when `owner` holds (or now takes, or renews) the scheduler leadership until
  // now + ttl; false while another owner holds an unexpired one. A leader that dies is
  // replaced within ttl. The default — for a backend that one node uses (SQLite) — grants
  // it to every caller.
  virtual Result<bool> AcquireSchedulerLeadership(std::string_view owner, Timestamp now,
                                                  Millis ttl);
  // True when this backend announces new work to other processes (WaitForWork then
  // blocks); false (the default) when they only learn of it by polling.
  virtual bool AnnouncesWork() const { return false; }
  // Waits up to `timeout` for another process (or this one) to announce work: a campaign
  // queued, started, resumed, or created or edited with a scheduled time, a range handed
  // back or rescued. True when announced, false
  // on timeout. Transient when the database cannot be reached (callers then poll). The
  // default returns false at once. May be called from one thread at a time.
  virtual Result<bool> WaitForWork(Millis timeout);

  // ---- Suppressions -----------------------------------------------------------------------
  // The suppression list (core/suppression.h). Addresses are given normalised
  // (NormalizeChannelAddress); StartCampaign snapshots contacts whose address is listed as
  // suppressed, and RecordOutcomes adds to it.
  //
  // Adds every row in one transaction (all or nothing). An address already suppressed gets
  // the new reason, campaign_id and created_at (counted as updated). Duplicates within
  // `rows`: the last one wins.
  virtual Result<SuppressionCounts> AddSuppressions(std::span<const Suppression> rows) = 0;
  // Removes the address from the list (later campaigns send to it again). NotFound when it
  // was not suppressed.
  virtual Status RemoveSuppression(std::string_view address) = 0;
  // The suppression of `address`, or nullopt when it is not suppressed.
  virtual Result<std::optional<Suppression>> FindSuppression(std::string_view address) = 0;
  // One page of the list, ordered by address (see SuppressionQuery).
  virtual Result<std::vector<Suppression>> ListSuppressions(const SuppressionQuery& query) = 0;

  // ---- Users, API tokens and sessions -----------------------------------------------------
  // Only hashes are stored (core/user.h). REQUIRES: ValidateUsername(user.username).ok().
  virtual Result<int64_t> CreateUser(const User& user) = 0;           // AlreadyExists
  virtual Result<User> GetUser(int64_t id) = 0;                       // NotFound
  virtual Result<User> FindUser(std::string_view username) = 0;       // NotFound
  virtual Result<std::vector<User>> ListUsers() = 0;                  // by username
  // Stores a token (its hash, prefix and name) for token.user_id. NotFound for an unknown
  // user; AlreadyExists if the hash is already stored.
  virtual Result<int64_t> CreateApiToken(const ApiToken& token) = 0;
  // The user owning the unrevoked token with this hash; NotFound otherwise (unknown or
  // revoked alike).
  virtual Result<User> FindUserByToken(std::string_view token_hash) = 0;
  // Tokens (without hashes), newest first; of one user, or of everyone.
  virtual Result<std::vector<ApiToken>> ListApiTokens(std::optional<int64_t> user_id) = 0;
  // Marks the token revoked at `now`: it authenticates nothing from then on. Revoking a
  // revoked token changes nothing and is OK. NotFound for an unknown id.
  virtual Status RevokeApiToken(int64_t token_id, Timestamp now) = 0;
  virtual Status CreateSession(const Session& session) = 0;
  // The session with this id hash and its user; NotFound when unknown or expired at `now`.
  virtual Result<SessionUser> FindSession(std::string_view id_hash, Timestamp now) = 0;
  virtual Status DeleteSession(std::string_view id_hash) = 0;  // OK when already gone

  // ---- Idempotent requests ----------------------------------------------------------------
  // Claims (record.user_id, record.key) for a request about to be handled, atomically: nullopt
  // when the caller got it (and must Finish or Abandon it), or the record already there — the
  // answer to replay (status != 0), or a request still in progress (status == 0). An
  // in-progress record created before `stale_before` (its process died) is taken over.
  virtual Result<std::optional<IdempotencyRecord>> BeginIdempotentRequest(
      const IdempotencyRecord& record, Timestamp stale_before) = 0;
  // Stores the answer of a claimed request. REQUIRES: status != 0.
  virtual Status FinishIdempotentRequest(int64_t user_id, std::string_view key, int status,
                                         std::string_view response) = 0;
  // Forgets a claimed request that failed without an answer worth replaying.
  virtual Status AbandonIdempotentRequest(int64_t user_id, std::string_view key) = 0;
  // Deletes sessions expired at `now` and idempotency records created before `keys_before`;
  // returns how many rows went.
  virtual Result<int64_t> PurgeExpired(Timestamp now, Timestamp keys_before) = 0;
};

}  // namespace pregon

// PostgresStore: the work queue: starting campaigns, leases on ranges, results, rescue and
// finalisation (WorkQueue).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/common/campaign_events.h"
#include "store/common/range_plans.h"
#include "store/common/row_readers.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Status PostgresStore::PauseSender(int64_t sender_id, Timestamp until) {
  return session_->Transact("pausing sender", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE senders SET paused_until = GREATEST(paused_until, $1) WHERE id = $2";
    tx.Exec(kSql, Ms(until), sender_id);
    return Status::Ok();
  });
}

void PostgresStore::AnnounceWork(PgTx& tx) const {
  static const char* kSql = "SELECT pg_notify($1, '')";
  tx.Exec(kSql, work_channel_);
}

Result<bool> PostgresStore::AcquireSchedulerLeadership(std::string_view owner, Timestamp now,
                                                       Millis ttl) {
  return session_->Transact("taking the scheduler leadership", [&](PgTx& tx) -> Result<bool> {
    // Take the row when it is free, ours, or expired; otherwise change nothing.
    static const char* kSql =
        "INSERT INTO scheduler_leader (id, owner, lease_until) VALUES (1, $1, $2) "
        "ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until "
        "WHERE scheduler_leader.owner = EXCLUDED.owner OR scheduler_leader.lease_until < $3 "
        "RETURNING owner";
    return !tx.Exec(kSql, std::string(owner), Ms(now + ttl), Ms(now)).empty();
  });
}

Status PostgresStore::ReleaseSchedulerLeadership(std::string_view owner) {
  return session_->Transact(
      "giving up the scheduler leadership",
      [&](PgTx& tx) -> Status {
        static const char* kSql = "DELETE FROM scheduler_leader WHERE owner = $1";
        tx.Exec(kSql, std::string(owner));
        return Status::Ok();
      },
      PgRetry::kIdempotent);
}

Result<bool> PostgresStore::WaitForWork(Millis timeout) {
  MutexLock lock(listen_mu_);
  try {
    if (!listener_)
      listener_ = std::make_unique<PgListener>(session_->options().url, work_channel_);
    return listener_->Wait(timeout);
  } catch (const std::exception& e) {
    listener_.reset();  // a fresh connection (and LISTEN) next time
    return Status::Transient("waiting for work announcements from PostgreSQL at '" +
                             RedactUrl(session_->options().url) + "': " + e.what());
  }
}

Status PostgresStore::DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                                    Timestamp now) {
  return session_->Transact("deferring campaign", [&](PgTx& tx) -> Status {
    static const char* kSql =
        "UPDATE campaigns SET not_before = $1 WHERE id = $2 AND not_before < $1";
    if (tx.Exec(kSql, Ms(until), campaign_id).affected_rows() > 0)
      InsertEvent(tx, campaign_id, now, "waiting", reason);
    return Status::Ok();
  });
}

Result<std::vector<int64_t>> PostgresStore::PromoteDueScheduled(Timestamp now) {
  return session_->Transact("promoting scheduled campaigns",
                            [&](PgTx& tx) -> Result<std::vector<int64_t>> {
                              static const char* kSql =
                                  "UPDATE campaigns SET status = 'queued', updated_at = $1 "
                                  "WHERE status = 'scheduled' AND scheduled_at <= $1 RETURNING id";
                              std::vector<int64_t> ids;
                              for (const auto& r : tx.Exec(kSql, Ms(now)))
                                ids.push_back(r[0].as<int64_t>());
                              std::sort(ids.begin(), ids.end());
                              for (auto id : ids)
                                InsertEvent(tx, id, now, "queued", "scheduled time reached");
                              if (!ids.empty()) AnnounceWork(tx);
                              return ids;
                            });
}

// One snapshot statement per address kind (as in the SQLite store): e-mail channels send to
// contacts with an e-mail, Telegram to contacts with a chat id, the sandbox to either.
static const char* SnapshotSql(ChannelKind kind) {
#define PREGON_SNAPSHOT(ADDR)                                                           \
  "INSERT INTO deliveries (campaign_id, seq, contact_id, address, status, updated_at) " \
  "SELECT $1, ROW_NUMBER() OVER (ORDER BY c.id), c.id, " ADDR                           \
  ", "                                                                                  \
  "CASE WHEN s.address IS NULL THEN 'pending' ELSE 'suppressed' END, $2 "               \
  "FROM list_members m JOIN contacts c ON c.id = m.contact_id "                         \
  "LEFT JOIN suppressions s ON s.address = " ADDR                                       \
  " "                                                                                   \
  "WHERE m.list_id = $3 AND " ADDR " IS NOT NULL"
  switch (kind) {
    case ChannelKind::kTelegram:
      return PREGON_SNAPSHOT("c.chat_id");
    case ChannelKind::kSandbox:
      return PREGON_SNAPSHOT("COALESCE(c.email, c.chat_id)");
    default:
      return PREGON_SNAPSHOT("c.email");
  }
#undef PREGON_SNAPSHOT
}

Result<CampaignStart> PostgresStore::StartCampaign(int64_t campaign_id, Timestamp now) {
  return session_->Transact("starting campaign", [&](PgTx& tx) -> Result<CampaignStart> {
    // FOR UPDATE: a second node starting the same campaign waits, then finds it sending.
    static const char* kGet =
        "SELECT c.status, c.list_id, c.batch_size, c.batch_pause_ms, s.kind FROM campaigns c "
        "JOIN senders s ON s.id = c.sender_id WHERE c.id = $1 FOR UPDATE OF c";
    auto r = tx.Exec(kGet, campaign_id);
    if (r.empty())
      return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
    auto to =
        ApplyAction(ParseCampaignStatus(r[0][0].as<std::string>()).value(), CampaignAction::kStart,
                    /*snapshotted=*/false);
    if (!to.ok()) return to.status().WithContext("campaign " + std::to_string(campaign_id));
    int64_t list_id = r[0][1].as<int64_t>();
    int batch = r[0][2].as<int>();
    int64_t pause = r[0][3].as<int64_t>();
    auto kind = ParseChannelKind(r[0][4].as<std::string>()).value();

    tx.Exec(SnapshotSql(kind), campaign_id, Ms(now), list_id);
    static const char* kRanges =
        "INSERT INTO ranges (campaign_id, seq, first_seq, last_seq, status, not_before, pending, "
        "suppressed) "
        "SELECT $1, (g + 1)::int, MIN(seq), MAX(seq), "
        "CASE WHEN $3::bigint = 0 OR g = 0 THEN 'pending' ELSE 'waiting' END, $4, "
        "COUNT(*) FILTER (WHERE status = 'pending'), COUNT(*) FILTER (WHERE status = 'suppressed') "
        "FROM (SELECT seq, status, (seq - 1) / $2::bigint AS g FROM deliveries "
        "      WHERE campaign_id = $1) d GROUP BY g";
    int64_t range_count =
        static_cast<int64_t>(tx.Exec(kRanges, campaign_id, batch, pause, Ms(now)).affected_rows());
    static const char* kSums =
        "SELECT COALESCE(SUM(pending + suppressed), 0)::bigint, COALESCE(SUM(suppressed), "
        "0)::bigint "
        "FROM ranges WHERE campaign_id = $1";
    auto sums = tx.Exec(kSums, campaign_id)[0];
    CampaignStart start{sums[0].as<int64_t>(), sums[1].as<int64_t>(), range_count};
    static const char* kSending =
        "UPDATE campaigns SET status = 'sending', started_at = $1, updated_at = $1 WHERE id = $2";
    tx.Exec(kSending, Ms(now), campaign_id);
    InsertEvent(tx, campaign_id, now, "started",
                events::Started(start.total, start.suppressed, range_count, batch));
    AnnounceWork(tx);
    return start;
  });
}

Status PostgresStore::LockFence(PgTx& tx, const RangeLease& lease) {
  static const char* kSql =
      "SELECT 1 FROM ranges WHERE id = $1 AND lease_epoch = $2 AND status = 'leased' FOR UPDATE";
  if (!tx.Exec(kSql, lease.range_id, lease.lease_epoch).empty()) return Status::Ok();
  return Status::Conflict("lease on range " + std::to_string(lease.range_id) + " (epoch " +
                          std::to_string(lease.lease_epoch) + ") was lost");
}

Result<std::optional<RangeLease>> PostgresStore::ClaimRange(std::string_view owner, Timestamp now,
                                                            Millis ttl) {
  return session_->Transact(
      "claiming a range",
      [&](PgTx& tx) -> Result<std::optional<RangeLease>> {
        // Run again after a lost answer, an earlier attempt may have claimed a range: the exact
        // owner and lease_until it wrote find it, so it is handed out rather than orphaned until
        // its lease expires.
        static const char* kMine =
            "SELECT id, campaign_id, seq, first_seq, last_seq, lease_epoch, "
            "  (SELECT sender_id FROM campaigns WHERE id = ranges.campaign_id) "
            "FROM ranges WHERE status = 'leased' AND owner = $1 AND lease_until = $2";
        static const char* kSql =
            "UPDATE ranges SET status = 'leased', owner = $1, lease_until = $2, "
            "lease_epoch = lease_epoch + 1, started_at = COALESCE(started_at, $3) "
            "WHERE status = 'pending' AND id = ("
            "  SELECT r.id FROM ranges r JOIN campaigns c ON c.id = r.campaign_id "
            "  JOIN senders s ON s.id = c.sender_id "
            "  WHERE r.status = 'pending' AND r.not_before <= $3 AND c.status = 'sending' "
            "  AND c.not_before <= $3 AND s.paused_until <= $3 ORDER BY r.campaign_id, r.seq LIMIT "
            "1 "
            "  FOR UPDATE OF r SKIP LOCKED) "
            "RETURNING id, campaign_id, seq, first_seq, last_seq, lease_epoch, "
            "  (SELECT sender_id FROM campaigns WHERE id = ranges.campaign_id)";
        pqxx::result r;
        if (tx.attempt() > 1) r = tx.Exec(kMine, std::string(owner), Ms(now + ttl));
        if (r.empty()) r = tx.Exec(kSql, std::string(owner), Ms(now + ttl), Ms(now));
        if (r.empty()) return std::optional<RangeLease>();
        RangeLease lease;
        lease.range_id = r[0][0].as<int64_t>();
        lease.campaign_id = r[0][1].as<int64_t>();
        lease.seq = r[0][2].as<int>();
        lease.first_seq = r[0][3].as<int64_t>();
        lease.last_seq = r[0][4].as<int64_t>();
        lease.lease_epoch = r[0][5].as<int64_t>();
        lease.sender_id = r[0][6].as<int64_t>();
        lease.owner = std::string(owner);
        lease.lease_until = now + ttl;
        return std::optional<RangeLease>(lease);
      },
      PgRetry::kIdempotent);
}

Result<CampaignStatus> PostgresStore::RenewLease(RangeLease& lease, Timestamp now, Millis ttl) {
  auto status = session_->Transact(
      "renewing a lease",
      [&](PgTx& tx) -> Result<CampaignStatus> {
        static const char* kSql =
            "UPDATE ranges SET lease_until = $1 WHERE id = $2 AND lease_epoch = $3 AND status = "
            "'leased' "
            "RETURNING (SELECT status FROM campaigns WHERE id = ranges.campaign_id)";
        auto r = tx.Exec(kSql, Ms(now + ttl), lease.range_id, lease.lease_epoch);
        if (r.empty())
          return Status::Conflict("lease on range " + std::to_string(lease.range_id) + " (epoch " +
                                  std::to_string(lease.lease_epoch) + ") was lost");
        return ParseCampaignStatus(r[0][0].as<std::string>()).value();
      },
      PgRetry::kIdempotent);  // renewing twice is renewing once
  if (status.ok()) lease.lease_until = now + ttl;
  return status;
}

// Tasks from rows of (id, seq, contact_id, address, attempts, name, fields).
static std::vector<DeliveryTask> TasksFrom(const pqxx::result& rows) {
  std::vector<DeliveryTask> tasks;
  tasks.reserve(rows.size());
  for (const auto& r : rows) tasks.push_back(ReadTask(PgRow(r)));
  return tasks;
}

Result<std::vector<DeliveryTask>> PostgresStore::BeginDeliveries(RangeLease& lease, Timestamp now,
                                                                 int limit) {
  return session_->Transact(
      "starting deliveries",
      [&](PgTx& tx) -> Result<std::vector<DeliveryTask>> {
        PREGON_RETURN_IF_ERROR(LockFence(tx, lease));
        // A recipient suppressed since the snapshot is not sent to: checked here, in the
        // transaction that would put it in flight.
        static const char* kSql =
            "WITH due AS ("
            "  SELECT d.id, s.address IS NOT NULL AS barred FROM deliveries d"
            "  LEFT JOIN suppressions s ON s.address = d.address"
            "  WHERE d.campaign_id = $1 AND d.seq BETWEEN $2 AND $3 AND d.status = 'pending'"
            "  AND d.not_before <= $4 ORDER BY d.seq LIMIT $5 FOR UPDATE OF d),"
            " picked AS ("
            "  UPDATE deliveries d SET updated_at = $4,"
            "   status = CASE WHEN due.barred THEN 'suppressed' ELSE 'in_flight' END,"
            "   attempts = d.attempts + CASE WHEN due.barred THEN 0 ELSE 1 END,"
            "   last_error = CASE WHEN due.barred THEN $6 ELSE d.last_error END"
            "  FROM due WHERE d.id = due.id"
            "  RETURNING d.id, d.seq, d.contact_id, d.address, d.attempts, due.barred)"
            " SELECT p.id, p.seq, p.contact_id, p.address, p.attempts, c.name, c.fields, p.barred"
            " FROM picked p JOIN contacts c ON c.id = p.contact_id ORDER BY p.seq";
        // Run again after a lost answer: the deliveries an earlier attempt put in flight (under
        // this lease, stamped with this `now`) were never handed to anyone; return them, with
        // the counters that attempt already moved, instead of starting more.
        static const char* kAgain =
            "SELECT d.id, d.seq, d.contact_id, d.address, d.attempts, c.name, c.fields"
            " FROM deliveries d JOIN contacts c ON c.id = d.contact_id"
            " WHERE d.campaign_id = $1 AND d.seq BETWEEN $2 AND $3 AND d.status = 'in_flight'"
            " AND d.updated_at = $4 ORDER BY d.seq LIMIT $5";
        pqxx::result rows;
        if (tx.attempt() > 1) {
          rows =
              tx.Exec(kAgain, lease.campaign_id, lease.first_seq, lease.last_seq, Ms(now), limit);
          if (!rows.empty()) return TasksFrom(rows);
        }
        // FOR KEY SHARE: a pause or cancel (SELECT ... FOR UPDATE) waits for this transaction,
        // and this one for theirs, reading the status they committed; counter updates (no key
        // change) do not wait.
        static const char* kGate =
            "SELECT c.status = 'sending' AND s.paused_until <= $2 FROM campaigns c"
            " JOIN senders s ON s.id = c.sender_id WHERE c.id = $1 FOR KEY SHARE OF c";
        auto gate = tx.Exec(kGate, lease.campaign_id, Ms(now));
        if (gate.empty() || !gate[0][0].as<bool>()) return std::vector<DeliveryTask>{};
        for (const int64_t from : ScanStartsFor(lease)) {
          rows = tx.Exec(kSql, lease.campaign_id, from, lease.last_seq, Ms(now), limit,
                         std::string(kSuppressedSinceSnapshot));
          if (!rows.empty()) break;
        }
        std::vector<DeliveryTask> tasks;
        int64_t barred = 0;
        for (const auto& r : rows) {
          if (r[7].as<bool>())
            ++barred;
          else
            tasks.push_back(ReadTask(PgRow(r)));
        }
        if (rows.empty()) return tasks;
        static const char* kCount =
            "UPDATE ranges SET pending = pending - $1 - $2, in_flight = in_flight + $1,"
            " suppressed = suppressed + $2 WHERE id = $3";
        tx.Exec(kCount, static_cast<int64_t>(tasks.size()), barred, lease.range_id);
        lease.scan_from = rows[rows.size() - 1][1].as<int64_t>() + 1;
        return tasks;
      },
      PgRetry::kIdempotent);
}

// The outcomes as one JSON array (one statement records them all). Provider messages may
// hold invalid UTF-8 or NUL bytes, which PostgreSQL text refuses: replaced / dropped.
static Result<std::string> OutcomesJson(std::span<const DeliveryOutcome> outcomes) {
  auto clean = [](const std::string& s) {
    std::string out;
    for (char ch : s)
      if (ch != '\0') out += ch;
    return out;
  };
  PREGON_RETURN_IF_ERROR(CheckRecordable(outcomes));
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& o : outcomes) {
    auto suppress = SuppressionFor(o);
    rows.push_back({{"id", o.delivery_id},
                    {"status", DeliveryStatusName(o.status)},
                    {"provider_id", clean(o.provider_id)},
                    {"error", clean(o.error)},
                    {"retry_at", Ms(o.retry_at)},
                    {"uncounted", o.attempt_not_counted ? 1 : 0},
                    {"suppress", suppress ? std::string(SuppressionReasonName(*suppress)) : ""}});
  }
  return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status PostgresStore::RecordOutcomes(const RangeLease& lease,
                                     std::span<const DeliveryOutcome> outcomes, Timestamp now) {
  PREGON_ASSIGN_OR_RETURN(std::string json, OutcomesJson(outcomes));
  return session_->Transact(
      "recording results",
      [&](PgTx& tx) -> Status {
        PREGON_RETURN_IF_ERROR(LockFence(tx, lease));
        // Only deliveries of this range still in flight change (and are counted); unavailable
        // recipients, and those with a suppress reason, join the suppression list.
        static const char* kSql =
            "WITH input AS ("
            "  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text,"
            "   provider_id text, error text, retry_at bigint, suppress text, uncounted int)),"
            " upd AS ("
            "  UPDATE deliveries d SET status = i.status, provider_id = NULLIF(i.provider_id, ''),"
            "   last_error = NULLIF(i.error, ''), not_before = i.retry_at, updated_at = $2,"
            "   attempts = d.attempts - i.uncounted"
            "  FROM input i WHERE d.id = i.id AND d.status = 'in_flight' AND d.campaign_id = $3"
            "   AND d.seq BETWEEN $4 AND $5"
            "  RETURNING d.status, d.address, d.campaign_id, i.suppress),"
            " sup AS ("
            "  INSERT INTO suppressions (address, reason, campaign_id, created_at)"
            "  SELECT address, suppress, campaign_id, $2 FROM upd WHERE suppress <> ''"
            "  ON CONFLICT (address) DO NOTHING)"
            " SELECT status, COUNT(*) FROM upd GROUP BY status";
        Counters delta;
        for (const auto& r :
             tx.Exec(kSql, json, Ms(now), lease.campaign_id, lease.first_seq, lease.last_seq)) {
          auto status = ParseDeliveryStatus(r[0].as<std::string>()).value();
          int64_t n = r[1].as<int64_t>();
          CountOutcome(status, n, delta);
        }
        int64_t resolved = Resolved(delta);
        static const char* kCount =
            "UPDATE ranges SET in_flight = in_flight - $1, pending = pending + $2,"
            " sent = sent + $3, failed = failed + $4, unavailable = unavailable + $5,"
            " unknown = unknown + $6, rescues = CASE WHEN $1 > 0 THEN 0 ELSE rescues END"
            " WHERE id = $7";
        tx.Exec(kCount, resolved, delta.pending, delta.sent, delta.failed, delta.unavailable,
                delta.unknown, lease.range_id);
        return Status::Ok();
      },
      PgRetry::kIdempotent);  // run again, it finds those deliveries no longer in flight
}

Result<ReleaseKind> PostgresStore::ReleaseRange(const RangeLease& lease, Timestamp now,
                                                Timestamp hold_until) {
  return session_->Transact("releasing a range", [&](PgTx& tx) -> Result<ReleaseKind> {
    PREGON_RETURN_IF_ERROR(LockFence(tx, lease));
    auto campaign_status = ReadCampaignStatus(tx, lease.campaign_id);
    static const char* kGet =
        "SELECT r.pending, r.in_flight, r.sent, r.failed, r.unavailable, r.unknown, "
        "c.batch_pause_ms, (SELECT COUNT(*) FROM ranges x WHERE x.campaign_id = r.campaign_id) "
        "FROM ranges r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = $1";
    auto g = tx.Exec(kGet, lease.range_id)[0];
    RangeCounts k{g[0].as<int64_t>(), g[1].as<int64_t>(), g[2].as<int64_t>(),
                  g[3].as<int64_t>(), g[4].as<int64_t>(), g[5].as<int64_t>()};
    Millis pause(g[6].as<int64_t>());
    int64_t range_total = g[7].as<int64_t>();
    PREGON_ASSIGN_OR_RETURN(ReleasePlan plan,
                            PlanRelease(lease.range_id, k, campaign_status, pause, now));
    if (plan.final()) {
      if (plan.cancel_pending)
        CancelPending(tx, lease.campaign_id, lease.first_seq, lease.last_seq, now);
      static const char* kDone =
          "UPDATE ranges SET status = 'done', owner = NULL, completed_at = $1 WHERE id = $2";
      tx.Exec(kDone, Ms(now), lease.range_id);
      ReleaseNextBatch(tx, lease.campaign_id, lease.seq, plan.next_batch_at, now);
      InsertEvent(
          tx, lease.campaign_id, now, "batch_done",
          events::BatchDone(lease.seq, range_total, {k.sent, k.failed, k.unavailable, k.unknown}));
      return plan.answer;
    }
    // Some deliveries wait for a retry (or the campaign is paused): pending again, due when
    // the earliest of them is (and not before hold_until).
    static const char* kBack =
        "UPDATE ranges SET status = 'pending', owner = NULL, not_before = GREATEST($1::bigint, "
        "  (SELECT MIN(not_before) FROM deliveries WHERE campaign_id = $2 AND seq BETWEEN $3 AND $4"
        "   AND status = 'pending')) WHERE id = $5";
    tx.Exec(kBack, std::max(Ms(now), Ms(hold_until)), lease.campaign_id, lease.first_seq,
            lease.last_seq, lease.range_id);
    return plan.answer;
  });
}

void PostgresStore::CancelPending(PgTx& tx, int64_t campaign_id, int64_t first_seq,
                                  int64_t last_seq, Timestamp now) {
  static const char* kDeliveries =
      "UPDATE deliveries SET status = 'cancelled', last_error = $1, updated_at = $2 "
      "WHERE campaign_id = $3 AND seq BETWEEN $4 AND $5 AND status = 'pending'";
  tx.Exec(kDeliveries, std::string(kCancelledBeforeSent), Ms(now), campaign_id, first_seq,
          last_seq);
  // A range's pending counter is exactly its pending deliveries.
  static const char* kRanges =
      "UPDATE ranges SET cancelled = cancelled + pending, pending = 0 "
      "WHERE campaign_id = $1 AND first_seq >= $2 AND last_seq <= $3 AND pending > 0";
  tx.Exec(kRanges, campaign_id, first_seq, last_seq);
}

void PostgresStore::ReleaseNextBatch(PgTx& tx, int64_t campaign_id, int64_t seq, Timestamp at,
                                     Timestamp now) const {
  static const char* kNext =
      "UPDATE ranges SET status = 'pending', not_before = $1 "
      "WHERE campaign_id = $2 AND seq = $3 AND status = 'waiting'";
  auto next = tx.Exec(kNext, Ms(at), campaign_id, seq + 1);
  if (next.affected_rows() > 0 && at <= now) AnnounceWork(tx);
}

// Returns one expired range to pending (or parks it, releasing the next batch); logs the
// event.
void PostgresStore::RescueRange(PgTx& tx, const ExpiredRange& r, Timestamp now, int max_rescues,
                                RescueReport& report) const {
  RescuePlan plan = PlanRescue(r.guarantee, r.campaign_status, r.rescues, r.in_flight, max_rescues,
                               r.batch_pause, now);
  bool resend = plan.in_flight_become == DeliveryStatus::kPending;
  // In-flight deliveries are ambiguous: the provider may or may not have taken them.
  static const char* kFix =
      "UPDATE deliveries SET status = $1, last_error = 'lease expired while in flight', "
      "updated_at = $2 WHERE campaign_id = $3 AND seq BETWEEN $4 AND $5 AND status = 'in_flight'";
  int64_t n =
      static_cast<int64_t>(tx.Exec(kFix, std::string(DeliveryStatusName(plan.in_flight_become)),
                                   Ms(now), r.campaign_id, r.first_seq, r.last_seq)
                               .affected_rows());
  static const char* kCount =
      "UPDATE ranges SET in_flight = in_flight - $1, pending = pending + $2, "
      "unknown = unknown + $3, rescues = $6, owner = NULL, status = 'pending', "
      "not_before = $4 WHERE id = $5";
  tx.Exec(kCount, n, resend ? n : 0, resend ? 0 : n, Ms(now), r.id, plan.rescues_after);
  if (plan.park) {
    static const char* kPark =
        "UPDATE deliveries SET status = 'failed', last_error = $1, updated_at = $2 "
        "WHERE campaign_id = $3 AND seq BETWEEN $4 AND $5 AND status = 'pending'";
    int64_t m = static_cast<int64_t>(
        tx.Exec(kPark, plan.park_reason, Ms(now), r.campaign_id, r.first_seq, r.last_seq)
            .affected_rows());
    static const char* kParkRange =
        "UPDATE ranges SET pending = pending - $1, failed = failed + $1, status = 'failed', "
        "last_error = $2, completed_at = $3 WHERE id = $4";
    tx.Exec(kParkRange, m, plan.park_reason, Ms(now), r.id);
    ReleaseNextBatch(tx, r.campaign_id, r.seq, plan.next_batch_at, now);
  }
  if (plan.cancelled) {
    CancelPending(tx, r.campaign_id, r.first_seq, r.last_seq, now);
    static const char* kClose =
        "UPDATE ranges SET status = 'done', completed_at = $1 WHERE id = $2";
    tx.Exec(kClose, Ms(now), r.id);
  }
  CountRescue(plan, n, report);
  InsertEvent(tx, r.campaign_id, now, plan.event_kind, RescueEventText(plan, r.seq, r.owner, n));
}

Result<RescueReport> PostgresStore::RescueExpiredLeases(Timestamp now, int max_rescues) {
  return session_->Transact("rescuing expired leases", [&](PgTx& tx) -> Result<RescueReport> {
    // SKIP LOCKED: a range whose holder is writing right now is not expired in practice; the
    // next pass looks again. FOR UPDATE re-checks lease_until on the newest row version.
    static const char* kSql =
        "SELECT r.id, r.campaign_id, r.seq, r.first_seq, r.last_seq, r.rescues, r.in_flight, "
        "COALESCE(r.owner, ''), c.guarantee, c.batch_pause_ms, c.status "
        "FROM ranges r JOIN campaigns c ON c.id = r.campaign_id "
        "WHERE r.status = 'leased' AND r.lease_until < $1 ORDER BY r.id FOR UPDATE OF r SKIP "
        "LOCKED";
    std::vector<ExpiredRange> expired;
    for (const auto& r : tx.Exec(kSql, Ms(now)))
      expired.push_back(
          {r[0].as<int64_t>(), r[1].as<int64_t>(), r[2].as<int64_t>(), r[3].as<int64_t>(),
           r[4].as<int64_t>(), r[5].as<int64_t>(), r[6].as<int64_t>(), r[7].as<std::string>(),
           ParseDeliveryGuarantee(r[8].as<std::string>()).value(), Millis(r[9].as<int64_t>()),
           ParseCampaignStatus(r[10].as<std::string>()).value()});
    RescueReport report;
    for (const auto& r : expired) RescueRange(tx, r, now, max_rescues, report);
    if (report.ranges_rescued > 0) AnnounceWork(tx);
    return report;
  });
}

Result<std::vector<FinalizedCampaign>> PostgresStore::FinalizeCampaigns(Timestamp now) {
  return session_->Transact(
      "finalising campaigns", [&](PgTx& tx) -> Result<std::vector<FinalizedCampaign>> {
        static const char* kSql =
            "SELECT c.id, " PREGON_COUNTER_SUMS("r.") " FROM campaigns c LEFT JOIN ranges r ON r.campaign_id = c.id WHERE c.status = "
            "'sending' AND c.started_at IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM ranges x WHERE x.campaign_id = c.id "
            "  AND x.status IN ('waiting', 'pending', 'leased')) GROUP BY c.id ORDER BY c.id";
        static const char* kUpdate =
            "UPDATE campaigns SET status = $1, completed_at = $2, updated_at = $2 "
            "WHERE id = $3 AND status = 'sending'";
        std::vector<FinalizedCampaign> out;
        for (const auto& r : tx.Exec(kSql)) {
          int64_t id = r[0].as<int64_t>();
          Counters k = ReadCounters(PgRow(r), 1);
          auto status = FinalStatusFor(k);
          // 0 rows: another node finalised (or cancelled) it in between.
          if (tx.Exec(kUpdate, std::string(CampaignStatusName(status)), Ms(now), id)
                  .affected_rows() == 0)
            continue;
          InsertEvent(tx, id, now, "finished", events::Finished(status, k));
          out.push_back({id, status});
        }
        return out;
      });
}

Result<std::optional<Timestamp>> PostgresStore::NextWakeup(Timestamp now) {
  return session_->Transact(
      "computing the next wake-up", [&](PgTx& tx) -> Result<std::optional<Timestamp>> {
        static const char* kSql =
            "SELECT LEAST("
            " (SELECT MIN(r.not_before) FROM ranges r JOIN campaigns c ON c.id = r.campaign_id"
            "   WHERE r.status = 'pending' AND c.status = 'sending' AND r.not_before > $1),"
            // A lease is rescued once lease_until < now: the instant after it.
            " (SELECT MIN(lease_until) + 1 FROM ranges WHERE status = 'leased'),"
            " (SELECT MIN(scheduled_at) FROM campaigns WHERE status = 'scheduled'),"
            " (SELECT MIN(not_before) FROM campaigns WHERE status = 'sending' AND not_before > $1),"
            " (SELECT MIN(paused_until) FROM senders WHERE paused_until > $1))";
        auto r = tx.Exec(kSql, Ms(now));
        return OptionalTime(r[0][0]);
      });
}

Result<bool> PostgresStore::HasDueWork(Timestamp now) {
  return session_->Transact("checking for due work", [&](PgTx& tx) -> Result<bool> {
    static const char* kSql =
        "SELECT EXISTS (SELECT 1 FROM campaigns WHERE status = 'queued') OR EXISTS ("
        " SELECT 1 FROM ranges r JOIN campaigns c ON c.id = r.campaign_id"
        " JOIN senders s ON s.id = c.sender_id WHERE r.status = 'pending' AND r.not_before <= $1"
        " AND c.status = 'sending' AND c.not_before <= $1 AND s.paused_until <= $1)";
    return tx.Exec(kSql, Ms(now))[0][0].as<bool>();
  });
}

}  // namespace pregon::store

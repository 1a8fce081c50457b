// SqliteStore: the work queue: starting campaigns, leases on ranges, results, rescue and
// finalisation (WorkQueue).
#include <algorithm>
#include <string>

#include "store/common/campaign_events.h"
#include "store/common/range_plans.h"
#include "store/common/row_readers.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Status SqliteStore::PauseSender(int64_t sender_id, Timestamp until) {
  SqliteSession session(mu_, *db_);
  return Guard("pausing sender", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare("UPDATE senders SET paused_until = MAX(paused_until, ?) WHERE id = ?");
    SQLite::bind(q, Ms(until), sender_id);
    q.exec();
    return Status::Ok();
  });
}

Status SqliteStore::DeferCampaign(int64_t campaign_id, Timestamp until, std::string_view reason,
                                  Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("deferring campaign", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& q =
        db_->Prepare("UPDATE campaigns SET not_before = ?1 WHERE id = ?2 AND not_before < ?1");
    SQLite::bind(q, Ms(until), campaign_id);
    if (q.exec() > 0) InsertEvent(campaign_id, now, "waiting", reason);
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::vector<int64_t>> SqliteStore::PromoteDueScheduled(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("promoting scheduled campaigns",
               [&]() REQUIRES(mu_) -> Result<std::vector<int64_t>> {
                 SqliteTx tx(*db_);
                 auto& q = db_->Prepare(
                     "UPDATE campaigns SET status = 'queued', updated_at = ?1 "
                     "WHERE status = 'scheduled' AND scheduled_at <= ?1 RETURNING id");
                 q.bind(1, Ms(now));
                 std::vector<int64_t> ids;
                 while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
                 for (auto id : ids) InsertEvent(id, now, "queued", "scheduled time reached");
                 tx.Commit();
                 return ids;
               });
}

// One snapshot statement per address kind: e-mail channels send to contacts with an e-mail,
// Telegram to contacts with a chat id, the sandbox to either. seq follows contact id order.
static const char* SnapshotSql(ChannelKind kind) {
#define PREGON_SNAPSHOT(ADDR)                                                           \
  "INSERT INTO deliveries (campaign_id, seq, contact_id, address, status, updated_at) " \
  "SELECT ?1, ROW_NUMBER() OVER (ORDER BY c.id), c.id, " ADDR                           \
  ", "                                                                                  \
  "CASE WHEN s.address IS NULL THEN 'pending' ELSE 'suppressed' END, ?2 "               \
  "FROM list_members m JOIN contacts c ON c.id = m.contact_id "                         \
  "LEFT JOIN suppressions s ON s.address = " ADDR                                       \
  " "                                                                                   \
  "WHERE m.list_id = ?3 AND " ADDR " IS NOT NULL"
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

Result<CampaignStart> SqliteStore::StartCampaign(int64_t campaign_id, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("starting campaign", [&]() REQUIRES(mu_) -> Result<CampaignStart> {
    SqliteTx tx(*db_);
    auto& get = db_->Prepare(
        "SELECT c.status, c.list_id, c.batch_size, c.batch_pause_ms, s.kind FROM campaigns c "
        "JOIN senders s ON s.id = c.sender_id WHERE c.id = ?");
    get.bind(1, campaign_id);
    if (!get.executeStep())
      return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
    auto status = ParseCampaignStatus(get.getColumn(0).getString()).value();
    int64_t list_id = get.getColumn(1).getInt64();
    int batch = get.getColumn(2).getInt();
    int64_t pause = get.getColumn(3).getInt64();
    auto kind = ParseChannelKind(get.getColumn(4).getString()).value();
    get.reset();
    auto to = ApplyAction(status, CampaignAction::kStart, /*snapshotted=*/false);
    if (!to.ok()) return to.status().WithContext("campaign " + std::to_string(campaign_id));

    auto& snap = db_->Prepare(SnapshotSql(kind));
    SQLite::bind(snap, campaign_id, Ms(now), list_id);
    snap.exec();

    auto& ranges = db_->Prepare(
        "INSERT INTO ranges (campaign_id, seq, first_seq, last_seq, status, not_before, pending, "
        "suppressed) "
        "SELECT ?1, (seq - 1) / ?2 + 1, MIN(seq), MAX(seq), "
        "CASE WHEN ?3 = 0 OR (seq - 1) / ?2 = 0 THEN 'pending' ELSE 'waiting' END, ?4, "
        "SUM(status = 'pending'), SUM(status = 'suppressed') "
        "FROM deliveries WHERE campaign_id = ?1 GROUP BY (seq - 1) / ?2");
    SQLite::bind(ranges, campaign_id, batch, pause, Ms(now));
    int64_t range_count = ranges.exec();

    auto& sums = db_->Prepare(
        "SELECT COALESCE(SUM(pending + suppressed), 0), COALESCE(SUM(suppressed), 0) "
        "FROM ranges WHERE campaign_id = ?");
    sums.bind(1, campaign_id);
    sums.executeStep();
    CampaignStart start{sums.getColumn(0).getInt64(), sums.getColumn(1).getInt64(), range_count};
    sums.reset();

    auto& upd = db_->Prepare(
        "UPDATE campaigns SET status = 'sending', started_at = ?1, updated_at = ?1 WHERE id = ?2");
    SQLite::bind(upd, Ms(now), campaign_id);
    upd.exec();
    InsertEvent(campaign_id, now, "started",
                events::Started(start.total, start.suppressed, range_count, batch));
    tx.Commit();
    return start;
  });
}

Status SqliteStore::CheckFence(const RangeLease& lease) {
  auto& q =
      db_->Prepare("SELECT 1 FROM ranges WHERE id = ? AND lease_epoch = ? AND status = 'leased'");
  SQLite::bind(q, lease.range_id, lease.lease_epoch);
  bool held = q.executeStep();
  q.reset();
  if (held) return Status::Ok();
  return Status::Conflict("lease on range " + std::to_string(lease.range_id) + " (epoch " +
                          std::to_string(lease.lease_epoch) + ") was lost");
}

Result<std::optional<RangeLease>> SqliteStore::ClaimRange(std::string_view owner, Timestamp now,
                                                          Millis ttl) {
  SqliteSession session(mu_, *db_);
  return Guard("claiming a range", [&]() REQUIRES(mu_) -> Result<std::optional<RangeLease>> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "UPDATE ranges SET status = 'leased', owner = ?1, lease_until = ?2, "
        "lease_epoch = lease_epoch + 1, started_at = COALESCE(started_at, ?3) "
        "WHERE id = (SELECT r.id FROM ranges r JOIN campaigns c ON c.id = r.campaign_id "
        "  JOIN senders s ON s.id = c.sender_id "
        "  WHERE r.status = 'pending' AND r.not_before <= ?3 AND c.status = 'sending' "
        "  AND c.not_before <= ?3 AND s.paused_until <= ?3 ORDER BY r.campaign_id, r.seq LIMIT 1) "
        "RETURNING id, campaign_id, seq, first_seq, last_seq, lease_epoch");
    SQLite::bind(q, std::string(owner), Ms(now + ttl), Ms(now));
    if (!q.executeStep()) return std::optional<RangeLease>();
    RangeLease lease;
    lease.range_id = q.getColumn(0).getInt64();
    lease.campaign_id = q.getColumn(1).getInt64();
    lease.seq = q.getColumn(2).getInt();
    lease.first_seq = q.getColumn(3).getInt64();
    lease.last_seq = q.getColumn(4).getInt64();
    lease.lease_epoch = q.getColumn(5).getInt64();
    lease.owner = std::string(owner);
    lease.lease_until = now + ttl;
    q.executeStep();  // run to completion so the statement is done before COMMIT
    auto& s = db_->Prepare("SELECT sender_id FROM campaigns WHERE id = ?");
    s.bind(1, lease.campaign_id);
    s.executeStep();
    lease.sender_id = s.getColumn(0).getInt64();
    s.reset();
    tx.Commit();
    return std::optional<RangeLease>(lease);
  });
}

Result<CampaignStatus> SqliteStore::RenewLease(RangeLease& lease, Timestamp now, Millis ttl) {
  SqliteSession session(mu_, *db_);
  return Guard("renewing a lease", [&]() REQUIRES(mu_) -> Result<CampaignStatus> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(
        "UPDATE ranges SET lease_until = ? WHERE id = ? AND lease_epoch = ? AND status = 'leased'");
    SQLite::bind(q, Ms(now + ttl), lease.range_id, lease.lease_epoch);
    if (q.exec() == 0) return CheckFence(lease);  // always Conflict here
    auto status = ReadCampaignStatus(lease.campaign_id);
    tx.Commit();
    lease.lease_until = now + ttl;
    return status;
  });
}

Result<std::vector<DeliveryTask>> SqliteStore::BeginDeliveries(RangeLease& lease, Timestamp now,
                                                               int limit) {
  SqliteSession session(mu_, *db_);
  return Guard("starting deliveries", [&]() REQUIRES(mu_) -> Result<std::vector<DeliveryTask>> {
    SqliteTx tx(*db_);
    PREGON_RETURN_IF_ERROR(CheckFence(lease));
    std::vector<DeliveryTask> tasks;
    auto& gate = db_->Prepare(
        "SELECT c.status = 'sending' AND s.paused_until <= ?2 FROM campaigns c "
        "JOIN senders s ON s.id = c.sender_id WHERE c.id = ?1");
    SQLite::bind(gate, lease.campaign_id, Ms(now));
    const bool may_send = gate.executeStep() && gate.getColumn(0).getInt() != 0;
    gate.reset();
    if (!may_send) return tasks;
    // A recipient suppressed since the snapshot is not sent to: checked here, in the
    // transaction that would put it in flight.
    auto& sel = db_->Prepare(
        "SELECT d.id, d.seq, d.contact_id, d.address, d.attempts + 1, c.name, c.fields, "
        "s.address IS NOT NULL "
        "FROM deliveries d JOIN contacts c ON c.id = d.contact_id "
        "LEFT JOIN suppressions s ON s.address = d.address "
        "WHERE d.campaign_id = ?1 AND d.seq BETWEEN ?2 AND ?3 AND d.status = 'pending' "
        "AND d.not_before <= ?4 ORDER BY d.seq LIMIT ?5");
    int64_t first = 0, last = 0, suppressed = 0;
    for (const int64_t from : ScanStartsFor(lease)) {
      SQLite::bind(sel, lease.campaign_id, from, lease.last_seq, Ms(now), limit);
      while (sel.executeStep()) {
        DeliveryTask t = ReadTask(SqliteRow(sel));
        if (first == 0) first = t.seq;
        last = t.seq;
        if (sel.getColumn(7).getInt() != 0)
          ++suppressed;
        else
          tasks.push_back(std::move(t));
      }
      sel.reset();
      if (first != 0) break;
    }
    if (first == 0) return tasks;
    // The same conditions over [first selected seq, last selected seq] touch exactly the
    // selected rows: we hold the write lock, so nothing changed in between.
    auto& sup = db_->Prepare(
        "UPDATE deliveries SET status = 'suppressed', last_error = ?5, updated_at = ?4 "
        "WHERE campaign_id = ?1 AND seq BETWEEN ?2 AND ?3 AND status = 'pending' "
        "AND not_before <= ?4 AND address IN (SELECT address FROM suppressions)");
    SQLite::bind(sup, lease.campaign_id, first, last, Ms(now), kSuppressedSinceSnapshot);
    const int64_t s = sup.exec();
    auto& upd = db_->Prepare(
        "UPDATE deliveries SET status = 'in_flight', attempts = attempts + 1, updated_at = ?4 "
        "WHERE campaign_id = ?1 AND seq BETWEEN ?2 AND ?3 AND status = 'pending' "
        "AND not_before <= ?4");
    SQLite::bind(upd, lease.campaign_id, first, last, Ms(now));
    const int64_t n = upd.exec();
    if (n != static_cast<int64_t>(tasks.size()) || s != suppressed)
      return Status::Internal("range " + std::to_string(lease.range_id) + ": selected " +
                              std::to_string(tasks.size() + suppressed) +
                              " deliveries but marked " + std::to_string(n + s));
    auto& cnt = db_->Prepare(
        "UPDATE ranges SET pending = pending - ?1 - ?2, in_flight = in_flight + ?1, "
        "suppressed = suppressed + ?2 WHERE id = ?3");
    SQLite::bind(cnt, n, s, lease.range_id);
    cnt.exec();
    tx.Commit();
    lease.scan_from = last + 1;
    return tasks;
  });
}

Status SqliteStore::RecordOutcomes(const RangeLease& lease,
                                   std::span<const DeliveryOutcome> outcomes, Timestamp now) {
  SqliteSession session(mu_, *db_);
  PREGON_RETURN_IF_ERROR(CheckRecordable(outcomes));
  return Guard("recording results", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    PREGON_RETURN_IF_ERROR(CheckFence(lease));
    Counters delta;
    for (const auto& o : outcomes) {
      auto& q = db_->Prepare(
          "UPDATE deliveries SET status = ?, provider_id = NULLIF(?, ''), last_error = NULLIF(?, "
          "''), "
          "not_before = ?, updated_at = ?, attempts = attempts - ? "
          "WHERE id = ? AND status = 'in_flight' "
          "AND campaign_id = ? AND seq BETWEEN ? AND ?");
      SQLite::bind(q, std::string(DeliveryStatusName(o.status)), o.provider_id, o.error,
                   Ms(o.retry_at), Ms(now), o.attempt_not_counted ? 1 : 0, o.delivery_id,
                   lease.campaign_id, lease.first_seq, lease.last_seq);
      if (q.exec() == 0) continue;  // not ours or already recorded: count nothing
      if (auto reason = SuppressionFor(o)) {
        // The recipient is gone (or its mailbox is): later campaigns skip it (DESIGN §1.1).
        auto& sup = db_->Prepare(
            "INSERT INTO suppressions (address, reason, campaign_id, created_at) "
            "SELECT address, ?, campaign_id, ? FROM deliveries WHERE id = ? "
            "ON CONFLICT (address) DO NOTHING");
        SQLite::bind(sup, std::string(SuppressionReasonName(*reason)), Ms(now), o.delivery_id);
        sup.exec();
      }
      CountOutcome(o.status, 1, delta);
    }
    int64_t resolved = Resolved(delta);
    auto& cnt = db_->Prepare(
        "UPDATE ranges SET in_flight = in_flight - ?1, pending = pending + ?2, sent = sent + ?3, "
        "failed = failed + ?4, unavailable = unavailable + ?5, unknown = unknown + ?6, "
        "rescues = CASE WHEN ?1 > 0 THEN 0 ELSE rescues END WHERE id = ?7");
    SQLite::bind(cnt, resolved, delta.pending, delta.sent, delta.failed, delta.unavailable,
                 delta.unknown, lease.range_id);
    cnt.exec();
    tx.Commit();
    return Status::Ok();
  });
}

Result<ReleaseKind> SqliteStore::ReleaseRange(const RangeLease& lease, Timestamp now,
                                              Timestamp hold_until) {
  SqliteSession session(mu_, *db_);
  return Guard("releasing a range", [&]() REQUIRES(mu_) -> Result<ReleaseKind> {
    SqliteTx tx(*db_);
    PREGON_RETURN_IF_ERROR(CheckFence(lease));
    auto campaign_status = ReadCampaignStatus(lease.campaign_id);
    auto& get = db_->Prepare(
        "SELECT r.pending, r.in_flight, r.sent, r.failed, r.unavailable, r.unknown, "
        "c.batch_pause_ms, (SELECT COUNT(*) FROM ranges x WHERE x.campaign_id = r.campaign_id) "
        "FROM ranges r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = ?");
    get.bind(1, lease.range_id);
    get.executeStep();
    RangeCounts k{get.getColumn(0).getInt64(), get.getColumn(1).getInt64(),
                  get.getColumn(2).getInt64(), get.getColumn(3).getInt64(),
                  get.getColumn(4).getInt64(), get.getColumn(5).getInt64()};
    Millis pause(get.getColumn(6).getInt64());
    int64_t range_total = get.getColumn(7).getInt64();
    get.reset();
    PREGON_ASSIGN_OR_RETURN(ReleasePlan plan,
                            PlanRelease(lease.range_id, k, campaign_status, pause, now));
    if (plan.final()) {
      if (plan.cancel_pending)
        CancelPending(lease.campaign_id, lease.first_seq, lease.last_seq, now);
      auto& done = db_->Prepare(
          "UPDATE ranges SET status = 'done', owner = NULL, completed_at = ? WHERE id = ?");
      SQLite::bind(done, Ms(now), lease.range_id);
      done.exec();
      ReleaseNextBatch(lease.campaign_id, lease.seq, plan.next_batch_at);
      InsertEvent(
          lease.campaign_id, now, "batch_done",
          events::BatchDone(lease.seq, range_total, {k.sent, k.failed, k.unavailable, k.unknown}));
      tx.Commit();
      return plan.answer;
    }
    // Some deliveries wait for a retry (or the campaign is paused): pending again, due when
    // the earliest of them is (and not before hold_until).
    auto& due = db_->Prepare(
        "SELECT MIN(not_before) FROM deliveries WHERE campaign_id = ? AND seq BETWEEN ? AND ? "
        "AND status = 'pending'");
    SQLite::bind(due, lease.campaign_id, lease.first_seq, lease.last_seq);
    due.executeStep();
    int64_t not_before = std::max({Ms(now), Ms(hold_until), due.getColumn(0).getInt64()});
    due.reset();
    auto& back = db_->Prepare(
        "UPDATE ranges SET status = 'pending', owner = NULL, not_before = ? WHERE id = ?");
    SQLite::bind(back, not_before, lease.range_id);
    back.exec();
    tx.Commit();
    return plan.answer;
  });
}

void SqliteStore::CancelPending(int64_t campaign_id, int64_t first_seq, int64_t last_seq,
                                Timestamp now) {
  auto& d = db_->Prepare(
      "UPDATE deliveries SET status = 'cancelled', last_error = ?, updated_at = ? "
      "WHERE campaign_id = ? AND seq BETWEEN ? AND ? AND status = 'pending'");
  SQLite::bind(d, kCancelledBeforeSent, Ms(now), campaign_id, first_seq, last_seq);
  d.exec();
  // A range's pending counter is exactly its pending deliveries.
  auto& r = db_->Prepare(
      "UPDATE ranges SET cancelled = cancelled + pending, pending = 0 "
      "WHERE campaign_id = ? AND first_seq >= ? AND last_seq <= ? AND pending > 0");
  SQLite::bind(r, campaign_id, first_seq, last_seq);
  r.exec();
}

void SqliteStore::ReleaseNextBatch(int64_t campaign_id, int64_t seq, Timestamp at) {
  auto& next = db_->Prepare(
      "UPDATE ranges SET status = 'pending', not_before = ? "
      "WHERE campaign_id = ? AND seq = ? AND status = 'waiting'");
  SQLite::bind(next, Ms(at), campaign_id, seq + 1);
  next.exec();
}

Result<RescueReport> SqliteStore::RescueExpiredLeases(Timestamp now, int max_rescues) {
  SqliteSession session(mu_, *db_);
  return Guard("rescuing expired leases", [&]() REQUIRES(mu_) -> Result<RescueReport> {
    SqliteTx tx(*db_);
    struct Expired {
      int64_t id, campaign_id, seq, first_seq, last_seq, rescues, in_flight;
      std::string owner;
      DeliveryGuarantee guarantee;
      Millis batch_pause;
      CampaignStatus campaign_status;
    };
    std::vector<Expired> expired;
    auto& sel = db_->Prepare(
        "SELECT r.id, r.campaign_id, r.seq, r.first_seq, r.last_seq, r.rescues, r.in_flight, "
        "COALESCE(r.owner, ''), c.guarantee, c.batch_pause_ms, c.status "
        "FROM ranges r JOIN campaigns c ON c.id = r.campaign_id "
        "WHERE r.status = 'leased' AND r.lease_until < ?");
    sel.bind(1, Ms(now));
    while (sel.executeStep()) {
      expired.push_back({sel.getColumn(0).getInt64(), sel.getColumn(1).getInt64(),
                         sel.getColumn(2).getInt64(), sel.getColumn(3).getInt64(),
                         sel.getColumn(4).getInt64(), sel.getColumn(5).getInt64(),
                         sel.getColumn(6).getInt64(), sel.getColumn(7).getString(),
                         ParseDeliveryGuarantee(sel.getColumn(8).getString()).value(),
                         Millis(sel.getColumn(9).getInt64()),
                         ParseCampaignStatus(sel.getColumn(10).getString()).value()});
    }
    RescueReport report;
    for (const auto& r : expired) {
      RescuePlan plan = PlanRescue(r.guarantee, r.campaign_status, r.rescues, r.in_flight,
                                   max_rescues, r.batch_pause, now);
      bool resend = plan.in_flight_become == DeliveryStatus::kPending;
      // In-flight deliveries are ambiguous: the provider may or may not have taken them.
      auto& fix = db_->Prepare(
          "UPDATE deliveries SET status = ?, last_error = 'lease expired while in flight', "
          "updated_at = ? WHERE campaign_id = ? AND seq BETWEEN ? AND ? AND status = 'in_flight'");
      SQLite::bind(fix, std::string(DeliveryStatusName(plan.in_flight_become)), Ms(now),
                   r.campaign_id, r.first_seq, r.last_seq);
      int64_t n = fix.exec();
      auto& cnt = db_->Prepare(
          "UPDATE ranges SET in_flight = in_flight - ?1, pending = pending + ?2, "
          "unknown = unknown + ?3, rescues = ?6, owner = NULL, status = 'pending', "
          "not_before = ?4 WHERE id = ?5");
      SQLite::bind(cnt, n, resend ? n : 0, resend ? 0 : n, Ms(now), r.id, plan.rescues_after);
      cnt.exec();
      if (plan.park) {
        auto& park = db_->Prepare(
            "UPDATE deliveries SET status = 'failed', last_error = ?, updated_at = ? "
            "WHERE campaign_id = ? AND seq BETWEEN ? AND ? AND status = 'pending'");
        SQLite::bind(park, plan.park_reason, Ms(now), r.campaign_id, r.first_seq, r.last_seq);
        int64_t m = park.exec();
        auto& pr = db_->Prepare(
            "UPDATE ranges SET pending = pending - ?1, failed = failed + ?1, status = 'failed', "
            "last_error = ?2, completed_at = ?3 WHERE id = ?4");
        SQLite::bind(pr, m, plan.park_reason, Ms(now), r.id);
        pr.exec();
        ReleaseNextBatch(r.campaign_id, r.seq, plan.next_batch_at);
      }
      if (plan.cancelled) {
        CancelPending(r.campaign_id, r.first_seq, r.last_seq, now);
        auto& done =
            db_->Prepare("UPDATE ranges SET status = 'done', completed_at = ? WHERE id = ?");
        SQLite::bind(done, Ms(now), r.id);
        done.exec();
      }
      CountRescue(plan, n, report);
      InsertEvent(r.campaign_id, now, plan.event_kind, RescueEventText(plan, r.seq, r.owner, n));
    }
    tx.Commit();
    return report;
  });
}

Result<std::vector<FinalizedCampaign>> SqliteStore::FinalizeCampaigns(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard(
      "finalising campaigns", [&]() REQUIRES(mu_) -> Result<std::vector<FinalizedCampaign>> {
        SqliteTx tx(*db_);
        auto& sel = db_->Prepare("SELECT c.id, " PREGON_COUNTER_SUMS(
            "r.") " FROM campaigns c LEFT JOIN ranges r ON r.campaign_id = c.id WHERE c.status = "
                  "'sending' "
                  "AND c.started_at IS NOT NULL "
                  "AND NOT EXISTS (SELECT 1 FROM ranges x WHERE x.campaign_id = c.id "
                  "  AND x.status IN ('waiting', 'pending', 'leased')) GROUP BY c.id");
        std::vector<std::pair<int64_t, Counters>> ready;
        while (sel.executeStep())
          ready.emplace_back(sel.getColumn(0).getInt64(), ReadCounters(SqliteRow(sel), 1));
        std::vector<FinalizedCampaign> out;
        for (const auto& [id, k] : ready) {
          auto status = FinalStatusFor(k);
          auto& upd = db_->Prepare(
              "UPDATE campaigns SET status = ?, completed_at = ?, updated_at = ? "
              "WHERE id = ? AND status = 'sending'");
          SQLite::bind(upd, std::string(CampaignStatusName(status)), Ms(now), Ms(now), id);
          upd.exec();
          InsertEvent(id, now, "finished", events::Finished(status, k));
          out.push_back({id, status});
        }
        tx.Commit();
        return out;
      });
}

Result<std::optional<Timestamp>> SqliteStore::NextWakeup(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard(
      "computing the next wake-up", [&]() REQUIRES(mu_) -> Result<std::optional<Timestamp>> {
        auto& q = db_->Prepare(
            "SELECT MIN(t) FROM ("
            " SELECT MIN(r.not_before) AS t FROM ranges r JOIN campaigns c ON c.id = r.campaign_id"
            "  WHERE r.status = 'pending' AND c.status = 'sending' AND r.not_before > ?1"
            // A lease is rescued once lease_until < now: the instant after it.
            " UNION ALL SELECT MIN(lease_until) + 1 FROM ranges WHERE status = 'leased'"
            " UNION ALL SELECT MIN(scheduled_at) FROM campaigns WHERE status = 'scheduled'"
            " UNION ALL SELECT MIN(not_before) FROM campaigns WHERE status = 'sending' AND "
            "not_before "
            "> ?1"
            " UNION ALL SELECT MIN(paused_until) FROM senders WHERE paused_until > ?1)");
        q.bind(1, Ms(now));
        q.executeStep();
        if (q.getColumn(0).isNull()) return std::optional<Timestamp>();
        return std::optional<Timestamp>(FromUnixMillis(q.getColumn(0).getInt64()));
      });
}

Result<bool> SqliteStore::HasDueWork(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("checking for due work", [&]() REQUIRES(mu_) -> Result<bool> {
    auto& q = db_->Prepare(
        "SELECT EXISTS (SELECT 1 FROM campaigns WHERE status = 'queued') OR EXISTS ("
        " SELECT 1 FROM ranges r JOIN campaigns c ON c.id = r.campaign_id"
        " JOIN senders s ON s.id = c.sender_id WHERE r.status = 'pending' AND r.not_before <= ?1"
        " AND c.status = 'sending' AND c.not_before <= ?1 AND s.paused_until <= ?1)");
    q.bind(1, Ms(now));
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  });
}

}  // namespace pregon::store

// PostgresStore: hour slots, jobs, limiter pools, reservations and runs (SlotStore). Reserve
// locks every slot row (in hour order, so two reservations never deadlock) before it counts,
// which makes the capacity check and the write one step across nodes; a run is created once
// by its unique (hour, scheduled_at).
#include "store/common/slot_texts.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/postgres_store.h"

namespace pregon::store {

Result<std::vector<HourSlot>> PostgresStore::ListSlots() {
  return session_->Transact("listing slots", [&](PgTx& tx) -> Result<std::vector<HourSlot>> {
    std::vector<HourSlot> out;
    for (const auto& r : tx.Exec(kListSlotsSql)) out.push_back(ReadSlot(PgRow(r)));
    return out;
  });
}

Status PostgresStore::SetSlot(int hour, int max_users, bool bookable) {
  PREGON_RETURN_IF_ERROR(CheckHour("hour", hour));
  if (max_users < 0) return Status::InvalidField("max_users", "must be 0 or more");
  return session_->Transact("setting a slot", [&](PgTx& tx) -> Status {
    tx.Exec("UPDATE slots SET max_users = $1, bookable = $2 WHERE hour = $3", max_users, bookable,
            hour);
    return Status::Ok();
  });
}

Result<int64_t> PostgresStore::DefineJob(const JobDefinition& j, Timestamp now) {
  PREGON_RETURN_IF_ERROR(j.Validate());
  return session_->Transact("defining a job", [&](PgTx& tx) -> Result<int64_t> {
    return tx
        .Exec(kDefineJobSql, j.name, j.command, int64_t{j.timeout.count()}, j.pool, j.range_size,
              j.prepare_retries, int64_t{j.prepare_retry_delay.count()}, j.range_retries,
              int64_t{j.range_retry_delay.count()}, Ms(now))[0][0]
        .as<int64_t>();
  });
}

Result<JobDefinition> PostgresStore::FindJob(std::string_view name) {
  return session_->Transact("reading a job", [&](PgTx& tx) -> Result<JobDefinition> {
    auto r = tx.Exec("SELECT " PREGON_JOB_COLUMNS " FROM jobs WHERE name = $1", std::string(name));
    if (r.empty()) return NoSuchJob(name);
    return ReadJob(PgRow(r[0]));
  });
}

Result<std::vector<JobDefinition>> PostgresStore::ListJobs() {
  return session_->Transact("listing jobs", [&](PgTx& tx) -> Result<std::vector<JobDefinition>> {
    std::vector<JobDefinition> out;
    for (const auto& r : tx.Exec("SELECT " PREGON_JOB_COLUMNS " FROM jobs ORDER BY name"))
      out.push_back(ReadJob(PgRow(r)));
    return out;
  });
}

Status PostgresStore::SetLimiter(const LimiterPool& pool) {
  if (pool.capacity < 1) return Status::InvalidField("capacity", "must be 1 or more");
  return session_->Transact("setting a limiter pool", [&](PgTx& tx) -> Status {
    tx.Exec(kSetLimiterSql, pool.name, pool.capacity);
    return Status::Ok();
  });
}

Result<std::vector<LimiterPool>> PostgresStore::ListLimiters() {
  return session_->Transact("listing limiter pools",
                            [&](PgTx& tx) -> Result<std::vector<LimiterPool>> {
                              std::vector<LimiterPool> out;
                              for (const auto& r : tx.Exec("SELECT name, capacity FROM "
                                                           "limiter_pools ORDER BY name"))
                                out.push_back({r[0].as<std::string>(), r[1].as<int>()});
                              return out;
                            });
}

Result<Reservation> PostgresStore::Reserve(const ReservationRequest& request, Timestamp now) {
  if (request.monthly_orders_estimate < 0)
    return Status::InvalidField("monthly_orders_estimate", "must be 0 or more");
  return session_->Transact("reserving a slot", [&](PgTx& tx) -> Result<Reservation> {
    tx.Exec("SELECT hour FROM slots ORDER BY hour FOR UPDATE");
    std::vector<HourSlot> slots;
    for (const auto& r : tx.Exec(kListSlotsSql)) slots.push_back(ReadSlot(PgRow(r)));
    std::vector<int64_t> others;
    others.reserve(slots.size());
    for (const HourSlot& s : slots)
      others.push_back(
          tx.Exec(kSlotWeightOfOthersSql, s.hour, request.user_id)[0][0].as<int64_t>());
    const int weight = ReservationWeight(request.monthly_orders_estimate);
    PREGON_ASSIGN_OR_RETURN(int hour, ChooseHour(request, weight, slots, others));
    tx.Exec(kUpsertReservationSql, request.user_id, hour, request.job_id,
            request.monthly_orders_estimate, weight,
            EstimatedPending(request.monthly_orders_estimate, request.pending_factor), Ms(now));
    return ReadReservation(
        PgRow(tx.Exec(PREGON_RESERVATION_SELECT "WHERE r.user_id = $1", request.user_id)[0]));
  });
}

Result<Reservation> PostgresStore::GetReservation(int64_t user_id) {
  return session_->Transact("reading a reservation", [&](PgTx& tx) -> Result<Reservation> {
    auto r = tx.Exec(PREGON_RESERVATION_SELECT "WHERE r.user_id = $1", user_id);
    if (r.empty()) return NoReservation(user_id);
    return ReadReservation(PgRow(r[0]));
  });
}

Status PostgresStore::CancelReservation(int64_t user_id) {
  return session_->Transact("cancelling a reservation", [&](PgTx& tx) -> Status {
    if (tx.Exec("DELETE FROM reservations WHERE user_id = $1", user_id).affected_rows() == 0)
      return NoReservation(user_id);
    tx.Exec("DELETE FROM job_params WHERE user_id = $1", user_id);
    return Status::Ok();
  });
}

Result<std::vector<Reservation>> PostgresStore::ListReservations(std::optional<int> hour) {
  return session_->Transact(
      "listing reservations", [&](PgTx& tx) -> Result<std::vector<Reservation>> {
        std::vector<Reservation> out;
        for (const auto& r : tx.Exec(PREGON_RESERVATION_SELECT
                                     "WHERE $1 < 0 OR r.hour = $1 ORDER BY r.hour, u.username",
                                     hour.value_or(-1)))
          out.push_back(ReadReservation(PgRow(r)));
        return out;
      });
}

Result<RunCreation> PostgresStore::CreateRun(int hour, Timestamp scheduled_at, Timestamp now) {
  PREGON_RETURN_IF_ERROR(CheckHour("hour", hour));
  return session_->Transact("creating a run", [&](PgTx& tx) -> Result<RunCreation> {
    RunCreation out;
    auto inserted = tx.Exec(kInsertRunSql, hour, Ms(scheduled_at), Ms(now));
    out.created = !inserted.empty();
    if (out.created) {
      const int64_t id = inserted[0][0].as<int64_t>();
      out.users = static_cast<int>(tx.Exec(kInsertRunUsersSql, id, hour).affected_rows());
      tx.Exec(kInsertPrepareUnitsSql, Ms(now), id);
      if (out.users == 0) tx.Exec(kCompleteEmptyRunSql, Ms(now), id);
    }
    out.run = ReadRun(PgRow(tx.Exec("SELECT " PREGON_RUN_COLUMNS
                                    " FROM runs WHERE hour = $1 AND scheduled_at = $2",
                                    hour, Ms(scheduled_at))[0]));
    return out;
  });
}

Result<Run> PostgresStore::GetRun(int64_t id) {
  return session_->Transact("reading a run", [&](PgTx& tx) -> Result<Run> {
    auto r = tx.Exec("SELECT " PREGON_RUN_COLUMNS " FROM runs WHERE id = $1", id);
    if (r.empty()) return NoSuchRun(id);
    return ReadRun(PgRow(r[0]));
  });
}

Result<std::optional<Run>> PostgresStore::LatestRun() {
  return session_->Transact("reading the latest run", [&](PgTx& tx) -> Result<std::optional<Run>> {
    auto r = tx.Exec("SELECT " PREGON_RUN_COLUMNS
                     " FROM runs ORDER BY scheduled_at DESC, id DESC LIMIT 1");
    if (r.empty()) return std::optional<Run>();
    return std::optional<Run>(ReadRun(PgRow(r[0])));
  });
}

Result<std::vector<RunUser>> PostgresStore::ListRunUsers(int64_t run_id) {
  return session_->Transact("listing a run's users", [&](PgTx& tx) -> Result<std::vector<RunUser>> {
    std::vector<RunUser> out;
    for (const auto& r :
         tx.Exec(PREGON_RUN_USER_SELECT "WHERE ru.run_id = $1 ORDER BY u.username", run_id))
      out.push_back(ReadRunUser(PgRow(r)));
    return out;
  });
}

Result<std::optional<RunUnitLease>> PostgresStore::ClaimRunUnit(std::string_view owner,
                                                                Timestamp now, Millis ttl) {
  return session_->Transact(
      "claiming a run unit", [&](PgTx& tx) -> Result<std::optional<RunUnitLease>> {
        // Permits are counted per pool: claims take turns on the pools' rows.
        tx.Exec("SELECT name FROM limiter_pools ORDER BY name FOR UPDATE");
        auto claimed = tx.Exec(kClaimRunUnitSql, std::string(owner), Ms(now + ttl), Ms(now));
        if (claimed.empty()) return std::optional<RunUnitLease>();
        RunUnitLease lease;
        lease.owner = std::string(owner);
        lease.unit = ReadRunUnit(PgRow(tx.Exec(kReadRunUnitSql, claimed[0][0].as<int64_t>())[0]),
                                 &lease.epoch);
        return std::optional<RunUnitLease>(std::move(lease));
      });
}

Status PostgresStore::RenewRunUnit(const RunUnitLease& lease, Timestamp now, Millis ttl) {
  return session_->Transact("renewing a run unit's lease", [&](PgTx& tx) -> Status {
    return tx.Exec(kRenewRunUnitSql, Ms(now + ttl), lease.unit.id, lease.owner, lease.epoch)
                       .affected_rows() == 0
               ? LostRunUnitLease(lease)
               : Status::Ok();
  });
}

Status PostgresStore::FinishRunUnit(const RunUnitLease& lease, const RunUnitOutcome& outcome,
                                    Timestamp now) {
  return session_->Transact("finishing a run unit", [&](PgTx& tx) -> Status {
    auto exec = [&](const char* sql, const auto&... params) {
      return static_cast<int>(tx.Exec(sql, params...).affected_rows());
    };
    return FinishRunUnitSteps(exec, lease, outcome, Ms(now));
  });
}

Status PostgresStore::ReleaseRunUnit(const RunUnitLease& lease, Timestamp now) {
  return session_->Transact("releasing a run unit", [&](PgTx& tx) -> Status {
    return tx.Exec(kReleaseRunUnitSql, Ms(now), lease.unit.id, lease.owner, lease.epoch)
                       .affected_rows() == 0
               ? LostRunUnitLease(lease)
               : Status::Ok();
  });
}

Result<std::optional<Timestamp>> PostgresStore::NextRunUnitDue() {
  return session_->Transact("finding the next run unit",
                            [&](PgTx& tx) -> Result<std::optional<Timestamp>> {
                              return PgRow(tx.Exec(kNextRunUnitDueSql)[0]).OptionalTime(0);
                            });
}

Result<std::vector<Run>> PostgresStore::ListRuns(Timestamp since, int limit,
                                                 std::optional<int64_t> user_id) {
  return session_->Transact("listing runs", [&](PgTx& tx) -> Result<std::vector<Run>> {
    std::vector<Run> out;
    for (const auto& r : tx.Exec(kListRunsSql, Ms(since), user_id.value_or(0), limit))
      out.push_back(ReadRun(PgRow(r)));
    return out;
  });
}

Result<std::vector<RunUnitView>> PostgresStore::ListRunUnits(int64_t run_id) {
  return session_->Transact("listing a run's units",
                            [&](PgTx& tx) -> Result<std::vector<RunUnitView>> {
                              std::vector<RunUnitView> out;
                              for (const auto& r : tx.Exec(kListRunUnitsSql, run_id))
                                out.push_back(ReadRunUnitView(PgRow(r)));
                              return out;
                            });
}

Status PostgresStore::CancelRun(int64_t run_id, Timestamp now) {
  return session_->Transact("cancelling a run", [&](PgTx& tx) -> Status {
    if (tx.Exec(kCancelRunSql, Ms(now), run_id).affected_rows() == 0) {
      auto r = tx.Exec("SELECT " PREGON_RUN_COLUMNS " FROM runs WHERE id = $1", run_id);
      std::optional<Run> found;
      if (!r.empty()) found = ReadRun(PgRow(r[0]));
      return RunNotCancellable(run_id, found);
    }
    tx.Exec(kCancelRunUnitsSql, Ms(now), run_id);
    tx.Exec(kCancelRunUsersSql, Ms(now), run_id);
    return Status::Ok();
  });
}

Status PostgresStore::SetJobParams(int64_t user_id, const std::vector<JobParam>& params) {
  return session_->Transact("setting job parameters", [&](PgTx& tx) -> Status {
    tx.Exec("DELETE FROM job_params WHERE user_id = $1", user_id);
    for (const JobParam& p : params)
      tx.Exec("INSERT INTO job_params (user_id, name, value, secret) VALUES ($1, $2, $3, $4)",
              user_id, p.name, p.value, p.secret);
    return Status::Ok();
  });
}

Result<std::vector<JobParam>> PostgresStore::JobParams(int64_t user_id) {
  return session_->Transact(
      "reading job parameters", [&](PgTx& tx) -> Result<std::vector<JobParam>> {
        std::vector<JobParam> out;
        for (const auto& r : tx.Exec("SELECT name, value, secret FROM job_params WHERE "
                                     "user_id = $1 ORDER BY name",
                                     user_id))
          out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<bool>()});
        return out;
      });
}

}  // namespace pregon::store

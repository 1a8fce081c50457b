// SqliteStore: hour slots, jobs, limiter pools, reservations and runs (SlotStore). Every write
// is one IMMEDIATE transaction, so capacity checks and run creation are atomic across
// processes sharing the file.
#include "store/common/slot_texts.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<std::vector<HourSlot>> SqliteStore::ListSlots() {
  SqliteSession session(mu_, *db_);
  return Guard("listing slots", [&]() REQUIRES(mu_) -> Result<std::vector<HourSlot>> {
    auto& q = db_->Prepare(kListSlotsSql);
    std::vector<HourSlot> out;
    while (q.executeStep()) out.push_back(ReadSlot(SqliteRow(q)));
    return out;
  });
}

Status SqliteStore::SetSlot(int hour, int max_users, bool bookable) {
  PREGON_RETURN_IF_ERROR(CheckHour("hour", hour));
  if (max_users < 0) return Status::InvalidField("max_users", "must be 0 or more");
  SqliteSession session(mu_, *db_);
  return Guard("setting a slot", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare("UPDATE slots SET max_users = $1, bookable = $2 WHERE hour = $3");
    SQLite::bind(q, max_users, bookable ? 1 : 0, hour);
    q.exec();
    return Status::Ok();
  });
}

Result<int64_t> SqliteStore::DefineJob(const JobDefinition& j, Timestamp now) {
  PREGON_RETURN_IF_ERROR(j.Validate());
  SqliteSession session(mu_, *db_);
  return Guard("defining a job", [&]() REQUIRES(mu_) -> Result<int64_t> {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare(kDefineJobSql);
    SQLite::bind(q, j.name, j.command, int64_t{j.timeout.count()}, j.pool, j.range_size,
                 j.prepare_retries, int64_t{j.prepare_retry_delay.count()}, j.range_retries,
                 int64_t{j.range_retry_delay.count()}, Ms(now));
    q.executeStep();
    const int64_t id = q.getColumn(0).getInt64();
    q.reset();
    tx.Commit();
    return id;
  });
}

Result<JobDefinition> SqliteStore::FindJob(std::string_view name) {
  SqliteSession session(mu_, *db_);
  return Guard("reading a job", [&]() REQUIRES(mu_) -> Result<JobDefinition> {
    auto& q = db_->Prepare("SELECT " PREGON_JOB_COLUMNS " FROM jobs WHERE name = $1");
    q.bind(1, std::string(name));
    if (!q.executeStep()) return NoSuchJob(name);
    return ReadJob(SqliteRow(q));
  });
}

Result<std::vector<JobDefinition>> SqliteStore::ListJobs() {
  SqliteSession session(mu_, *db_);
  return Guard("listing jobs", [&]() REQUIRES(mu_) -> Result<std::vector<JobDefinition>> {
    auto& q = db_->Prepare("SELECT " PREGON_JOB_COLUMNS " FROM jobs ORDER BY name");
    std::vector<JobDefinition> out;
    while (q.executeStep()) out.push_back(ReadJob(SqliteRow(q)));
    return out;
  });
}

Status SqliteStore::SetLimiter(const LimiterPool& pool) {
  if (pool.capacity < 1) return Status::InvalidField("capacity", "must be 1 or more");
  SqliteSession session(mu_, *db_);
  return Guard("setting a limiter pool", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare(kSetLimiterSql);
    SQLite::bind(q, pool.name, pool.capacity);
    q.exec();
    return Status::Ok();
  });
}

Result<std::vector<LimiterPool>> SqliteStore::ListLimiters() {
  SqliteSession session(mu_, *db_);
  return Guard("listing limiter pools", [&]() REQUIRES(mu_) -> Result<std::vector<LimiterPool>> {
    auto& q = db_->Prepare("SELECT name, capacity FROM limiter_pools ORDER BY name");
    std::vector<LimiterPool> out;
    while (q.executeStep()) out.push_back({q.getColumn(0).getString(), q.getColumn(1).getInt()});
    return out;
  });
}

Result<Reservation> SqliteStore::Reserve(const ReservationRequest& request, Timestamp now) {
  if (request.monthly_orders_estimate < 0)
    return Status::InvalidField("monthly_orders_estimate", "must be 0 or more");
  SqliteSession session(mu_, *db_);
  return Guard("reserving a slot", [&]() REQUIRES(mu_) -> Result<Reservation> {
    SqliteTx tx(*db_);  // IMMEDIATE: nobody else reserves between the check and the write
    std::vector<HourSlot> slots;
    auto& list = db_->Prepare(kListSlotsSql);
    while (list.executeStep()) slots.push_back(ReadSlot(SqliteRow(list)));
    list.reset();
    std::vector<int64_t> others;
    others.reserve(slots.size());
    for (const HourSlot& s : slots) {
      auto& q = db_->Prepare(kSlotWeightOfOthersSql);
      SQLite::bind(q, s.hour, request.user_id);
      q.executeStep();
      others.push_back(q.getColumn(0).getInt64());
      q.reset();
    }
    const int weight = ReservationWeight(request.monthly_orders_estimate);
    PREGON_ASSIGN_OR_RETURN(int hour, ChooseHour(request, weight, slots, others));
    auto& upsert = db_->Prepare(kUpsertReservationSql);
    SQLite::bind(upsert, request.user_id, hour, request.job_id, request.monthly_orders_estimate,
                 weight, EstimatedPending(request.monthly_orders_estimate, request.pending_factor),
                 Ms(now));
    upsert.exec();
    auto& read = db_->Prepare(PREGON_RESERVATION_SELECT "WHERE r.user_id = $1");
    read.bind(1, request.user_id);
    read.executeStep();
    Reservation out = ReadReservation(SqliteRow(read));
    read.reset();
    tx.Commit();
    return out;
  });
}

Result<Reservation> SqliteStore::GetReservation(int64_t user_id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading a reservation", [&]() REQUIRES(mu_) -> Result<Reservation> {
    auto& q = db_->Prepare(PREGON_RESERVATION_SELECT "WHERE r.user_id = $1");
    q.bind(1, user_id);
    if (!q.executeStep()) return NoReservation(user_id);
    return ReadReservation(SqliteRow(q));
  });
}

Status SqliteStore::CancelReservation(int64_t user_id) {
  SqliteSession session(mu_, *db_);
  return Guard("cancelling a reservation", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& q = db_->Prepare("DELETE FROM reservations WHERE user_id = $1");
    q.bind(1, user_id);
    if (q.exec() == 0) return NoReservation(user_id);
    auto& params = db_->Prepare("DELETE FROM job_params WHERE user_id = $1");
    params.bind(1, user_id);
    params.exec();
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::vector<Reservation>> SqliteStore::ListReservations(std::optional<int> hour) {
  SqliteSession session(mu_, *db_);
  return Guard("listing reservations", [&]() REQUIRES(mu_) -> Result<std::vector<Reservation>> {
    auto& q = db_->Prepare(PREGON_RESERVATION_SELECT
                           "WHERE $1 < 0 OR r.hour = $1 ORDER BY r.hour, u.username");
    q.bind(1, hour.value_or(-1));
    std::vector<Reservation> out;
    while (q.executeStep()) out.push_back(ReadReservation(SqliteRow(q)));
    return out;
  });
}

Result<RunCreation> SqliteStore::CreateRun(int hour, Timestamp scheduled_at, Timestamp now) {
  PREGON_RETURN_IF_ERROR(CheckHour("hour", hour));
  SqliteSession session(mu_, *db_);
  return Guard("creating a run", [&]() REQUIRES(mu_) -> Result<RunCreation> {
    SqliteTx tx(*db_);
    RunCreation out;
    auto& insert = db_->Prepare(kInsertRunSql);
    SQLite::bind(insert, hour, Ms(scheduled_at), Ms(now));
    out.created = insert.executeStep();
    const int64_t new_id = out.created ? insert.getColumn(0).getInt64() : 0;
    insert.reset();
    if (out.created) {
      auto& users = db_->Prepare(kInsertRunUsersSql);
      SQLite::bind(users, new_id, hour);
      out.users = users.exec();
      auto& units = db_->Prepare(kInsertPrepareUnitsSql);
      SQLite::bind(units, Ms(now), new_id);
      units.exec();
      if (out.users == 0) {
        auto& done = db_->Prepare(kCompleteEmptyRunSql);
        SQLite::bind(done, Ms(now), new_id);
        done.exec();
      }
    }
    auto& read = db_->Prepare("SELECT " PREGON_RUN_COLUMNS
                              " FROM runs WHERE hour = $1 AND scheduled_at = $2");
    SQLite::bind(read, hour, Ms(scheduled_at));
    read.executeStep();
    out.run = ReadRun(SqliteRow(read));
    read.reset();
    tx.Commit();
    return out;
  });
}

Result<Run> SqliteStore::GetRun(int64_t id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading a run", [&]() REQUIRES(mu_) -> Result<Run> {
    auto& q = db_->Prepare("SELECT " PREGON_RUN_COLUMNS " FROM runs WHERE id = $1");
    q.bind(1, id);
    if (!q.executeStep()) return NoSuchRun(id);
    return ReadRun(SqliteRow(q));
  });
}

Result<std::optional<Run>> SqliteStore::LatestRun() {
  SqliteSession session(mu_, *db_);
  return Guard("reading the latest run", [&]() REQUIRES(mu_) -> Result<std::optional<Run>> {
    auto& q = db_->Prepare("SELECT " PREGON_RUN_COLUMNS
                           " FROM runs ORDER BY scheduled_at DESC, id DESC LIMIT 1");
    if (!q.executeStep()) return std::optional<Run>();
    return std::optional<Run>(ReadRun(SqliteRow(q)));
  });
}

Result<std::vector<RunUser>> SqliteStore::ListRunUsers(int64_t run_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing a run's users", [&]() REQUIRES(mu_) -> Result<std::vector<RunUser>> {
    auto& q = db_->Prepare(PREGON_RUN_USER_SELECT "WHERE ru.run_id = $1 ORDER BY u.username");
    q.bind(1, run_id);
    std::vector<RunUser> out;
    while (q.executeStep()) out.push_back(ReadRunUser(SqliteRow(q)));
    return out;
  });
}

Result<std::optional<RunUnitLease>> SqliteStore::ClaimRunUnit(std::string_view owner, Timestamp now,
                                                              Millis ttl) {
  SqliteSession session(mu_, *db_);
  return Guard("claiming a run unit", [&]() REQUIRES(mu_) -> Result<std::optional<RunUnitLease>> {
    SqliteTx tx(*db_);  // IMMEDIATE: the permit count and the claim are one step
    auto& claim = db_->Prepare(kClaimRunUnitSql);
    SQLite::bind(claim, std::string(owner), Ms(now + ttl), Ms(now));
    if (!claim.executeStep()) return std::optional<RunUnitLease>();
    const int64_t id = claim.getColumn(0).getInt64();
    claim.reset();
    auto& read = db_->Prepare(kReadRunUnitSql);
    read.bind(1, id);
    read.executeStep();
    RunUnitLease lease;
    lease.owner = std::string(owner);
    lease.unit = ReadRunUnit(SqliteRow(read), &lease.epoch);
    read.reset();
    tx.Commit();
    return std::optional<RunUnitLease>(std::move(lease));
  });
}

Status SqliteStore::RenewRunUnit(const RunUnitLease& lease, Timestamp now, Millis ttl) {
  SqliteSession session(mu_, *db_);
  return Guard("renewing a run unit's lease", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare(kRenewRunUnitSql);
    SQLite::bind(q, Ms(now + ttl), lease.unit.id, lease.owner, lease.epoch);
    return q.exec() == 0 ? LostRunUnitLease(lease) : Status::Ok();
  });
}

Status SqliteStore::FinishRunUnit(const RunUnitLease& lease, const RunUnitOutcome& outcome,
                                  Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("finishing a run unit", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    // Called only by FinishRunUnitSteps, synchronously, inside this Guard that holds mu_ (a
    // template the analysis cannot follow).
    auto exec = [&](const char* sql, const auto&... params) NO_THREAD_SAFETY_ANALYSIS {
      auto& q = db_->Prepare(sql);
      SQLite::bind(q, params...);
      return q.exec();
    };
    PREGON_RETURN_IF_ERROR(FinishRunUnitSteps(exec, lease, outcome, Ms(now)));
    tx.Commit();
    return Status::Ok();
  });
}

Status SqliteStore::ReleaseRunUnit(const RunUnitLease& lease, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("releasing a run unit", [&]() REQUIRES(mu_) -> Status {
    auto& q = db_->Prepare(kReleaseRunUnitSql);
    SQLite::bind(q, Ms(now), lease.unit.id, lease.owner, lease.epoch);
    return q.exec() == 0 ? LostRunUnitLease(lease) : Status::Ok();
  });
}

Result<std::optional<Timestamp>> SqliteStore::NextRunUnitDue() {
  SqliteSession session(mu_, *db_);
  return Guard("finding the next run unit",
               [&]() REQUIRES(mu_) -> Result<std::optional<Timestamp>> {
                 auto& q = db_->Prepare(kNextRunUnitDueSql);
                 q.executeStep();
                 return SqliteRow(q).OptionalTime(0);
               });
}

Result<std::vector<Run>> SqliteStore::ListRuns(Timestamp since, int limit,
                                               std::optional<int64_t> user_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing runs", [&]() REQUIRES(mu_) -> Result<std::vector<Run>> {
    auto& q = db_->Prepare(kListRunsSql);
    SQLite::bind(q, Ms(since), user_id.value_or(0), limit);
    std::vector<Run> out;
    while (q.executeStep()) out.push_back(ReadRun(SqliteRow(q)));
    return out;
  });
}

Result<std::vector<RunUnitView>> SqliteStore::ListRunUnits(int64_t run_id) {
  SqliteSession session(mu_, *db_);
  return Guard("listing a run's units", [&]() REQUIRES(mu_) -> Result<std::vector<RunUnitView>> {
    auto& q = db_->Prepare(kListRunUnitsSql);
    q.bind(1, run_id);
    std::vector<RunUnitView> out;
    while (q.executeStep()) out.push_back(ReadRunUnitView(SqliteRow(q)));
    return out;
  });
}

Status SqliteStore::CancelRun(int64_t run_id, Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("cancelling a run", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& run = db_->Prepare(kCancelRunSql);
    SQLite::bind(run, Ms(now), run_id);
    if (run.exec() == 0) {
      auto& read = db_->Prepare("SELECT " PREGON_RUN_COLUMNS " FROM runs WHERE id = $1");
      read.bind(1, run_id);
      std::optional<Run> found;
      if (read.executeStep()) found = ReadRun(SqliteRow(read));
      read.reset();
      return RunNotCancellable(run_id, found);
    }
    for (const char* sql : {kCancelRunUnitsSql, kCancelRunUsersSql}) {
      auto& q = db_->Prepare(sql);
      SQLite::bind(q, Ms(now), run_id);
      q.exec();
    }
    tx.Commit();
    return Status::Ok();
  });
}

Status SqliteStore::SetJobParams(int64_t user_id, const std::vector<JobParam>& params) {
  SqliteSession session(mu_, *db_);
  return Guard("setting job parameters", [&]() REQUIRES(mu_) -> Status {
    SqliteTx tx(*db_);
    auto& clear = db_->Prepare("DELETE FROM job_params WHERE user_id = $1");
    clear.bind(1, user_id);
    clear.exec();
    for (const JobParam& p : params) {
      auto& q = db_->Prepare(
          "INSERT INTO job_params (user_id, name, value, secret) VALUES ($1, $2, $3, $4)");
      SQLite::bind(q, user_id, p.name, p.value, p.secret ? 1 : 0);
      q.exec();
    }
    tx.Commit();
    return Status::Ok();
  });
}

Result<std::vector<JobParam>> SqliteStore::JobParams(int64_t user_id) {
  SqliteSession session(mu_, *db_);
  return Guard("reading job parameters", [&]() REQUIRES(mu_) -> Result<std::vector<JobParam>> {
    auto& q =
        db_->Prepare("SELECT name, value, secret FROM job_params WHERE user_id = $1 ORDER BY name");
    q.bind(1, user_id);
    std::vector<JobParam> out;
    while (q.executeStep())
      out.push_back(
          {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt() != 0});
    return out;
  });
}

}  // namespace pregon::store

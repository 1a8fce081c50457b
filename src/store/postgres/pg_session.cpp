#include "store/postgres/pg_session.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <thread>

#include "store/common/store_errors.h"

namespace pregon::store {

const std::string& PgTx::Prepared(const char* sql) {
  auto it = conn_.prepared.find(sql);
  if (it != conn_.prepared.end()) return it->second;
  char name[32];
  std::snprintf(name, sizeof name, "p%zx", conn_.prepared.size());
  // pqxx registers the definition now and prepares it on the server at first use.
  conn_.conn.prepare(name, sql);
  return conn_.prepared.emplace(sql, name).first->second;
}

Result<std::unique_ptr<PgSession>> PgSession::Open(const PostgresOptions& options) {
  std::unique_ptr<PgSession> session(new PgSession(options));
  try {
    session->Give(session->Take());
  } catch (const std::exception& e) {
    return Status::Internal("cannot connect to PostgreSQL at '" + RedactUrl(options.url) +
                            "': " + e.what());
  }
  return session;
}

std::unique_ptr<PgConn> PgSession::Take() {
  {
    MutexLock lock(mu_);
    returned_.wait(lock.native(),
                   [&]() REQUIRES(mu_) { return !idle_.empty() || open_ < options_.pool_size; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserve the slot, connect outside the lock
  }
  try {
    return std::make_unique<PgConn>(options_.url);
  } catch (...) {
    Give(nullptr);
    throw;
  }
}

void PgSession::Give(std::unique_ptr<PgConn> conn) {
  {
    MutexLock lock(mu_);
    if (conn && conn->conn.is_open()) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  returned_.notify_one();
}

PgSession::Failure PgSession::Classify(std::string_view what, std::exception_ptr error,
                                       const PgConn* conn, PgRetry retry) {
  const std::string prefix(what);
  try {
    std::rethrow_exception(error);
  } catch (const pqxx::in_doubt_error& e) {
    return {Status::Transient(prefix +
                              ": the connection broke during COMMIT; the change may or "
                              "may not have been saved: " +
                              e.what()),
            true, retry == PgRetry::kIdempotent};
  } catch (const pqxx::broken_connection& e) {
    return {Status::Transient(prefix + ": lost the database connection: " + e.what()), true, true};
  } catch (const pqxx::transaction_rollback& e) {
    // A deadlock or serialization failure: the server rolled the whole transaction back, so it
    // runs again. (libpqxx 6.4 derives these from pqxx::failure, not pqxx::sql_error: without
    // this clause they were taken for internal errors and a deadlock between a cancel and a
    // worker starting deliveries failed the cancel with a 500.)
    return {DbError(DbFailure::kBusy, prefix, e.what()), false, true};
  } catch (const pqxx::sql_error& e) {
    DbFailure failure = PostgresFailure(e.sqlstate());
    if (conn && !conn->conn.is_open()) failure = DbFailure::kConnectionLost;
    bool gone = failure == DbFailure::kConnectionLost;
    bool retry = gone || failure == DbFailure::kBusy;
    return {DbError(failure, prefix, e.what()), gone, retry};
  } catch (const std::exception& e) {
    bool gone = conn && !conn->conn.is_open();
    std::string msg = prefix + ": " + e.what();
    return {gone ? Status::Transient(msg) : Status::Internal(msg), gone, gone};
  }
}

bool PgSession::BackOff(std::string_view what, const Status& why, int attempt, Instant deadline) {
  // Real time on purpose: this paces reconnects to a database server, not domain logic.
  auto delay = Millis(std::min<int64_t>(2000, int64_t{100} << std::min(attempt - 1, 5)));
  if (SteadyNow() + delay > deadline) {
    spdlog::error("{}: giving up after {} attempts: {}", what, attempt, why.message());
    return false;
  }
  spdlog::warn("{} (attempt {}), retrying in {} ms", why.message(), attempt, delay.count());
  SteadySleepFor(delay);
  return true;
}

}  // namespace pregon::store

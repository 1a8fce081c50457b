// PgSession: the connection pool of a PostgresStore and the one way its methods talk to
// PostgreSQL — Transact(), which runs a function in one transaction and survives a lost
// connection.
//
// Connections are opened lazily, up to pool_size per process (a worker needs one per
// thread that touches the store at once: its range threads, the lease heartbeat and the
// control loop). A call that finds the pool exhausted waits for a connection to come back.
//
// When the database goes away (restart, failover, network), the attempt's transaction is
// rolled back by the server, so Transact drops the connection, backs off (100 ms doubling
// to 2 s) and runs the whole transaction again on a fresh one, for up to reconnect_window;
// then it returns Transient. Deadlocks and serialisation failures are retried the same way.
//
// The ambiguous case — the connection broke while COMMIT was in flight, so the change may
// or may not be saved — is retried only for a transaction declared kIdempotent: one that,
// run again (PgTx::attempt() > 1), finds and returns what a committed earlier attempt did
// instead of doing it twice. Any other returns Transient saying so.
//
// Statements are prepared once per connection, keyed by the address of their SQL text, so
// every SQL string given to PgTx::Exec must have static storage (a literal or a static).
//
// Thread-safety: safe for concurrent use; each transaction has its connection to itself.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "core/status.h"
#include "core/url.h"  // RedactUrl

namespace pregon::store {

struct PostgresOptions {
  std::string url;                  // postgresql://user:password@host:port/db?...
  int pool_size = 4;                // connections this process opens at most
  Millis reconnect_window{60'000};  // how long one call keeps retrying a lost connection
};

// One pooled connection and the statements already prepared on it.
struct PgConn {
  explicit PgConn(const std::string& url) : conn(url) {}
  pqxx::connection conn;
  std::map<const char*, std::string> prepared;  // SQL text address -> statement name
};

// A transaction handed to the function given to Transact.
class PgTx {
 public:
  PgTx(PgConn& conn, pqxx::work& work, int attempt) : conn_(conn), work_(work), attempt_(attempt) {}

  // 1 for the first run of the transaction; more when it runs again after a lost
  // connection (an earlier attempt may then have committed: see kIdempotent).
  int attempt() const { return attempt_; }

  // Runs the prepared form of `sql` ($1, $2... bound to args). REQUIRES: `sql` has static
  // storage (it is the cache key of the prepared statement).
  template <typename... Args>
  pqxx::result Exec(const char* sql, Args&&... args) {
    return work_.exec_prepared(Prepared(sql), std::forward<Args>(args)...);
  }
  // For statements run once per connection lifetime or built at run time (DDL, migrations).
  pqxx::result ExecOnce(const std::string& sql) { return work_.exec(sql); }
  pqxx::work& work() { return work_; }

 private:
  const std::string& Prepared(const char* sql);

  PgConn& conn_;
  pqxx::work& work_;
  const int attempt_;
};

// Whether a transaction may run again when its COMMIT's outcome is unknown (see above).
enum class PgRetry { kUnlessInDoubt, kIdempotent };

class PgSession {
 public:
  // Connects once to check that the database is reachable; Internal with the reason (and the
  // URL without its password) otherwise.
  static Result<std::unique_ptr<PgSession>> Open(const PostgresOptions& options);

  // Runs fn(PgTx&) in one transaction, committed when it returns OK and rolled back
  // otherwise (or when it throws). `what` names the operation in errors ("claiming a
  // range"). See the file comment for retries.
  template <typename Fn>
  auto Transact(std::string_view what, Fn&& fn, PgRetry retry = PgRetry::kUnlessInDoubt)
      -> decltype(fn(std::declval<PgTx&>()));

  const PostgresOptions& options() const { return options_; }

 private:
  explicit PgSession(PostgresOptions options) : options_(std::move(options)) {}

  // What a failed attempt means for the call.
  struct Failure {
    Status status;
    bool connection_lost = false;  // drop the connection
    bool retry = false;            // run the transaction again
  };
  static Failure Classify(std::string_view what, std::exception_ptr error, const PgConn* conn,
                          PgRetry retry);

  // A connection for the caller alone; blocks while pool_size are out. Throws
  // pqxx::broken_connection when a new one cannot be opened.
  std::unique_ptr<PgConn> Take();
  // Returns a connection to the pool; null (a broken one was dropped) frees its slot.
  void Give(std::unique_ptr<PgConn> conn);
  // Sleeps before attempt `attempt` (1-based); false when the reconnect window is over.
  bool BackOff(std::string_view what, const Status& why, int attempt, Instant deadline);

  const PostgresOptions options_;
  Mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConn>> idle_ GUARDED_BY(mu_);
  int open_ GUARDED_BY(mu_) = 0;  // connections out or idle
};

template <typename Fn>
auto PgSession::Transact(std::string_view what, Fn&& fn, PgRetry retry)
    -> decltype(fn(std::declval<PgTx&>())) {
  const auto deadline = SteadyNow() + options_.reconnect_window;
  for (int attempt = 1;; ++attempt) {
    std::unique_ptr<PgConn> conn;
    try {
      conn = Take();
      auto result = [&] {
        pqxx::work work(conn->conn);
        PgTx tx(*conn, work, attempt);
        auto r = fn(tx);
        if (r.ok()) work.commit();
        return r;
      }();
      Give(std::move(conn));
      return result;
    } catch (...) {
      Failure f = Classify(what, std::current_exception(), conn.get(), retry);
      if (f.connection_lost) conn.reset();
      Give(std::move(conn));
      if (!f.retry || !BackOff(what, f.status, attempt, deadline)) return f.status;
    }
  }
}

}  // namespace pregon::store

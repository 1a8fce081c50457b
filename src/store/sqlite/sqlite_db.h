// SqliteDb: one SQLite connection with a cache of prepared statements and a transaction
// helper, on SQLiteCpp. The connection is opened in WAL mode with a busy timeout, so several
// processes share one database file safely (SQLite admits one writer at a time; the others
// wait up to the busy timeout).
//
// Thread-safety: none by itself; SqliteStore serialises access with its mutex.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <SQLiteCpp/VariadicBind.h>
#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/mutex.h"
#include "core/status.h"
#include "store/common/row.h"
#include "store/common/store_errors.h"

namespace pregon::store {

struct SqliteOptions {
  std::string path;              // file path or ":memory:"
  int busy_timeout_ms = 30'000;  // how long a writer waits for another process's transaction
  // NORMAL survives any process crash (WAL); FULL also survives power loss, at a cost.
  std::string synchronous = "NORMAL";
};

class SqliteDb {
 public:
  // Opens (creating if needed) the database. Internal error with SQLite's message otherwise.
  static Result<std::unique_ptr<SqliteDb>> Open(const SqliteOptions& options);

  SQLite::Database& db() { return *db_; }

  // A prepared statement for `sql`, reset and with no bindings. `sql` must be a string with
  // static storage (a literal): it is the cache key.
  SQLite::Statement& Prepare(const char* sql);

  // Number of rows changed by the last statement.
  int Changes() { return db_->getChanges(); }

  // Resets every statement handed out since the last call. A statement stepped but not
  // reset keeps its read snapshot open; the next BEGIN IMMEDIATE on this connection would
  // then fail at once (SQLITE_BUSY_SNAPSHOT) as soon as another process has written.
  void ResetUsed();

 private:
  explicit SqliteDb(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
  std::unique_ptr<SQLite::Database> db_;
  std::map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
  std::vector<SQLite::Statement*> used_;
};

// What every SqliteStore call holds: the connection's mutex, and on exit the reset of the
// statements the call used (see SqliteDb::ResetUsed).
class SCOPED_CAPABILITY SqliteSession {
 public:
  SqliteSession(Mutex& mu, SqliteDb& db) ACQUIRE(mu) : lock_(mu), db_(db) {}
  ~SqliteSession() RELEASE() { db_.ResetUsed(); }
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

 private:
  MutexLock lock_;
  SqliteDb& db_;
};

// A write transaction (BEGIN IMMEDIATE, so it takes the write lock up front and never fails
// half-way on a lock upgrade). Rolls back on destruction unless committed.
class SqliteTx {
 public:
  explicit SqliteTx(SqliteDb& db);
  ~SqliteTx();
  SqliteTx(const SqliteTx&) = delete;
  SqliteTx& operator=(const SqliteTx&) = delete;
  void Commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

// Timestamps are stored as Unix milliseconds.
inline int64_t Ms(Timestamp t) { return ToUnixMillis(t); }

// A stepped statement's current row as the Row the shared readers take (NULL reads as 0 or
// "", as SQLiteCpp's getters do).
class SqliteRow final : public Row {
 public:
  explicit SqliteRow(SQLite::Statement& q) : q_(q) {}
  bool IsNull(int col) const override { return q_.getColumn(col).isNull(); }
  int64_t Int(int col) const override { return q_.getColumn(col).getInt64(); }
  double Real(int col) const override { return q_.getColumn(col).getDouble(); }
  std::string Text(int col) const override { return q_.getColumn(col).getString(); }

 private:
  SQLite::Statement& q_;
};

// Runs `fn` and turns a SQLiteCpp exception into a Status (the edge of the library).
// Not analysed for thread safety: it only forwards the call, and each `fn` states the mutex
// it needs (REQUIRES(mu_)) where it is written, which is where the analysis checks it.
template <typename Fn>
NO_THREAD_SAFETY_ANALYSIS auto Guard(std::string_view what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return DbError(SqliteFailure(e.getExtendedErrorCode()), what, e.what());
  } catch (const std::exception& e) {
    return Status::Internal(std::string(what) + ": " + e.what());
  }
}

}  // namespace pregon::store

#include "store/sqlite/sqlite_db.h"

namespace pregon::store {

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const SqliteOptions& options) {
  try {
    auto db = std::make_unique<SQLite::Database>(
        options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        options.busy_timeout_ms);
    db->exec("PRAGMA journal_mode = WAL");
    db->exec("PRAGMA synchronous = " +
             (options.synchronous == "FULL" ? std::string("FULL") : std::string("NORMAL")));
    db->exec("PRAGMA foreign_keys = ON");
    // Temporary b-trees (the sort behind a campaign's snapshot, GROUP BY of its ranges) go
    // to temporary files past the page cache, so memory stays bounded whatever the
    // audience size; in memory they grew with it (96 MB for a million recipients).
    db->exec("PRAGMA temp_store = FILE");
    return std::unique_ptr<SqliteDb>(new SqliteDb(std::move(db)));
  } catch (const std::exception& e) {
    return Status::Internal("cannot open SQLite database '" + options.path + "': " + e.what());
  }
}

SQLite::Statement& SqliteDb::Prepare(const char* sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(*db_, sql)).first;
  } else {
    it->second->reset();
    it->second->clearBindings();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

void SqliteDb::ResetUsed() {
  for (auto* st : used_) {
    try {
      st->reset();
    } catch (const SQLite::Exception&) {
      // reset() repeats the statement's last error; the call that hit it already reported it.
    }
  }
  used_.clear();
}

SqliteTx::SqliteTx(SqliteDb& db) : db_(db) { db_.db().exec("BEGIN IMMEDIATE"); }

SqliteTx::~SqliteTx() {
  if (done_) return;
  try {
    db_.db().exec("ROLLBACK");
  } catch (...) {
    // Nothing to do: SQLite has already rolled back when it reports an error here.
  }
}

void SqliteTx::Commit() {
  db_.db().exec("COMMIT");
  done_ = true;
}

}  // namespace pregon::store

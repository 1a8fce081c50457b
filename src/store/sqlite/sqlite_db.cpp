#include "store/sqlite/sqlite_db.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace pregon::store {

// The database holds provider API keys and bot tokens: a new file is made readable by its
// owner only (0600), whatever the umask. SQLite gives the -wal and -shm files it creates the
// same mode as the database file. An existing file keeps the mode its operator gave it.
static Status CreateOwnerOnly(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return Status::Ok();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return Status::Ok();
  }
  if (errno == EEXIST) return Status::Ok();
  return Status::Internal("cannot create SQLite database '" + path + "': " + std::strerror(errno));
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const SqliteOptions& options) {
  PREGON_RETURN_IF_ERROR(CreateOwnerOnly(options.path));
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
  // Each statement once: an import prepares the same few a million times in one session.
  SQLite::Statement* statement = it->second.get();
  if (std::find(used_.begin(), used_.end(), statement) == used_.end()) used_.push_back(statement);
  return *statement;
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

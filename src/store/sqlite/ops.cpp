// SqliteStore: the counts /metrics reports, an online backup, pruning and the database's
// settings (OpsStore).
#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/common/ops_texts.h"
#include "store/sqlite/sqlite_store.h"

namespace pregon::store {

Result<std::vector<OpsCount>> SqliteStore::CountForMetrics(Timestamp now) {
  SqliteSession session(mu_, *db_);
  return Guard("counting for metrics", [&]() REQUIRES(mu_) -> Result<std::vector<OpsCount>> {
    auto& q = db_->Prepare(kOpsCountsSql);
    q.bind(1, Ms(now));
    std::vector<OpsCount> out;
    while (q.executeStep()) out.push_back(ReadOpsCount(SqliteRow(q)));
    return out;
  });
}

Status SqliteStore::BackupTo(const std::string& path) {
  // Created here, exclusively and readable by the owner only: the copy holds the senders'
  // credentials like the database does.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return errno == EEXIST
               ? Status::AlreadyExists(path + " exists: choose a new file")
               : Status::InvalidArgument("cannot create " + path + ": " + std::strerror(errno));
  ::close(fd);
  SqliteSession session(mu_, *db_);
  Status st = Guard("backing up", [&]() REQUIRES(mu_) -> Status {
    SQLite::Database copy(path, SQLite::OPEN_READWRITE);
    SQLite::Backup backup(copy, db_->db());
    backup.executeStep(-1);  // every page, from one consistent snapshot
    return Status::Ok();
  });
  if (!st.ok()) ::unlink(path.c_str());
  return st;
}

Result<PruneCounts> SqliteStore::Prune(Timestamp events_before, Timestamp tracking_before) {
  PruneCounts counts;
  for (const PruneStep& step : PruneSteps(counts, events_before, tracking_before)) {
    while (true) {  // a batch a transaction: writers wait for one batch at most
      SqliteSession session(mu_, *db_);
      PREGON_ASSIGN_OR_RETURN(const int deleted,
                              Guard("pruning", [&]() REQUIRES(mu_) -> Result<int> {
                                auto& q = db_->Prepare(step.sql);
                                SQLite::bind(q, Ms(step.before), kPruneBatch);
                                return q.exec();
                              }));
      *step.deleted += deleted;
      if (deleted < kPruneBatch) break;
    }
  }
  return counts;
}

Result<DatabaseSettings> SqliteStore::ReadDatabaseSettings() {
  SqliteSession session(mu_, *db_);
  return Guard("reading the database's settings", [&]() REQUIRES(mu_) -> Result<DatabaseSettings> {
    static constexpr const char* kSynchronous[] = {"OFF", "NORMAL", "FULL", "EXTRA"};
    DatabaseSettings s;
    s.backend = "sqlite";
    s.version = sqlite3_libversion();
    s.version_num = sqlite3_libversion_number();
    s.journal_mode = db_->db().execAndGet("PRAGMA journal_mode").getString();
    const int synchronous = db_->db().execAndGet("PRAGMA synchronous").getInt();
    s.synchronous = synchronous >= 0 && synchronous < 4 ? kSynchronous[synchronous]
                                                        : std::to_string(synchronous);
    return s;
  });
}

}  // namespace pregon::store

#include "store/sqlite/sqlite_backup.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <vector>

#include "store/common/migration.h"

namespace pregon::store {

namespace sqlite {
extern const std::vector<Migration> kMigrations;  // generated from migrations/sqlite/*.sql
}

int LatestSqliteSchemaVersion() { return LatestVersion(sqlite::kMigrations); }

Result<int> CheckSqliteBackup(const std::string& path) {
  const int latest = LatestSqliteSchemaVersion();
  if (!std::filesystem::is_regular_file(path))
    return Status::InvalidArgument(path + " is not a file");
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    const std::string integrity = db.execAndGet("PRAGMA integrity_check").getString();
    if (integrity != "ok")
      return Status::InvalidArgument(path + " fails SQLite's integrity check: " + integrity);
    if (!db.tableExists("schema_migrations"))
      return Status::InvalidArgument(path + " is not a pregon database (no schema_migrations)");
    const int version = db.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (version > latest)
      return Status::InvalidArgument(path + " has schema version " + std::to_string(version) +
                                     ", newer than this pregon's " + std::to_string(latest) +
                                     ": restore it with that pregon or a newer one");
    return version;
  } catch (const SQLite::Exception& e) {
    return Status::InvalidArgument(path + " is not a readable SQLite database: " + e.what());
  }
}

Status RestoreSqliteBackup(const std::string& backup, const std::string& target) {
  try {
    SQLite::Database source(backup, SQLite::OPEN_READONLY);
    SQLite::Database dest(target, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup copy(dest, source);
    copy.executeStep(-1);
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Internal("restoring " + backup + " into " + target + " failed: " + e.what());
  }
}

}  // namespace pregon::store

// Restoring an SQLite backup (`pregon restore`): the file is checked first — an SQLite
// database that passes its integrity check, holding a pregon schema this binary can run or
// migrate — then copied page by page over the target database (SQLite's backup API, so the
// target stays a valid database at every step and its WAL mode is kept).
//
// Thread-safety: plain functions; run them with no pregon process using the target.
#pragma once

#include <string>

#include "core/status.h"

namespace pregon::store {

// The newest SQLite schema version this binary knows.
int LatestSqliteSchemaVersion();

// The schema version of the backup at `path`. InvalidArgument saying what is wrong: not an
// SQLite file, a failed integrity check, no pregon schema, or newer than this binary's.
Result<int> CheckSqliteBackup(const std::string& path);

// Replaces the database at `target` (created when missing) with the backup's content.
Status RestoreSqliteBackup(const std::string& backup, const std::string& target);

}  // namespace pregon::store

// Versioned schema migrations, compiled into the binary from migrations/<backend>/*.sql, and
// the loop both backends run to apply them. Each backend runs the loop inside its own
// migrating transaction (which makes two processes migrating at once take turns) and
// executes each script with its own driver; which scripts run, in which order, and when the
// database is too new for this binary is decided here once.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "core/status.h"

namespace pregon::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// The highest version in `migrations` (0 when there are none).
int LatestVersion(std::span<const Migration> migrations);

// Calls apply(m) for each migration newer than `current`, in ascending version order, and
// stops at the first error apply returns (the caller's transaction then rolls back).
// FailedPrecondition, applying nothing, when `current` is newer than every migration: the
// database was migrated by a newer pregon.
Status ApplyPendingMigrations(std::span<const Migration> migrations, int current,
                              const std::function<Status(const Migration&)>& apply);

}  // namespace pregon::store

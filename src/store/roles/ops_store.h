// OpsStore: keeping the store — what /metrics reports from it (the state every node shares,
// counted in one read: campaigns, ranges and deliveries by status, ranges claimable now,
// report requests by state, suppressions by reason, senders paused; labels are states and
// kinds only, never a campaign id or an address), an online backup, pruning old rows so a
// busy install does not grow without bound, and the database settings `pregon doctor` checks.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"

namespace pregon {

// One value of one metric: metric "deliveries", label "sent", value 1234.
struct OpsCount {
  std::string metric;
  std::string label;
  int64_t value = 0;
};

// The database's own settings that bear on pregon's guarantees and capacity, as the server
// (or library) reports them, for `pregon doctor` to judge.
struct DatabaseSettings {
  std::string backend;  // "postgres" or "sqlite"
  std::string version;  // PostgreSQL's server_version ("15.18 (Debian 15.18-0+deb12u1)"),
                        // SQLite's library version ("3.40.1")
  int version_num = 0;  // server_version_num (150018); SQLite's sqlite3_libversion_number()
  // PostgreSQL; 0 and "" on SQLite.
  int max_connections = 0;
  int reserved_connections = 0;    // kept for superusers (superuser_reserved_connections, and
                                   // reserved_connections from PostgreSQL 16)
  int connections_in_use = 0;      // client connections open now, this one included
  std::string synchronous_commit;  // as this connection has it: on, off, local, remote_write...
  std::string fsync;               // on | off
  // SQLite; "" on PostgreSQL.
  std::string journal_mode;  // wal
  std::string synchronous;   // as this connection has it: OFF, NORMAL, FULL or EXTRA
};

// What Prune removed.
struct PruneCounts {
  int64_t events = 0;          // campaign_events rows
  int64_t tracking_hours = 0;  // engagement_hours rows
  int64_t feedback = 0;        // mail_feedback rows
};

class OpsStore {
 public:
  virtual ~OpsStore() = default;
  // Metrics: campaigns, ranges, deliveries (labelled by status), ranges_claimable (now),
  // ranges_oldest_claimable_ms (how long the oldest claimable batch of a sending campaign
  // has waited; 0 when none),
  // report_requests (by state), suppressions (by reason), senders_paused (by kind, at `now`).
  // Only labels with rows are given.
  virtual Result<std::vector<OpsCount>> CountForMetrics(Timestamp now) = 0;

  // A consistent copy of the whole database in the new file `path`, taken while others keep
  // writing (SQLite's online backup). AlreadyExists when `path` exists; FailedPrecondition on
  // PostgreSQL, naming the pg_dump command to use instead.
  virtual Status BackupTo(const std::string& path) = 0;

  // Deletes campaign events older than `events_before`, and hourly tracking counts and bounce
  // and complaint rows older than `tracking_before` (per-delivery engagement stays). In
  // batches, so writers are never held up for long.
  virtual Result<PruneCounts> Prune(Timestamp events_before, Timestamp tracking_before) = 0;

  // The settings of DatabaseSettings for this backend, read now (nothing is changed).
  // Transient when the database cannot be reached.
  virtual Result<DatabaseSettings> ReadDatabaseSettings() = 0;
};

}  // namespace pregon

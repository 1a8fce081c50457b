#include "app/ops/database_settings.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"

namespace pregon {
namespace {

// The oldest PostgreSQL pregon supports (docs/SCALING.md), as server_version_num.
constexpr int kOldestPostgres = 120000;

void JudgePostgresVersion(const DatabaseSettings& s, DoctorReport& report) {
  const std::string version = "PostgreSQL " + LogSafe(s.version, 80);
  if (s.version_num < kOldestPostgres)
    report.Add("database", CheckLevel::kError,
               version + " is older than 12, the oldest pregon supports: upgrade the server");
  else
    report.Add("database", CheckLevel::kOk, version);
}

// max_connections against what pregon's processes open: one `serve` must fit at all, and
// what is free now must fit one more worker (another node, or a restart while the old
// process still holds its connections).
void JudgePostgresConnections(const DatabaseSettings& s, const PoolNeeds& needs,
                              DoctorReport& report) {
  const int usable = s.max_connections - s.reserved_connections;
  const int free_now = usable - s.connections_in_use;
  const std::string found = fmt::format(
      "max_connections {} ({} kept for superusers), {} in use; a `pregon serve` opens up to {} "
      "connections, a `pregon worker` up to {} ({}; each process one more that LISTENs)",
      s.max_connections, s.reserved_connections, s.connections_in_use, needs.serve, needs.worker,
      needs.from);
  if (usable < needs.serve) {
    report.Add("database", CheckLevel::kError,
               found +
                   ": not even one `serve` fits; raise max_connections or lower "
                   "PREGON_PG_POOL_SIZE / PREGON_WORKER_CONCURRENCY (docs/SCALING.md)");
  } else if (free_now < needs.worker) {
    report.Add("database", CheckLevel::kWarning,
               found + fmt::format(": only {} free, so one more worker would wait for "
                                   "connections; raise max_connections (docs/SCALING.md)",
                                   std::max(free_now, 0)));
  } else {
    const int more = free_now / std::max(needs.worker, 1);
    report.Add("database", CheckLevel::kOk,
               found + fmt::format(": room for {} more worker{}", more, more == 1 ? "" : "s"));
  }
}

void JudgePostgresDurability(const DatabaseSettings& s, DoctorReport& report) {
  bool durable = true;
  if (s.synchronous_commit == "off") {
    durable = false;
    report.Add("database", CheckLevel::kWarning,
               "synchronous_commit is off: a crash of the database forgets commits it had "
               "acknowledged — results recorded, ranges claimed — so a message may be sent twice "
               "or lost from the counts; set it on (docs/SCALING.md)");
  }
  if (s.fsync == "off") {
    durable = false;
    report.Add("database", CheckLevel::kWarning,
               "fsync is off: a crash of the machine can lose commits or corrupt the database; "
               "set it on (docs/SCALING.md)");
  }
  if (durable)
    report.Add("database", CheckLevel::kOk,
               "commits are durable (synchronous_commit " + LogSafe(s.synchronous_commit, 20) +
                   ", fsync " + LogSafe(s.fsync, 10) + ")");
}

void JudgeSqlite(const DatabaseSettings& s, DoctorReport& report) {
  const std::string found =
      fmt::format("SQLite {}, journal {}, synchronous {}", LogSafe(s.version, 40),
                  LogSafe(s.journal_mode, 20), LogSafe(s.synchronous, 20));
  if (AsciiLower(s.journal_mode) != "wal")
    report.Add("database", CheckLevel::kWarning,
               found +
                   ": not WAL, so readers and the writer wait for each other (a file system "
                   "without shared memory? keep the database on a local disk)");
  else if (s.synchronous == "OFF")
    report.Add("database", CheckLevel::kWarning,
               found + ": a crash of the machine can lose commits; set PREGON_SQLITE_SYNCHRONOUS");
  else
    report.Add("database", CheckLevel::kOk, found);
}

}  // namespace

void JudgeDatabaseSettings(const DatabaseSettings& settings, const PoolNeeds& needs,
                           DoctorReport& report) {
  if (settings.backend == "sqlite") return JudgeSqlite(settings, report);
  JudgePostgresVersion(settings, report);
  JudgePostgresConnections(settings, needs, report);
  JudgePostgresDurability(settings, report);
}

void CheckDatabaseSettings(OpsStore& store, const PoolNeeds& needs, DoctorReport& report) {
  auto settings = store.ReadDatabaseSettings();
  if (!settings.ok()) {
    report.Add("database", CheckLevel::kError,
               "cannot read the database's settings: " + settings.status().message());
    return;
  }
  JudgeDatabaseSettings(*settings, needs, report);
}

}  // namespace pregon

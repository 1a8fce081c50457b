#include "app/ops/database_settings.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

DatabaseSettings Postgres() {
  DatabaseSettings s;
  s.backend = "postgres";
  s.version = "15.18 (Debian 15.18-0+deb12u1)";
  s.version_num = 150018;
  s.max_connections = 100;
  s.reserved_connections = 3;
  s.connections_in_use = 7;
  s.synchronous_commit = "on";
  s.fsync = "on";
  return s;
}

const PoolNeeds kNeeds{5, 9, "PREGON_PG_POOL_SIZE=0: 2 worker threads + 2, 4 more in `serve`"};

std::vector<DoctorCheck> Judge(const DatabaseSettings& s, const PoolNeeds& needs = kNeeds) {
  DoctorReport report;
  JudgeDatabaseSettings(s, needs, report);
  return report.checks();
}

TEST(DatabaseSettings, AWellSetPostgresIsOkOnEachLine) {
  const auto checks = Judge(Postgres());
  ASSERT_EQ(checks.size(), 3u);
  for (const DoctorCheck& c : checks) {
    EXPECT_EQ(c.area, "database");
    EXPECT_EQ(c.level, CheckLevel::kOk) << c.message;
  }
  EXPECT_EQ(checks[0].message, "PostgreSQL 15.18 (Debian 15.18-0+deb12u1)");
  EXPECT_EQ(
      checks[1].message,
      "max_connections 100 (3 kept for superusers), 7 in use; a `pregon serve` opens up to "
      "9 connections, a `pregon worker` up to 5 (PREGON_PG_POOL_SIZE=0: 2 worker threads + 2, "
      "4 more in `serve`; each process one more that LISTENs): room for 18 more workers");
  EXPECT_EQ(checks[2].message, "commits are durable (synchronous_commit on, fsync on)");
}

TEST(DatabaseSettings, TooOldOrTooFewConnections) {
  DatabaseSettings old = Postgres();
  old.version = "11.22";
  old.version_num = 110022;
  EXPECT_EQ(Judge(old)[0].level, CheckLevel::kError);

  DatabaseSettings small = Postgres();
  small.max_connections = 10;  // 7 usable: no room for a serve of 9
  const DoctorCheck none = Judge(small)[1];
  EXPECT_EQ(none.level, CheckLevel::kError);
  EXPECT_NE(none.message.find("not even one `serve` fits"), std::string::npos) << none.message;

  DatabaseSettings busy = Postgres();
  busy.max_connections = 20;  // 17 usable, 13 in use: 4 free, a worker needs 5
  busy.connections_in_use = 13;
  const DoctorCheck full = Judge(busy)[1];
  EXPECT_EQ(full.level, CheckLevel::kWarning);
  EXPECT_NE(full.message.find("only 4 free"), std::string::npos) << full.message;
}

TEST(DatabaseSettings, CommitsThatAreNotDurableAreWarnings) {
  DatabaseSettings s = Postgres();
  s.synchronous_commit = "off";
  s.fsync = "off";
  const auto checks = Judge(s);
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_EQ(checks[2].level, CheckLevel::kWarning);
  EXPECT_NE(checks[2].message.find("synchronous_commit is off"), std::string::npos);
  EXPECT_EQ(checks[3].level, CheckLevel::kWarning);
  EXPECT_NE(checks[3].message.find("fsync is off"), std::string::npos);
  s.fsync = "on";
  s.synchronous_commit = "local";  // durable on this server, not waiting for replicas
  EXPECT_EQ(Judge(s)[2].level, CheckLevel::kOk);
}

TEST(DatabaseSettings, Sqlite) {
  DatabaseSettings s;
  s.backend = "sqlite";
  s.version = "3.40.1";
  s.journal_mode = "wal";
  s.synchronous = "NORMAL";
  auto checks = Judge(s);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_EQ(checks[0].level, CheckLevel::kOk);
  EXPECT_EQ(checks[0].message, "SQLite 3.40.1, journal wal, synchronous NORMAL");
  s.journal_mode = "delete";
  EXPECT_EQ(Judge(s)[0].level, CheckLevel::kWarning);
}

}  // namespace
}  // namespace pregon

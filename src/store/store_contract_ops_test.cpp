// The Store contract, continued: the database settings `pregon doctor` judges (OpsStore).
// Instantiated for every backend by store_contract_test.cpp (one suite, StoreContract).
#include <gtest/gtest.h>

#include "store/store_contract_fixture.h"

namespace pregon {
namespace {

TEST_P(StoreContract, DatabaseSettingsAreThoseOfItsBackend) {
  auto s = store_->ReadDatabaseSettings();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->backend, GetParam().name == "sqlite" ? "sqlite" : "postgres");
  EXPECT_FALSE(s->version.empty());
  EXPECT_GT(s->version_num, 0);
  if (s->backend == "sqlite") {
    EXPECT_EQ(s->journal_mode, "wal");
    EXPECT_EQ(s->synchronous, "NORMAL");  // the store's default (PREGON_SQLITE_SYNCHRONOUS)
    EXPECT_EQ(s->max_connections, 0);
    return;
  }
  EXPECT_GE(s->version_num, 120000) << "pregon needs PostgreSQL 12 or newer";
  EXPECT_GT(s->max_connections, s->reserved_connections);
  EXPECT_GE(s->connections_in_use, 1) << "this connection at least";
  EXPECT_FALSE(s->synchronous_commit.empty());
  EXPECT_TRUE(s->fsync == "on" || s->fsync == "off") << s->fsync;
  EXPECT_TRUE(s->journal_mode.empty());
}

}  // namespace
}  // namespace pregon

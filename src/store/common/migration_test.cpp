#include "store/common/migration.h"

#include <gtest/gtest.h>

#include <vector>

namespace pregon::store {
namespace {

// Out of order on purpose: the loop must apply by version, not by position.
const std::vector<Migration> kScripts = {
    {2, "0002_second", "B"}, {1, "0001_first", "A"}, {3, "0003_third", "C"}};

std::vector<int> Applied(int current, Status* status = nullptr, int fail_at = 0) {
  std::vector<int> applied;
  Status s = ApplyPendingMigrations(kScripts, current, [&](const Migration& m) -> Status {
    if (m.version == fail_at) return Status::Internal("script failed");
    applied.push_back(m.version);
    return Status::Ok();
  });
  if (status) *status = s;
  return applied;
}

TEST(Migrations, LatestIsTheHighestVersion) {
  EXPECT_EQ(LatestVersion(kScripts), 3);
  EXPECT_EQ(LatestVersion({}), 0);
}

TEST(Migrations, AFreshDatabaseGetsEveryScriptInVersionOrder) {
  EXPECT_EQ(Applied(0), (std::vector<int>{1, 2, 3}));
}

TEST(Migrations, OnlyScriptsNewerThanTheDatabaseRun) {
  EXPECT_EQ(Applied(1), (std::vector<int>{2, 3}));
  EXPECT_TRUE(Applied(3).empty());
}

TEST(Migrations, ADatabaseFromANewerPregonIsRefusedUntouched) {
  Status status;
  EXPECT_TRUE(Applied(4, &status).empty());
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("version 4"), std::string::npos);
  EXPECT_NE(status.message().find("upgrade pregon"), std::string::npos);
}

TEST(Migrations, TheFirstFailingScriptStopsTheLoop) {
  Status status;
  EXPECT_EQ(Applied(0, &status, 2), (std::vector<int>{1}));
  EXPECT_EQ(status.code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace pregon::store

#include "store/sqlite/sqlite_db.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/store_test_backends.h"

namespace pregon::store {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

std::string FreshPath() {
  auto path = std::filesystem::temp_directory_path() /
              ("pregon-sqlite-mode-" + testing::UniqueSuffix() + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  return path.string();
}

// The database holds provider secrets: a new one (and its WAL) is readable by its owner only,
// even under a umask that would let everyone read it.
TEST(SqliteDb, ANewDatabaseAndItsWalAreOwnerOnly) {
  const std::string path = FreshPath();
  const mode_t old_umask = ::umask(022);
  {
    auto store = SqliteStore::Open({.path = path});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Migrate().ok());
    EXPECT_EQ(ModeOf(path), 0600u);
    ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
    EXPECT_EQ(ModeOf(path + "-wal"), 0600u);
  }
  ::umask(old_umask);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// An operator's own choice for an existing file (say 0640 for a backup group) is kept.
TEST(SqliteDb, AnExistingDatabaseKeepsItsMode) {
  const std::string path = FreshPath();
  std::ofstream(path).close();
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  {
    auto store = SqliteStore::Open({.path = path});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE((*store)->Migrate().ok());
  }
  EXPECT_EQ(ModeOf(path), 0640u);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

TEST(SqliteDb, AnUncreatableDatabaseSaysWhereAndWhy) {
  auto store = SqliteStore::Open({.path = "/nonexistent-dir-for-pregon/x.db"});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("/nonexistent-dir-for-pregon/x.db"), std::string::npos);
  EXPECT_NE(store.status().message().find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace pregon::store

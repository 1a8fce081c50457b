// The backends every store test runs against (DESIGN §2: one suite, every backend), each
// as a maker of URLs of fresh, empty databases. For tests only.
//
// PostgreSQL comes from PREGON_TEST_PG_URL, which scripts/run-tests (through
// scripts/pg-scratch) sets to a throw-away server. Each URL names a new schema of that
// database (search_path in the URL's options), so tests stay independent and may run in
// parallel. Without the variable the PostgreSQL tests fail, saying how to run them: a test
// run never passes by skipping the database it could not reach.
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <ostream>
#include <pqxx/pqxx>
#include <random>
#include <string>
#include <vector>

#include "core/mutex.h"
#include "core/status.h"

namespace pregon::testing {

struct TestBackend {
  std::string name;
  std::function<Result<std::string>()> fresh_url;
  bool shared_by_nodes = false;  // many nodes use one database: one scheduler leader at a time
};

// Names the backend in test listings (instead of gtest's byte dump of the struct).
inline void PrintTo(const TestBackend& b, std::ostream* os) { *os << b.name; }

// A unique suffix for names made by this process: pid, counter and a random part.
inline std::string UniqueSuffix() {
  static std::atomic<int> n{0};
  static const unsigned salt = std::random_device{}();
  return std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" +
         std::to_string(salt % 100000);
}

// The SQLite files this process made, removed when it exits, so test runs do not fill the
// temporary directory (thousands of databases a run).
class TestDatabaseFiles {
 public:
  static TestDatabaseFiles& Instance() {
    static TestDatabaseFiles files;
    return files;
  }
  void Add(std::string path) {
    MutexLock lock(mu_);
    paths_.push_back(std::move(path));
  }
  ~TestDatabaseFiles() {
    MutexLock lock(mu_);
    for (const std::string& path : paths_) RemoveWithSidecars(path);
  }
  static void RemoveWithSidecars(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
  }

 private:
  Mutex mu_;
  std::vector<std::string> paths_ GUARDED_BY(mu_);
};

inline Result<std::string> FreshSqliteUrl() {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("pregon-store-test-" + UniqueSuffix() + ".db"))
          .string();
  TestDatabaseFiles::RemoveWithSidecars(path);
  TestDatabaseFiles::Instance().Add(path);
  return "sqlite://" + path;
}

inline Result<std::string> FreshPostgresUrl() {
  const char* base = std::getenv("PREGON_TEST_PG_URL");
  if (base == nullptr || *base == '\0')
    return Status::FailedPrecondition(
        "PREGON_TEST_PG_URL is not set: run the tests with scripts/run-tests (or "
        "`scripts/pg-scratch run ctest`), which start a throw-away PostgreSQL");
  std::string schema = "t_" + UniqueSuffix();
  try {
    pqxx::connection conn(base);
    pqxx::work tx(conn);
    tx.exec("CREATE SCHEMA " + tx.quote_name(schema));
    tx.commit();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("cannot create a test schema in PREGON_TEST_PG_URL: ") +
                            e.what());
  }
  std::string url(base);
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20search_path%3D" +
         schema;
}

inline const std::vector<TestBackend>& TestBackends() {
  static const std::vector<TestBackend> kBackends = {{"sqlite", FreshSqliteUrl, false},
                                                     {"postgres", FreshPostgresUrl, true}};
  return kBackends;
}

}  // namespace pregon::testing

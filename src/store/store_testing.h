// Test helpers: a fresh, migrated SQLite store in a temp file. For tests only.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "store/store_factory.h"

namespace pregon::testing {

inline std::unique_ptr<Store> NewTempSqliteStore() {
  static std::atomic<int> n{0};
  auto path = std::filesystem::temp_directory_path() /
              ("pregon-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  auto s = OpenStore("sqlite://" + path.string());
  if (!s.ok() || !(*s)->Migrate().ok()) std::abort();
  return std::move(s).value();
}

}  // namespace pregon::testing

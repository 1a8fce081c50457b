// Helpers shared by the sandbox's unit tests.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace pregon::testing {

// A path in the test temp dir named after the process and the running test; removed first.
inline std::string TempPath(const std::string& name) {
  const std::string path = ::testing::TempDir() + "pregon_" + std::to_string(::getpid()) + "_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
                           name;
  std::remove(path.c_str());
  return path;
}

}  // namespace pregon::testing

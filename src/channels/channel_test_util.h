// Helpers shared by the channels' unit tests (header-only; not part of the library).
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <vector>

namespace pregon::testing_util {

// A path in the test's temp directory that no other test (or earlier run) uses.
inline std::string TempPath(const std::string& name) {
  static std::atomic<int> counter{0};
  const std::string path = ::testing::TempDir() + "pregon_" + std::to_string(::getpid()) + "_" +
                           std::to_string(counter++) + "_" + name;
  std::remove(path.c_str());
  return path;
}

inline std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A 127.0.0.1 port nothing listens on: bound, then released (a connect gets refused).
inline int UnusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 1;  // port 1 on loopback is refused as well
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace pregon::testing_util

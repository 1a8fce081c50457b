#include "net/listening_server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace pregon {
namespace {

void Hello(ListeningServer& s) {
  s.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hi", "text/plain");
  });
}

TEST(ListeningServer, ServesOnAnyFreeTcpPortAndStops) {
  ListeningServer s;
  Hello(s);
  ASSERT_TRUE(s.Start(*ParseListenAddress("127.0.0.1:0")).ok());
  ASSERT_GT(s.port(), 0);
  httplib::Client c("127.0.0.1", s.port());
  auto r = c.Get("/hello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hi");
  s.Stop();
  s.Wait();
  EXPECT_FALSE(c.Get("/hello"));
}

TEST(ListeningServer, BusyPortIsAnError) {
  ListeningServer a, b;
  ASSERT_TRUE(a.Start(*ParseListenAddress("127.0.0.1:0")).ok());
  ListenAddress same = *ParseListenAddress("127.0.0.1:0");
  same.port = a.port();
  EXPECT_EQ(b.Start(same).code(), StatusCode::kUnavailable);
}

TEST(ListeningServer, UnixSocketReplacesAStaleFileAndIsRemovedOnStop) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("pregon-ls-" + std::to_string(::getpid()) + ".sock"))
                               .string();
  {
    ListeningServer first;
    ASSERT_TRUE(first.Start(*ParseListenAddress("unix:" + path)).ok());
    // While it runs, a second server must not take the path over.
    ListeningServer thief;
    EXPECT_EQ(thief.Start(*ParseListenAddress("unix:" + path)).code(), StatusCode::kUnavailable);
  }
  EXPECT_FALSE(std::filesystem::exists(path)) << "Stop removes the socket";
  // A stale socket file (its server died without cleaning up) is replaced.
  {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::close(fd);
  }
  ListeningServer s;
  Hello(s);
  ASSERT_TRUE(s.Start(*ParseListenAddress("unix:" + path)).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  httplib::Client c(path);
  c.set_address_family(AF_UNIX);
  auto r = c.Get("/hello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hi");
}

TEST(ListeningServer, AFileThatIsNotASocketIsLeftAlone) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("pregon-ls-file-" + std::to_string(::getpid())))
          .string();
  { std::ofstream(path) << "data"; }
  ListeningServer s;
  EXPECT_EQ(s.Start(*ParseListenAddress("unix:" + path)).code(), StatusCode::kUnavailable);
  EXPECT_TRUE(std::filesystem::exists(path));
  std::filesystem::remove(path);
}

TEST(ListeningServer, StopBeforeStartNeverServes) {
  ListeningServer s;
  s.Stop();
  EXPECT_TRUE(s.Start(*ParseListenAddress("127.0.0.1:0")).ok());
  s.Wait();
}

}  // namespace
}  // namespace pregon

#include "net/listen_address.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(ListenAddress, TcpAndUnixForms) {
  auto tcp = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(tcp.ok());
  EXPECT_FALSE(tcp->is_unix());
  EXPECT_EQ(tcp->host, "127.0.0.1");
  EXPECT_EQ(tcp->port, 8080);
  EXPECT_EQ(tcp->ToString(), "127.0.0.1:8080");

  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->ToString(), "[::1]:0");

  auto unix_socket = ParseListenAddress("unix:/run/pregon/api.sock");
  ASSERT_TRUE(unix_socket.ok());
  EXPECT_TRUE(unix_socket->is_unix());
  EXPECT_EQ(unix_socket->unix_path, "/run/pregon/api.sock");
  EXPECT_EQ(unix_socket->ToString(), "unix:/run/pregon/api.sock");
}

TEST(ListenAddress, BadFormsNameTheFlag) {
  for (const char* bad : {"", "8080", ":8080", "localhost", "localhost:", "localhost:99999",
                          "localhost:-1", "localhost:80x", "unix:", "[]:80"}) {
    auto r = ParseListenAddress(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().message().rfind("--listen '", 0), 0u) << r.status().message();
    }
  }
  EXPECT_FALSE(ParseListenAddress("unix:/" + std::string(200, 'x')).ok());
}

}  // namespace
}  // namespace pregon

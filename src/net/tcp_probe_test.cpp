#include "net/tcp_probe.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pregon {
namespace {

TEST(TcpProbe, ConnectsToAListenerAndNamesWhyNot) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  EXPECT_TRUE(ProbeTcp("127.0.0.1", port, Millis(2000)).ok());
  close(fd);
  Status refused = ProbeTcp("127.0.0.1", port, Millis(2000));
  EXPECT_EQ(refused.code(), StatusCode::kTransient);
  EXPECT_NE(refused.message().find("cannot connect to 127.0.0.1:"), std::string::npos)
      << refused.message();
  EXPECT_FALSE(ProbeTcp("no-such-host.invalid", 80, Millis(2000)).ok());
}

TEST(TcpProbe, HostAndPortOfProviderUrls) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(HostPortOf("https://api.telegram.org/bot", &host, &port).ok());
  EXPECT_EQ(host, "api.telegram.org");
  EXPECT_EQ(port, 443);
  ASSERT_TRUE(HostPortOf("smtp://user:p%40ss@mail.example.com:587", &host, &port).ok());
  EXPECT_EQ(host, "mail.example.com");
  EXPECT_EQ(port, 587);
  ASSERT_TRUE(HostPortOf("smtps://[::1]", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 465);
  EXPECT_FALSE(HostPortOf("http://:80/", &host, &port).ok());
  EXPECT_FALSE(HostPortOf("http://h:99999/", &host, &port).ok());
  EXPECT_FALSE(HostPortOf("/var/outbox.jsonl", &host, &port).ok());
}

}  // namespace
}  // namespace pregon

#include "net/ip_ranges.h"

#include <gtest/gtest.h>

namespace pregon {
namespace {

TEST(IpRanges, MatchesIpv4AndIpv6Cidrs) {
  auto r = IpRanges::Parse("10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,::1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->Contains("10.200.3.4"));
  EXPECT_FALSE(r->Contains("11.0.0.1"));
  EXPECT_TRUE(r->Contains("192.168.1.7"));
  EXPECT_FALSE(r->Contains("192.168.1.8"));
  EXPECT_TRUE(r->Contains("2001:db8:ffff::1"));
  EXPECT_FALSE(r->Contains("2001:db9::1"));
  EXPECT_TRUE(r->Contains("::1"));
  EXPECT_FALSE(r->Contains("127.0.0.1"));
}

TEST(IpRanges, PrefixesThatEndInsideAByte) {
  auto r = IpRanges::Parse("172.16.0.0/12");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->Contains("172.16.0.1"));
  EXPECT_TRUE(r->Contains("172.31.255.255"));
  EXPECT_FALSE(r->Contains("172.32.0.0"));
  EXPECT_FALSE(r->Contains("172.15.255.255"));
}

// A socket on a dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d.
TEST(IpRanges, MappedIpv4MatchesIpv4Ranges) {
  auto r = IpRanges::Parse("127.0.0.0/8");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->Contains("::ffff:127.0.0.1"));
  EXPECT_TRUE(r->Contains("127.1.2.3"));
}

TEST(IpRanges, UnixPeersOnlyWhenNamed) {
  EXPECT_FALSE(IpRanges::Parse("127.0.0.1")->Contains(""));
  EXPECT_TRUE(IpRanges::Parse("unix")->Contains(""));
  EXPECT_FALSE(IpRanges::Parse("unix")->Contains("127.0.0.1"));
}

TEST(IpRanges, EmptyListTrustsNothing) {
  auto r = IpRanges::Parse(" , ");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_FALSE(r->Contains("127.0.0.1"));
  EXPECT_FALSE(r->Contains(""));
}

TEST(IpRanges, ZeroPrefixIsEveryAddressOfTheFamily) {
  auto r = IpRanges::Parse("0.0.0.0/0");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->Contains("8.8.8.8"));
  EXPECT_FALSE(r->Contains("2001:db8::1"));
}

TEST(IpRanges, BadEntriesAreNamed) {
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "example.com",
                          "10.0.0.256", "1.2.3.4/8/9"}) {
    auto r = IpRanges::Parse(std::string("127.0.0.1,") + bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find(bad), std::string::npos) << r.status().message();
  }
}

TEST(IpRanges, GarbageAddressesMatchNothing) {
  auto r = IpRanges::Parse("0.0.0.0/0,::/0");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->Contains("not-an-ip"));
  EXPECT_FALSE(r->Contains("1.2.3.4, 5.6.7.8"));
  EXPECT_FALSE(r->Contains(std::string(100, '1')));
}

}  // namespace
}  // namespace pregon

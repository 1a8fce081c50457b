#include "http/client_address.h"

#include <gtest/gtest.h>

namespace pregon::http {
namespace {

const IpRanges kNone = *IpRanges::Parse("");
const IpRanges kNginx = *IpRanges::Parse("127.0.0.1,unix");
const IpRanges kTwoTiers = *IpRanges::Parse("127.0.0.1,10.0.0.0/8");

TEST(ClientAddress, WithoutTrustedProxiesTheHeaderIsIgnored) {
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "6.6.6.6", kNone), "127.0.0.1");
  EXPECT_EQ(ResolveClientAddress("", "6.6.6.6", kNone), "unix");
  EXPECT_EQ(ResolveClientAddress("203.0.113.9", "", kNone), "203.0.113.9");
}

TEST(ClientAddress, AnUntrustedPeerIsTheClientWhateverItWrites) {
  EXPECT_EQ(ResolveClientAddress("203.0.113.9", "127.0.0.1", kNginx), "203.0.113.9");
}

// nginx's $proxy_add_x_forwarded_for appends the address it saw to whatever the client sent:
// the client's own entries are on the left and never chosen.
TEST(ClientAddress, TheLastHopBeforeTheTrustedProxyIsTheClient) {
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "198.51.100.4", kNginx), "198.51.100.4");
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.4", kNginx), "198.51.100.4");
  EXPECT_EQ(ResolveClientAddress("", "victim-spoof,198.51.100.4", kNginx), "198.51.100.4");
}

TEST(ClientAddress, SeveralTrustedTiersAreWalkedPast) {
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "6.6.6.6, 198.51.100.4, 10.1.1.1", kTwoTiers),
            "198.51.100.4");
  // Every hop trusted: the leftmost is as far as anyone knows.
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "10.2.2.2, 10.1.1.1", kTwoTiers), "10.2.2.2");
}

TEST(ClientAddress, ATrustedPeerThatForwardsNothingIsTheClient) {
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "", kNginx), "127.0.0.1");
  EXPECT_EQ(ResolveClientAddress("", "", kNginx), "unix");
}

TEST(ClientAddress, GarbageStopsTheWalkAtTheLastReadableHop) {
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "<script>, 127.0.0.1", kNginx), "127.0.0.1");
  EXPECT_EQ(ResolveClientAddress("127.0.0.1", "1.2.3.4\r\nX: y", kNginx), "127.0.0.1");
}

}  // namespace
}  // namespace pregon::http

// IpRanges: a set of IPv4 and IPv6 address ranges written as CIDR ("10.0.0.0/8", "::1/128",
// a bare address for one host), and the word "unix" for a peer on a Unix domain socket —
// which proxies `pregon serve` trusts to say who the client is (PREGON_TRUSTED_PROXIES).
// An IPv4-mapped IPv6 address (::ffff:10.1.2.3) matches the IPv4 ranges.
//
// Pure values; safe from any thread once built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace pregon {

class IpRanges {
 public:
  // Parses a comma-separated list (spaces allowed; empty = no range). InvalidArgument naming
  // the entry that is neither an address, an address/prefix within the family's bits, nor
  // "unix".
  static Result<IpRanges> Parse(std::string_view list);

  // True when `address` (as a socket reports it: "203.0.113.7", "2001:db8::1",
  // "::ffff:127.0.0.1"; "" for a Unix socket peer) is in one of the ranges. An address that
  // does not parse is in none.
  bool Contains(std::string_view address) const;
  bool empty() const { return ranges_.empty() && !unix_; }

 private:
  struct Range {
    std::array<uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
    int prefix = 0;                   // of 128 bits
  };
  std::vector<Range> ranges_;
  bool unix_ = false;
};

// The 16 bytes of `address` (IPv4 mapped into ::ffff:0:0/96); false when it is no address.
bool ParseIpAddress(std::string_view address, std::array<uint8_t, 16>* out);

}  // namespace pregon

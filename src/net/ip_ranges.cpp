#include "net/ip_ranges.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "core/text.h"

namespace pregon {

bool ParseIpAddress(std::string_view address, std::array<uint8_t, 16>* out) {
  if (address.empty() || address.size() > 45) return false;  // INET6_ADDRSTRLEN - 1
  const std::string text(address);
  out->fill(0);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    (*out)[10] = (*out)[11] = 0xff;
    std::memcpy(out->data() + 12, &v4, 4);
    return true;
  }
  return inet_pton(AF_INET6, text.c_str(), out->data()) == 1;
}

static bool IsMappedV4(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

Result<IpRanges> IpRanges::Parse(std::string_view list) {
  IpRanges out;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view entry = TrimSpaceTab(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (entry.empty()) continue;
    if (entry == "unix") {
      out.unix_ = true;
      continue;
    }
    const auto bad = [&](std::string_view why) {
      return Status::InvalidArgument("'" + std::string(entry) + "' " + std::string(why) +
                                     " (expected an address, ADDRESS/PREFIX or unix)");
    };
    const size_t slash = entry.find('/');
    Range r;
    if (!ParseIpAddress(entry.substr(0, slash), &r.bytes)) return bad("is not an IP address");
    const bool v4 = IsMappedV4(r.bytes) && entry.find(':') == std::string_view::npos;
    const int bits = v4 ? 32 : 128;
    int prefix = bits;
    if (slash != std::string_view::npos) {
      const std::string_view p = entry.substr(slash + 1);
      const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
      if (ec != std::errc() || end != p.data() + p.size() || p.empty() || prefix < 0 ||
          prefix > bits)
        return bad("has a prefix length out of 0.." + std::to_string(bits));
    }
    r.prefix = v4 ? 96 + prefix : prefix;
    out.ranges_.push_back(r);
  }
  return out;
}

bool IpRanges::Contains(std::string_view address) const {
  if (address.empty()) return unix_;
  std::array<uint8_t, 16> b{};
  if (!ParseIpAddress(address, &b)) return false;
  for (const Range& r : ranges_) {
    const int whole = r.prefix / 8, rest = r.prefix % 8;
    if (std::memcmp(b.data(), r.bytes.data(), whole) != 0) continue;
    if (rest != 0) {
      const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
      if ((b[whole] & mask) != (r.bytes[whole] & mask)) continue;
    }
    return true;
  }
  return false;
}

}  // namespace pregon

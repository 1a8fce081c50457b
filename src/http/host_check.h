// PREGON_ALLOWED_HOSTS: the Host header values the server answers (like Django's
// ALLOWED_HOSTS), so a DNS-rebinding page or a mis-routed request gets 400 instead of the
// API. A comma-separated list of
//   example.com      exactly that host (any port), case-insensitive
//   .example.com     example.com and every subdomain of it
//   *                any host (only behind a proxy that checks Host itself)
// IPv6 hosts are written without brackets ("::1").
//
// Immutable after construction; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pregon::http {

class HostAllowList {
 public:
  explicit HostAllowList(std::string_view comma_separated);

  // True when the Host header names an allowed host; false for an empty or malformed one.
  bool Allows(std::string_view host_header) const;

  // The host part of a Host header: lower-cased, port and IPv6 brackets removed; "" when
  // it is malformed.
  static std::string HostOf(std::string_view host_header);

 private:
  std::vector<std::string> entries_;
  bool any_ = false;
};

}  // namespace pregon::http

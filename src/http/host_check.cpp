#include "http/host_check.h"

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace pregon::http {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

HostAllowList::HostAllowList(std::string_view list) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view item = TrimSpaceTab(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item.empty()) continue;
    if (item == "*")
      any_ = true;
    else
      entries_.push_back(Lower(item));
  }
}

std::string HostAllowList::HostOf(std::string_view header) {
  header = TrimSpaceTab(header);
  if (header.empty() || header.size() > 255) return "";
  std::string_view host = header;
  if (header.front() == '[') {  // [v6]:port
    const auto close = header.find(']');
    if (close == std::string_view::npos) return "";
    host = header.substr(1, close - 1);
    std::string_view rest = header.substr(close + 1);
    if (!rest.empty() && (rest.front() != ':' || !AllDigits(rest.substr(1)))) return "";
  } else if (const auto colon = header.find(':'); colon != std::string_view::npos) {
    if (header.find(':', colon + 1) != std::string_view::npos)
      return "";  // bare IPv6 is not a Host
    if (!AllDigits(header.substr(colon + 1))) return "";
    host = header.substr(0, colon);
  }
  for (unsigned char c : host)
    if (!(std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == ':')) return "";
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "example.com." is example.com
  return Lower(host);
}

bool HostAllowList::Allows(std::string_view header) const {
  const std::string host = HostOf(header);
  if (host.empty()) return false;
  if (any_) return true;
  for (const auto& e : entries_) {
    if (e.front() == '.') {
      if (host == e.substr(1)) return true;
      if (host.size() > e.size() && host.compare(host.size() - e.size(), e.size(), e) == 0)
        return true;
    } else if (host == e) {
      return true;
    }
  }
  return false;
}

}  // namespace pregon::http

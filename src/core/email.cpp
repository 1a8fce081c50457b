#include "core/email.h"

#include <algorithm>
#include <cctype>

namespace pregon {

std::string_view TrimAscii(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(kSpace);
  return s.substr(b, e - b + 1);
}

std::string NormalizeEmail(std::string_view address) {
  std::string out(TrimAscii(address));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
  });
  return out;
}

static bool IsLocalChar(unsigned char c) {
  if (c >= 0x80) return true;  // UTF-8 (SMTPUTF8) local parts exist in the wild
  if (std::isalnum(c)) return true;
  return std::string_view("!#$%&'*+/=?^_`{|}~.-").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

static bool IsDomainChar(unsigned char c) {
  return c >= 0x80 || std::isalnum(c) || c == '-' || c == '.';
}

bool IsValidEmail(std::string_view a) {
  if (a.size() < 3 || a.size() > 254) return false;
  auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return false;
  auto local = a.substr(0, at);
  auto domain = a.substr(at + 1);
  if (local.size() > 64) return false;
  if (!std::all_of(local.begin(), local.end(), [](char c) { return IsLocalChar(c); })) return false;
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  if (!std::all_of(domain.begin(), domain.end(), [](char c) { return IsDomainChar(c); }))
    return false;
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  if (domain.find("..") != std::string_view::npos || domain.front() == '-' || domain.front() == '.')
    return false;
  // Each label: no leading/trailing hyphen.
  size_t start = 0;
  while (start < domain.size()) {
    auto end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    auto label = domain.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    start = end + 1;
  }
  return domain.size() - dot - 1 >= 2;  // TLD of at least two characters
}

}  // namespace pregon

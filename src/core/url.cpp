#include "core/url.h"

#include <regex>
#include <string>

namespace pregon {

Status ValidateHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.substr(0, 7) == "http://") {
    rest = url.substr(7);
  } else if (url.substr(0, 8) == "https://") {
    rest = url.substr(8);
  } else {
    return Status::InvalidArgument("'" + std::string(url) + "' is not an http:// or https:// URL");
  }
  auto host_end = rest.find_first_of("/?#");
  auto host = rest.substr(0, host_end);
  if (host.empty() || host.front() == ':')
    return Status::InvalidArgument("'" + std::string(url) + "' has no host");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= ' ')
      return Status::InvalidArgument("'" + std::string(url) +
                                     "' contains spaces or control characters");
  }
  return Status::Ok();
}

std::string RedactUrl(std::string_view url) {
  // scheme://user:password@host...  and  ...?key=secret&... — query parameters whose name says
  // they carry a credential, as providers name them (key, api_key, token, access_token,
  // secret, password, sig...).
  static const std::regex kUserinfo(R"(^([a-z]+://[^:/@?]*):[^@/]*@)", std::regex::icase);
  static const std::regex kParam(
      R"(([?&;][a-z_.-]*(pass|pwd|key|token|secret|sig|auth|credential|session)[a-z_.-]*=)[^&;#]*)",
      std::regex::icase);
  std::string out = std::regex_replace(std::string(url), kUserinfo, "$1:***@");
  return std::regex_replace(out, kParam, "$1***");
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace pregon

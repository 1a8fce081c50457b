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
  // scheme://user:password@host...  and  ...?password=secret&...
  static const std::regex kUserinfo(R"(^([a-z]+://[^:/@?]*):[^@/]*@)");
  static const std::regex kParam(R"(([?&]password=)[^&]*)");
  std::string out = std::regex_replace(std::string(url), kUserinfo, "$1:***@");
  return std::regex_replace(out, kParam, "$1***");
}

}  // namespace pregon

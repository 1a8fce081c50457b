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

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return std::string(rest.substr(1, rest.find(']') - 1));
  return std::string(rest.substr(0, rest.find(':')));
}

Result<std::string> ParsePublicBaseUrl(std::string_view url, std::string_view setting) {
  const auto fail = [&](const std::string& why) {
    return Status::InvalidArgument(std::string(setting) + " " + why);
  };
  if (Status st = ValidateHttpUrl(url); !st.ok()) return fail(st.message());
  if (url.find_first_of("?#@") != std::string_view::npos)
    return fail(
        "must be a plain base URL (no query, fragment or credentials), such as "
        "https://mail.example.com");
  const std::string host = UrlHost(url);
  const bool loopback = host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
  if (url.substr(0, 8) != "https://" && !loopback)
    return fail("must be https:// (plain http only for loopback addresses)");
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return std::string(url);
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

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

}  // namespace pregon

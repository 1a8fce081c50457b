#include "channels/http/http_client.h"

#include <charconv>

namespace pregon {

std::optional<std::chrono::seconds> HttpResponse::RetryAfterSeconds() const {
  std::string_view v = retry_after;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (ec != std::errc() || end != v.data() + v.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(seconds);
}

void HttpResponse::Clear() {
  status = 0;
  body.clear();
  retry_after.clear();
  transport_error = TransportError::kNone;
  error.clear();
  request_written = false;
}

void HttpClient::Submit(uint64_t tag, const HttpRequest& request) {
  queued_.push_back(request);
  queued_tags_.push_back(tag);
}

void HttpClient::Poll(std::chrono::milliseconds /*wait*/, const OnResponse& on_done) {
  if (queued_.empty()) return;
  Execute(queued_, queued_responses_);
  for (size_t i = 0; i < queued_.size(); ++i) on_done(queued_tags_[i], queued_responses_[i]);
  queued_.clear();
  queued_tags_.clear();
}

std::string JoinUrl(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string url;
  url.reserve(base.size() + 1 + path.size());
  url.append(base);
  url.push_back('/');
  url.append(path);
  return url;
}

std::string EncodePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (const char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

}  // namespace pregon

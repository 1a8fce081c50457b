#include "sandbox/api_reply.h"

#include <charconv>

namespace pregon {

void ReplyJson(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

std::optional<int64_t> IntegerHeader(const httplib::Request& request, const char* name) {
  if (!request.has_header(name)) return std::nullopt;
  const std::string value = request.get_header_value(name);
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
  if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return id;
}

}  // namespace pregon

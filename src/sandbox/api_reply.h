// Small helpers the sandbox's API handlers share to read requests and write answers.
// Thread-safety: free functions, no shared state.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace pregon {

// Sets `status` and the JSON `body` (invalid UTF-8 replaced, never thrown).
void ReplyJson(httplib::Response& response, int status, const nlohmann::json& body);

// The integer value of header `name` (X-Pregon-Campaign-Id...), or nullopt when the header
// is absent or not a whole decimal integer.
std::optional<int64_t> IntegerHeader(const httplib::Request& request, const char* name);

}  // namespace pregon

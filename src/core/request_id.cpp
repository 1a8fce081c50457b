#include "core/request_id.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cstdint>

namespace pregon {
namespace {

thread_local std::string current_request_id;

bool SafeRequestId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
  });
}

}  // namespace

std::string RequestIdFrom(std::string_view given) {
  if (SafeRequestId(given)) return std::string(given);
  uint64_t random = 0;
  randombytes_buf(&random, sizeof random);
  return fmt::format("{:016x}", random);
}

std::string_view CurrentRequestId() { return current_request_id; }

ScopedRequestId::ScopedRequestId(std::string id) : previous_(std::move(current_request_id)) {
  current_request_id = std::move(id);
}

ScopedRequestId::~ScopedRequestId() { current_request_id = std::move(previous_); }

}  // namespace pregon

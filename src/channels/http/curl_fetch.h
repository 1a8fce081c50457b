// Fetch: one blocking HTTP request for the calls that are not message sends — a provider's
// reports API, where one answer may be a file of hundreds of megabytes. Its body goes to a
// file as it arrives (bounded by max_bytes), or to memory capped like every other answer.
//
// Thread-safety: Fetch may be called from any number of threads at once.
#pragma once

#include <cstdint>
#include <string>

#include "channels/http/http_client.h"
#include "core/clock.h"

namespace pregon {

struct FetchOptions {
  Millis connect_timeout{5'000};
  Millis timeout{300'000};  // the whole transfer: a large report takes a while
  // The body is written to this file (created or truncated; mode 0600) instead of memory.
  std::string to_file;
  int64_t max_bytes = int64_t{2} << 30;  // a longer body fails the transfer (kOther)
  std::string ca_file;                   // PEM authorities to trust; "" = the system's
};

struct FetchResult {
  HttpResponse response;     // body empty when written to_file
  std::string location;      // the Location header, if any
  std::string content_type;  // the Content-Type header, if any
  int64_t bytes = 0;         // body bytes received
};

FetchResult Fetch(const HttpRequest& request, const FetchOptions& options);

}  // namespace pregon

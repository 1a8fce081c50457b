// One process-wide curl_global_init for every libcurl user (HTTP and SMTP channels).
//
// curl_global_init is not thread-safe and must run once before any other curl call, so all
// callers go through this single once-flag; it is never undone (curl_global_cleanup)
// because channels live until the process exits.
//
// Thread-safety: safe to call from any thread.
#pragma once

#include <curl/curl.h>

namespace pregon {

// Runs curl_global_init the first time; returns its result on every call.
CURLcode EnsureCurlGlobalInit();

}  // namespace pregon

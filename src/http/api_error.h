// ApiError: every error the HTTP API answers, in one JSON shape
//
//   {"error": {"code": "invalid_argument", "message": "batch_size must be between 1 and 100000",
//              "details": {"field": "batch_size"}}}
//
// with the HTTP status that goes with it:
//   400 bad_request            malformed JSON, a wrong type, an unknown field or parameter
//   401 unauthenticated        no credentials, or wrong ones
//   403 permission_denied      the user's role does not allow it; csrf_failed: missing CSRF token
//   404 not_found              no such route or resource
//   405 method_not_allowed     (with an Allow header)
//   409 already_exists | failed_precondition | conflict | idempotency_key_in_use
//   411 length_required        a request body without Content-Length
//   413 payload_too_large      415 unsupported_media_type
//   422 invalid_argument       a value the domain refuses; idempotency_key_reused
//   429 too_many_requests      (with Retry-After)
//   500 internal               503 unavailable (database unreachable, schema not current)
// Errors about one input name it in details.field, with the API's field names.
//
// Pure values; safe from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"

namespace pregon::http {

struct ApiError {
  int status = 500;
  std::string code = "internal";
  std::string message;
  nlohmann::json details = nlohmann::json::object();

  static ApiError BadRequest(std::string message, const std::string& field = "");
  static ApiError Invalid(std::string message, const std::string& field = "");  // 422
  static ApiError Unauthenticated(std::string message);
  static ApiError Forbidden(std::string message, std::string code = "permission_denied");
  static ApiError NotFound(std::string message);
  static ApiError MethodNotAllowed(const std::string& allow);
  static ApiError PayloadTooLarge(size_t limit);
  static ApiError UnsupportedMediaType(const std::string& expected);
  static ApiError TooManyRequests(std::string message, int retry_after_seconds);
  static ApiError Unavailable(std::string message);
  static ApiError Internal();

  // A domain Status as the API answers it. Messages speak of CLI flags ("--batch-size"):
  // they are rewritten with the API's field names, and the field is named in details.
  // Internal errors keep their message out of the answer (the caller logs it).
  static ApiError FromStatus(const Status& status);

  nlohmann::json ToJson() const;
};

// The generic error of an HTTP status the transport produced itself (404, 413, 400...).
ApiError ErrorForHttpStatus(int status);

}  // namespace pregon::http

#include "http/api_error.h"

namespace pregon::http {

namespace {

ApiError Make(int status, std::string code, std::string message, const std::string& field = "") {
  ApiError e;
  e.status = status;
  e.code = std::move(code);
  e.message = std::move(message);
  if (!field.empty()) e.details["field"] = field;
  return e;
}

}  // namespace

ApiError ApiError::BadRequest(std::string message, const std::string& field) {
  return Make(400, "bad_request", std::move(message), field);
}
ApiError ApiError::Invalid(std::string message, const std::string& field) {
  return Make(422, "invalid_argument", std::move(message), field);
}
ApiError ApiError::Unauthenticated(std::string message) {
  return Make(401, "unauthenticated", std::move(message));
}
ApiError ApiError::Forbidden(std::string message, std::string code) {
  return Make(403, std::move(code), std::move(message));
}
ApiError ApiError::NotFound(std::string message) {
  return Make(404, "not_found", std::move(message));
}
ApiError ApiError::MethodNotAllowed(const std::string& allow) {
  ApiError e = Make(405, "method_not_allowed", "this resource allows " + allow);
  e.details["allow"] = allow;
  return e;
}
ApiError ApiError::PayloadTooLarge(size_t limit) {
  ApiError e = Make(413, "payload_too_large",
                    "the request body is larger than " + std::to_string(limit) + " bytes");
  e.details["limit"] = limit;
  return e;
}
ApiError ApiError::UnsupportedMediaType(const std::string& expected) {
  return Make(415, "unsupported_media_type", "the request body must be " + expected);
}
ApiError ApiError::TooManyRequests(std::string message, int retry_after_seconds) {
  ApiError e = Make(429, "too_many_requests", std::move(message));
  e.details["retry_after"] = retry_after_seconds;
  return e;
}
ApiError ApiError::Unavailable(std::string message) {
  return Make(503, "unavailable", std::move(message));
}
ApiError ApiError::Internal() {
  return Make(500, "internal", "internal error (logged on the server)");
}

ApiError ApiError::FromStatus(const Status& s) {
  const std::string message = s.message();
  const std::string& field = s.field();
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return Invalid(message, field);
    case StatusCode::kNotFound:
      return NotFound(message);
    case StatusCode::kAlreadyExists:
      return Make(409, "already_exists", message, field);
    case StatusCode::kFailedPrecondition:
      return Make(409, "failed_precondition", message);
    case StatusCode::kConflict:
      return Make(409, "conflict", message);
    case StatusCode::kTransient:
      return Unavailable(message);
    case StatusCode::kPermanent:
    case StatusCode::kUnavailable:
      return Make(502, "provider_error", message);
    case StatusCode::kOk:
    case StatusCode::kInternal:
      break;
  }
  return Internal();
}

nlohmann::json ApiError::ToJson() const {
  return {{"error", {{"code", code}, {"message", message}, {"details", details}}}};
}

ApiError ErrorForHttpStatus(int status) {
  switch (status) {
    case 400:
      return ApiError::BadRequest("the request could not be read as HTTP");
    case 404:
      return ApiError::NotFound("no such resource");
    case 413:
      return Make(413, "payload_too_large", "the request body is too large");
    case 414:
      return Make(414, "uri_too_long", "the request URI is too long");
    case 431:
      return Make(431, "headers_too_large", "the request headers are too large");
    case 503:
      return ApiError::Unavailable("the server cannot take this request now; try again");
    default:
      break;
  }
  if (status >= 500) return ApiError::Internal();
  return Make(status, "http_" + std::to_string(status), "HTTP status " + std::to_string(status));
}

}  // namespace pregon::http

// Reading JSON request bodies strictly: the body must be `application/json`, well-formed,
// an object within JsonLimits (32 levels, 10,000 values, each key once); each field must have the
// expected type (a string is not a number); strings may not contain NUL; and a field the route does
// not know is an error naming it — so a typo ("batchsize") is refused, never silently ignored.
//
// JsonFields keeps the first error (errors are values): read every field, then ask Finish().
//
//   JsonFields f(object);
//   f.String("name", &spec.name, JsonFields::kRequired);
//   f.Int("batch_size", &size, 1, 100000);
//   if (auto error = f.Finish()) return call.Fail(*error);
//
// Not thread-safe; one per request.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/api_error.h"
#include "http/http_message.h"

namespace pregon::http {

// Parses the request body as a JSON object into *out. 415 unless the Content-Type is
// application/json; 400 for malformed JSON, anything but an object, and a body beyond
// JsonLimits (too deep, too many values, a key repeated, long or with control characters),
// which is refused before any tree is built (http/json_limits.h).
// An empty body is read as {} when allow_empty.
std::optional<ApiError> ParseJsonObject(const HttpRequest& req, nlohmann::json* out,
                                        bool allow_empty = false);

class JsonFields {
 public:
  // kNullable: optional, and a JSON null is accepted (meaning "clear it"; IsNull tells). Any
  // other field given as null is an error, never silently read as absent.
  enum Need { kOptional, kRequired, kNullable };

  // `prefix` names nested objects in errors ("attachments[0].").
  explicit JsonFields(const nlohmann::json& object, std::string prefix = "");

  bool Has(const char* name) const { return object_.contains(name); }
  bool IsNull(const char* name) const { return Has(name) && object_.at(name).is_null(); }

  // Each returns true when the field was present and valid (and then sets *out), false when
  // it was absent (an error if kRequired), null (an error unless kNullable) or invalid (an
  // error).
  bool String(const char* name, std::string* out, Need need = kOptional,
              size_t max_bytes = 1 << 20);
  bool Int(const char* name, int64_t* out, int64_t min, int64_t max, Need need = kOptional);
  bool Int(const char* name, int* out, int min, int max, Need need = kOptional);
  bool Number(const char* name, double* out, double min, double max, Need need = kOptional);
  bool Bool(const char* name, bool* out, Need need = kOptional);
  bool IntArray(const char* name, std::vector<int64_t>* out, size_t max_items,
                Need need = kOptional);
  bool StringArray(const char* name, std::vector<std::string>* out, size_t max_items,
                   size_t max_bytes, Need need = kOptional);
  // An array of objects (each read by the caller with a JsonFields of its own).
  bool ObjectArray(const char* name, std::vector<nlohmann::json>* out, size_t max_items,
                   Need need = kOptional);

  // Records an error found by the caller (the first error wins).
  void Fail(ApiError error);
  bool ok() const { return !error_.has_value(); }

  // The first error; else, when a field was never read, 400 naming it.
  std::optional<ApiError> Finish();

 private:
  const nlohmann::json* Field(const char* name, Need need);
  void TypeError(const char* name, const char* expected);

  const nlohmann::json& object_;
  const std::string prefix_;
  std::set<std::string> read_;
  std::optional<ApiError> error_;
};

}  // namespace pregon::http

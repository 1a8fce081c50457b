#include "http/json_body.h"

#include <cmath>

#include "http/json_limits.h"

namespace pregon::http {

namespace {

bool IsJsonContentType(const std::string& value) {
  // "application/json" optionally followed by parameters ("; charset=utf-8").
  const std::string_view v(value);
  const auto semi = v.find(';');
  std::string_view type = v.substr(0, semi);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type.size() != 16) return false;
  for (size_t i = 0; i < type.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(type[i])) != "application/json"[i]) return false;
  return true;
}

}  // namespace

std::optional<ApiError> ParseJsonObject(const HttpRequest& req, nlohmann::json* out,
                                        bool allow_empty) {
  if (req.body.empty() && allow_empty) {
    *out = nlohmann::json::object();
    return std::nullopt;
  }
  if (!IsJsonContentType(req.headers.Get("Content-Type")))
    return ApiError::UnsupportedMediaType("application/json");
  // Limits first, streaming: no tree is built for a body that breaks them.
  if (auto why = CheckJsonLimits(req.body)) return ApiError::BadRequest(*why);
  *out = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (out->is_discarded()) return ApiError::BadRequest("the body is not well-formed JSON (UTF-8)");
  if (!out->is_object()) return ApiError::BadRequest("the body must be a JSON object");
  return std::nullopt;
}

JsonFields::JsonFields(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

void JsonFields::Fail(ApiError error) {
  if (!error_) error_ = std::move(error);
}

void JsonFields::TypeError(const char* name, const char* expected) {
  Fail(ApiError::BadRequest(prefix_ + name + " must be " + expected, prefix_ + name));
}

const nlohmann::json* JsonFields::Field(const char* name, Need need) {
  read_.insert(name);
  auto it = object_.find(name);
  if (it == object_.end()) {
    if (need == kRequired)
      Fail(ApiError::BadRequest(prefix_ + name + " is required", prefix_ + name));
    return nullptr;
  }
  if (it->is_null()) {
    if (need != kNullable)
      Fail(ApiError::BadRequest(prefix_ + name + " cannot be null (leave the field out instead)",
                                prefix_ + name));
    return nullptr;
  }
  return &*it;
}

bool JsonFields::String(const char* name, std::string* out, Need need, size_t max_bytes) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_string()) {
    TypeError(name, "a string");
    return false;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Fail(ApiError::Invalid(
        prefix_ + name + " is longer than " + std::to_string(max_bytes) + " bytes",
        prefix_ + name));
    return false;
  }
  if (s.find('\0') != std::string::npos) {
    Fail(ApiError::BadRequest(prefix_ + name + " contains a NUL character", prefix_ + name));
    return false;
  }
  *out = s;
  return true;
}

bool JsonFields::Int(const char* name, int64_t* out, int64_t min, int64_t max, Need need) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_number_integer()) {
    TypeError(name, "a whole number");
    return false;
  }
  // Unsigned values above INT64_MAX read as negative through get<int64_t>; check first.
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
    Fail(ApiError::Invalid(
        prefix_ + name + " must be from " + std::to_string(min) + " to " + std::to_string(max),
        prefix_ + name));
    return false;
  }
  const int64_t n = v->get<int64_t>();
  if (n < min || n > max) {
    Fail(ApiError::Invalid(
        prefix_ + name + " must be from " + std::to_string(min) + " to " + std::to_string(max),
        prefix_ + name));
    return false;
  }
  *out = n;
  return true;
}

bool JsonFields::Int(const char* name, int* out, int min, int max, Need need) {
  int64_t n = 0;
  if (!Int(name, &n, min, max, need)) return false;
  *out = static_cast<int>(n);
  return true;
}

bool JsonFields::Number(const char* name, double* out, double min, double max, Need need) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_number()) {
    TypeError(name, "a number");
    return false;
  }
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    Fail(ApiError::Invalid(
        prefix_ + name + " must be from " + std::to_string(min) + " to " + std::to_string(max),
        prefix_ + name));
    return false;
  }
  *out = d;
  return true;
}

bool JsonFields::Bool(const char* name, bool* out, Need need) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_boolean()) {
    TypeError(name, "true or false");
    return false;
  }
  *out = v->get<bool>();
  return true;
}

bool JsonFields::StringArray(const char* name, std::vector<std::string>* out, size_t max_items,
                             size_t max_bytes, Need need) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_array()) {
    TypeError(name, "an array of strings");
    return false;
  }
  if (v->size() > max_items) {
    Fail(ApiError::Invalid(
        prefix_ + name + " has more than " + std::to_string(max_items) + " items", prefix_ + name));
    return false;
  }
  std::vector<std::string> items;
  for (const auto& item : *v) {
    if (!item.is_string()) {
      TypeError(name, "an array of strings");
      return false;
    }
    if (item.get_ref<const std::string&>().size() > max_bytes) {
      Fail(ApiError::Invalid(
          prefix_ + name + " has an item longer than " + std::to_string(max_bytes) + " bytes",
          prefix_ + name));
      return false;
    }
    items.push_back(item.get<std::string>());
  }
  *out = std::move(items);
  return true;
}

bool JsonFields::IntArray(const char* name, std::vector<int64_t>* out, size_t max_items,
                          Need need) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_array()) {
    TypeError(name, "an array of whole numbers");
    return false;
  }
  if (v->size() > max_items) {
    Fail(ApiError::Invalid(
        prefix_ + name + " has more than " + std::to_string(max_items) + " items", prefix_ + name));
    return false;
  }
  std::vector<int64_t> items;
  for (const auto& item : *v) {
    if (!item.is_number_integer() ||
        (item.is_number_unsigned() && item.get<uint64_t>() > INT64_MAX)) {
      TypeError(name, "an array of whole numbers");
      return false;
    }
    items.push_back(item.get<int64_t>());
  }
  *out = std::move(items);
  return true;
}

bool JsonFields::ObjectArray(const char* name, std::vector<nlohmann::json>* out, size_t max_items,
                             Need need) {
  const auto* v = Field(name, need);
  if (v == nullptr) return false;
  if (!v->is_array()) {
    TypeError(name, "an array of objects");
    return false;
  }
  if (v->size() > max_items) {
    Fail(ApiError::Invalid(
        prefix_ + name + " has more than " + std::to_string(max_items) + " items", prefix_ + name));
    return false;
  }
  for (const auto& item : *v)
    if (!item.is_object()) {
      TypeError(name, "an array of objects");
      return false;
    }
  *out = std::vector<nlohmann::json>(v->begin(), v->end());
  return true;
}

std::optional<ApiError> JsonFields::Finish() {
  if (error_) return error_;
  for (const auto& [key, value] : object_.items())
    if (!read_.count(key))
      return ApiError::BadRequest("unknown field '" + prefix_ + key + "'", prefix_ + key);
  return std::nullopt;
}

}  // namespace pregon::http

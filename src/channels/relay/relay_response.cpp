#include "channels/relay/relay_response.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "channels/http/transport_failure.h"
#include "core/text.h"

namespace pregon {
namespace {

using Json = nlohmann::json;

// SAX handler that keeps the top-level "createdResourceId" string and stops the parse
// there: on the hot path this is several times cheaper than building a document.
class CreatedResourceIdFinder final : public nlohmann::json_sax<Json> {
 public:
  std::string id;

  bool null() override { return Skip(); }
  bool boolean(bool) override { return Skip(); }
  bool number_integer(number_integer_t) override { return Skip(); }
  bool number_unsigned(number_unsigned_t) override { return Skip(); }
  bool number_float(number_float_t, const string_t&) override { return Skip(); }
  bool string(string_t& value) override {
    if (!wanted_) return true;
    id = std::move(value);
    return false;  // found: stop parsing
  }
  bool binary(binary_t&) override { return Skip(); }
  bool start_object(std::size_t) override { return Enter(); }
  bool end_object() override { return Leave(); }
  bool start_array(std::size_t) override { return Enter(); }
  bool end_array() override { return Leave(); }
  bool key(string_t& key) override {
    wanted_ = depth_ == 1 && key == "createdResourceId";
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Skip() {
    wanted_ = false;
    return true;
  }
  bool Enter() {
    ++depth_;
    return Skip();
  }
  bool Leave() {
    --depth_;
    return true;
  }

  int depth_ = 0;
  bool wanted_ = false;
};

std::string StringField(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

SendResult Transient(std::string error, bool sender_blocked = false) {
  SendResult result;
  result.outcome = SendOutcome::kTransient;
  result.error = std::move(error);
  result.sender_blocked = sender_blocked;
  return result;
}

std::string HttpError(const HttpResponse& response, std::string_view what) {
  std::string error = fmt::format("HTTP {}", response.status);
  if (!what.empty()) error.append(": ").append(what);
  if (std::string text = ProviderErrorText(response.body); !text.empty()) {
    error.append(": ").append(text);
  }
  return error;
}

}  // namespace

std::string ExtractCreatedResourceId(std::string_view body) {
  CreatedResourceIdFinder finder;
  Json::sax_parse(body, &finder, Json::input_format_t::json, /*strict=*/false);
  return std::move(finder.id);
}

std::string ProviderErrorText(std::string_view body, size_t max_bytes) {
  std::string text;
  const Json doc = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    const std::string title = StringField(doc, "title");
    std::string detail = StringField(doc, "detail");
    if (detail.empty()) detail = StringField(doc, "message");
    if (!title.empty() && !detail.empty()) {
      text = title + ": " + detail;
    } else {
      text = title.empty() ? detail : title;
    }
  }
  if (text.empty()) text = std::string(body);
  return OneLine(text, max_bytes);
}

SendResult ClassifyRelayResponse(const HttpResponse& response) {
  if (!response.answered()) return TransportFailureResult(response);
  const int status = response.status;
  if (status >= 200 && status < 300) {
    SendResult result;
    result.outcome = SendOutcome::kSent;
    result.provider_id = ExtractCreatedResourceId(response.body);
    return result;
  }
  if (status == 429) {
    SendResult result = Transient(HttpError(response, "rate limited"));
    result.throttled = true;
    if (auto seconds = response.RetryAfterSeconds()) result.retry_after = *seconds;
    return result;
  }
  if (status == 402)
    return Transient(HttpError(response, "quota exhausted"), /*sender_blocked=*/true);
  if (status == 401 || status == 403) {
    return Transient(HttpError(response, "credentials rejected"), /*sender_blocked=*/true);
  }
  if (status == 404 || status == 405 || (status >= 300 && status < 400)) {
    return Transient(HttpError(response, "no send endpoint here (check base URL and account id)"),
                     /*sender_blocked=*/true);
  }
  if (status >= 400 && status < 500 && status != 408) {
    SendResult result;
    result.outcome = SendOutcome::kPermanent;
    result.error = HttpError(response, "");
    return result;
  }
  return Transient(HttpError(response, ""));  // 408, 5xx, and anything unexpected
}

}  // namespace pregon

#include "http/json_limits.h"

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "core/text.h"

namespace pregon::http {
namespace {

using json = nlohmann::json;

// Counts as it goes and stops the parse (returns false) at the first broken limit.
class LimitChecker final : public nlohmann::json_sax<json> {
 public:
  explicit LimitChecker(const JsonLimits& limits) : limits_(limits) {}
  std::optional<std::string> error;

  bool null() override { return Element(); }
  bool boolean(bool) override { return Element(); }
  bool number_integer(number_integer_t) override { return Element(); }
  bool number_unsigned(number_unsigned_t) override { return Element(); }
  bool number_float(number_float_t, const string_t&) override { return Element(); }
  bool string(string_t&) override { return Element(); }
  bool binary(binary_t&) override { return Element(); }
  bool start_object(std::size_t) override { return Open(true); }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(false); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;  // malformed: the parser that follows says where
  }

  bool key(string_t& name) override {
    if (!Element()) return false;
    const std::string where = Path() + "." + LogSafe(name, 64);
    if (name.size() > limits_.max_key_bytes)
      return Fail("the key " + where + " is longer than " + std::to_string(limits_.max_key_bytes) +
                  " bytes");
    if (HasControlByte(name)) return Fail("the key " + where + " contains control characters");
    if (!scopes_.back().keys.insert(name).second)
      return Fail("the key " + where + " is given more than once");
    scopes_.back().last_key = name;
    return true;
  }

 private:
  struct Scope {
    bool object;
    std::set<std::string> keys;  // objects only
    std::string last_key;
    size_t index = 0;  // arrays: the next element's position
  };

  bool Fail(std::string why) {
    error = std::move(why);
    return false;
  }
  bool Element() {
    if (++elements_ > limits_.max_elements)
      return Fail("the JSON body has more than " + std::to_string(limits_.max_elements) +
                  " values");
    if (!scopes_.empty() && !scopes_.back().object) ++scopes_.back().index;
    return true;
  }
  bool Open(bool object) {
    if (!Element()) return false;
    if (static_cast<int>(scopes_.size()) >= limits_.max_depth)
      return Fail("the JSON body is nested deeper than " + std::to_string(limits_.max_depth) +
                  " levels");
    scopes_.push_back({object, {}, {}, 0});
    return true;
  }
  bool Close() {
    scopes_.pop_back();
    return true;
  }
  // Where the parser is, for errors: "$.attachments[2]".
  std::string Path() const {
    std::string path = "$";
    for (size_t i = 0; i + 1 < scopes_.size(); ++i) {
      const Scope& s = scopes_[i];
      path += s.object ? "." + LogSafe(s.last_key, 64) : "[" + std::to_string(s.index - 1) + "]";
    }
    return path;
  }

  const JsonLimits& limits_;
  size_t elements_ = 0;
  std::vector<Scope> scopes_;
};

}  // namespace

std::optional<std::string> CheckJsonLimits(std::string_view text, const JsonLimits& limits) {
  LimitChecker checker(limits);
  json::sax_parse(text.begin(), text.end(), &checker, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  return checker.error;
}

}  // namespace pregon::http

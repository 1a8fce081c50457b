#include "core/status.h"

namespace pregon {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid argument";
    case StatusCode::kNotFound:
      return "not found";
    case StatusCode::kAlreadyExists:
      return "already exists";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kFailedPrecondition:
      return "failed precondition";
    case StatusCode::kTransient:
      return "transient";
    case StatusCode::kPermanent:
      return "permanent";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
  }
  return "unknown";
}

// A field inside a message is the name between two marks. The mark is a control character
// that no message text of pregon's contains; a stray one in echoed input is dropped.
static constexpr char kFieldMark = '\x1f';

std::string Field(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += kFieldMark;
  out += name;
  out += kFieldMark;
  return out;
}

static std::string Render(std::string_view text, FieldNamer namer) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t pos = 0; pos < text.size();) {
    const size_t open = text.find(kFieldMark, pos);
    if (open == std::string_view::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, open - pos);
    const size_t close = text.find(kFieldMark, open + 1);
    if (close == std::string_view::npos) {  // a stray mark: drop it
      out += text.substr(open + 1);
      break;
    }
    const std::string_view name = text.substr(open + 1, close - open - 1);
    out += namer ? namer(name) : std::string(name);
    pos = close + 1;
  }
  return out;
}

Status Status::InvalidField(std::string_view field, std::string_view rest) {
  Status s(StatusCode::kInvalidArgument, Field(field) + " " + std::string(rest));
  s.field_ = field;
  return s;
}

std::string Status::message() const { return Render(message_, nullptr); }

std::string Status::MessageNaming(FieldNamer namer) const { return Render(message_, namer); }

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message();
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = std::string(context) + ": " + message_;
  return s;
}

Status Status::InField(std::string_view field) const {
  if (ok()) return *this;
  Status s = WithContext(Field(field));
  if (s.field_.empty()) s.field_ = field;
  return s;
}

Status Status::About(std::string_view field) const {
  if (ok()) return *this;
  Status s = *this;
  s.field_ = field;
  return s;
}

}  // namespace pregon

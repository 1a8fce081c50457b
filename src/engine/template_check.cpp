#include "engine/template_check.h"

#include <fmt/format.h>

#include <vector>

#include "core/email.h"

namespace pregon {
namespace {

struct Position {
  int line = 1;
  int column = 1;
};

// The 1-based line and column of byte `offset` of `text`.
Position PositionOf(std::string_view text, size_t offset) {
  Position p;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

struct OpenSection {
  std::string name;
  size_t offset;
};

class Checker {
 public:
  Checker(std::string_view what, std::string_view text, const std::set<std::string>& fields)
      : what_(what), text_(text), fields_(fields) {}

  Status Run() {
    size_t at = 0;
    while ((at = text_.find("{{", at)) != std::string_view::npos) {
      PREGON_RETURN_IF_ERROR(Tag(at, &at));
    }
    if (!open_.empty()) {
      return Error(open_.back().offset, fmt::format("section '{}' is never closed (no {{{{/{}}}}})",
                                                    open_.back().name, open_.back().name));
    }
    return Status::Ok();
  }

 private:
  Status Error(size_t offset, const std::string& why) const {
    Position p = PositionOf(text_, offset);
    return Status::InvalidArgument(
        fmt::format("{}: line {}, column {}: {}", what_, p.line, p.column, why));
  }

  // Reads the tag starting at `start` ("{{"); sets *next just after it.
  Status Tag(size_t start, size_t* next) {
    const bool triple = text_.substr(start, 3) == "{{{";
    const std::string_view close = triple ? "}}}" : "}}";
    const size_t body = start + (triple ? 3 : 2);
    const size_t end = text_.find(close, body);
    if (end == std::string_view::npos) {
      return Error(start,
                   fmt::format("'{}' is never closed with '{}'", triple ? "{{{" : "{{", close));
    }
    *next = end + close.size();
    std::string_view inner = text_.substr(body, end - body);
    if (triple) return Variable(start, TrimAscii(inner));
    inner = TrimAscii(inner);
    const char sigil = inner.empty() ? '\0' : inner.front();
    switch (sigil) {
      case '!':
        return Status::Ok();  // a comment
      case '>':
        return Error(start, "partials ({{> ...}}) are not supported");
      case '=':
        return Error(start, "changing the delimiters ({{= =}}) is not supported");
      case '&':
        return Variable(start, TrimAscii(inner.substr(1)));
      case '#':
      case '^': {
        const std::string_view name = TrimAscii(inner.substr(1));
        PREGON_RETURN_IF_ERROR(Variable(start, name));
        open_.push_back({std::string(name), start});
        return Status::Ok();
      }
      case '/':
        return Close(start, TrimAscii(inner.substr(1)));
      default:
        return Variable(start, inner);
    }
  }

  Status Close(size_t start, std::string_view name) {
    if (open_.empty())
      return Error(start, fmt::format("'{{{{/{}}}}}' closes no open section", name));
    if (open_.back().name != name) {
      return Error(start,
                   fmt::format("'{{{{/{}}}}}' closes section '{}' (opened at line {})", name,
                               open_.back().name, PositionOf(text_, open_.back().offset).line));
    }
    open_.pop_back();
    return Status::Ok();
  }

  Status Variable(size_t start, std::string_view name) {
    if (name.empty()) return Error(start, "empty tag name");
    if (name == ".") {
      if (open_.empty()) return Error(start, "'{{.}}' is only meaningful inside a section");
      return Status::Ok();
    }
    const std::string first(name.substr(0, name.find('.')));
    if (fields_.count(first) > 0) return Status::Ok();
    std::string known;
    for (const auto& f : fields_) known += (known.empty() ? "" : ", ") + f;
    return Error(start, fmt::format("unknown field '{}' (known: {})", first, known));
  }

  std::string_view what_;
  std::string_view text_;
  const std::set<std::string>& fields_;
  std::vector<OpenSection> open_;
};

}  // namespace

const std::set<std::string>& BuiltInTemplateFields() {
  static const std::set<std::string> kFields = {"name", "email", "address"};
  return kFields;
}

Status CheckTemplate(std::string_view what, std::string_view text,
                     const std::set<std::string>& fields) {
  return Checker(what, text, fields).Run();
}

}  // namespace pregon

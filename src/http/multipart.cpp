#include "http/multipart.h"

#include <cctype>
#include <optional>
#include <string>

#include "core/text.h"

namespace pregon::http {

namespace {

constexpr size_t kMaxPartHeaderBytes = 8 * 1024;

// The value of parameter `name` in "type; a=1; name=\"x y\"" (quoted or a token), or nullopt.
std::optional<std::string> Parameter(std::string_view header, std::string_view name) {
  const auto skip_space = [&](size_t i) {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    return i;
  };
  size_t i = header.find(';');
  while (i != std::string_view::npos) {
    i = skip_space(i + 1);
    const size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = AsciiLower(TrimSpaceTab(header.substr(i, eq - i)));
    i = skip_space(eq + 1);
    std::string value;
    if (i < header.size() && header[i] == '"') {
      for (++i; i < header.size() && header[i] != '"'; ++i) {
        if (header[i] == '\\' && i + 1 < header.size()) ++i;
        value += header[i];
      }
      if (i >= header.size()) return std::nullopt;  // an unterminated quote
      i = header.find(';', i + 1);
    } else {
      const size_t end = header.find(';', i);
      value = std::string(
          TrimSpaceTab(header.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end;
    }
    if (key == name) return value;
  }
  return std::nullopt;
}

Status Malformed(const std::string& why) {
  return Status::InvalidArgument("malformed multipart/form-data body: " + why);
}

// One part's header block ("Name: value" lines) into `part`.
Status ReadPartHeaders(std::string_view block, size_t index, FormPart* part) {
  bool disposition = false;
  while (!block.empty()) {
    const size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? "" : block.substr(eol + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || line[0] == ' ' || line[0] == '\t')
      return Malformed("part " + std::to_string(index + 1) + " has a malformed header line");
    const std::string name = AsciiLower(line.substr(0, colon));
    const std::string_view value = TrimSpaceTab(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (AsciiLower(value.substr(0, value.find(';'))) != "form-data")
        return Malformed("part " + std::to_string(index + 1) + " is not form-data");
      auto field = Parameter(value, "name");
      if (!field || field->empty())
        return Malformed("part " + std::to_string(index + 1) + " has no name");
      part->name = *field;
      part->filename = Parameter(value, "filename").value_or("");
      disposition = true;
    } else if (name == "content-type") {
      part->content_type = std::string(value);
    }
  }
  if (!disposition)
    return Malformed("part " + std::to_string(index + 1) + " has no Content-Disposition");
  return Status::Ok();
}

}  // namespace

bool IsMultipartFormData(std::string_view content_type) {
  return AsciiLower(TrimSpaceTab(content_type.substr(0, content_type.find(';')))) ==
         "multipart/form-data";
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  const auto boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70)
    return Malformed("the Content-Type names no boundary (1 to 70 characters)");
  const std::string delimiter = "--" + *boundary;
  // The first delimiter may open the body, or follow a preamble and a line break.
  size_t pos = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    pos = body.find("\r\n" + delimiter);
    if (pos == std::string_view::npos) return Malformed("no boundary delimiter");
    pos += 2;
  }
  std::vector<FormPart> parts;
  const std::string next_delimiter = "\r\n" + delimiter;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the close delimiter: the epilogue follows
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) != "\r\n") return Malformed("a delimiter line does not end");
    pos += 2;
    if (parts.size() == kMaxFormParts)
      return Malformed("more than " + std::to_string(kMaxFormParts) + " parts");
    size_t headers_end = body.find("\r\n\r\n", pos);
    std::string_view headers;
    if (body.substr(pos, 2) == "\r\n") {  // no header lines at all
      headers_end = pos;
    } else if (headers_end == std::string_view::npos) {
      return Malformed("part " + std::to_string(parts.size() + 1) + "'s headers do not end");
    } else {
      headers = body.substr(pos, headers_end - pos);
      headers_end += 2;
    }
    if (headers.size() > kMaxPartHeaderBytes)
      return Malformed("part " + std::to_string(parts.size() + 1) + "'s headers are too long");
    FormPart part;
    PREGON_RETURN_IF_ERROR(ReadPartHeaders(headers, parts.size(), &part));
    const size_t content_start = headers_end + 2;
    const size_t content_end = body.find(next_delimiter, content_start);
    if (content_end == std::string_view::npos)
      return Malformed("part " + std::to_string(parts.size() + 1) + " has no closing delimiter");
    part.content = body.substr(content_start, content_end - content_start);
    parts.push_back(std::move(part));
    pos = content_end + 2;
  }
}

}  // namespace pregon::http

// multipart/form-data bodies (RFC 7578), as the CSV upload routes receive them: the parts
// with their names, file names, types and contents. Strict: a body that does not follow the
// format — no boundary, a part without a form-data name, a missing final delimiter — is an
// error saying where, never a partial list. Bounded: at most kMaxFormParts parts, each
// part's header block at most 8 KiB (the body itself is bounded by the route's body limit).
// Pure functions; safe from any thread.
#pragma once

#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/http_message.h"

namespace pregon::http {

inline constexpr size_t kMaxFormParts = 64;

// True when `content_type` is multipart/form-data (any parameters).
bool IsMultipartFormData(std::string_view content_type);

// The parts of `body`, sent with `content_type` (which names the boundary).
// InvalidArgument naming the problem otherwise.
Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace pregon::http

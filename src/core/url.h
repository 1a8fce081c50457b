// Small checks on URLs given by operators (no I/O).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

// OK when `url` is http:// or https:// followed by a non-empty host; otherwise an
// InvalidArgument saying what is wrong.
Status ValidateHttpUrl(std::string_view url);

// `url` with any password replaced by "***" — in the userinfo (scheme://user:pw@host) and in
// a password= query parameter — for messages, logs and API answers.
std::string RedactUrl(std::string_view url);

}  // namespace pregon

// The API's names for the inputs domain messages name as CLI flags: the use cases are shared
// with the CLI and say "--batch-size must be between 1 and 100000"; the API says
// "batch_size must be between 1 and 100000" and names the field.
//
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace pregon::http {

// The field a domain message is about ("" when it names none): its first --flag, or the
// subject of a message that names no flag ("campaign name is empty" → "name").
std::string FieldOfMessage(std::string_view message);

// `message` with every known --flag replaced by its field name.
std::string ApiMessage(std::string_view message);

}  // namespace pregon::http

// The command line's words for the inputs errors name: a field ("batch_size") is shown as
// the flag that sets it ("--batch-size"). See Status (core/status.h): errors name fields,
// and each edge renders them.
//
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon::cli {

// The flag that sets `field`: "--" and the name with '-' for '_', but for the few flags
// named otherwise (time_zone is --tz, attachments --attach, html --html-file).
std::string FlagOf(std::string_view field);

// The message of `status` as the command line says it ("--batch-size must be ...").
inline std::string CliMessage(const Status& status) { return status.MessageNaming(&FlagOf); }

}  // namespace pregon::cli

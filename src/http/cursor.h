// Page cursors: opaque strings a listing hands back as next_cursor and takes as ?cursor=.
// Inside, "<kind>:<position>" in unpadded base64url — the kind ties a cursor to its
// listing, so a campaigns cursor given to deliveries is refused rather than misread.
//
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon::http {

std::string EncodeCursor(std::string_view kind, std::string_view position);
// The position; InvalidArgument ("cursor is not valid for this listing") otherwise.
Result<std::string> DecodeCursor(std::string_view cursor, std::string_view kind);

std::string EncodeIdCursor(std::string_view kind, int64_t id);
// A position that must be a positive whole number (an id or a seq).
Result<int64_t> DecodeIdCursor(std::string_view cursor, std::string_view kind);

}  // namespace pregon::http

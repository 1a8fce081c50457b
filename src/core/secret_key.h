// PREGON_SECRET_KEY, the one secret every node shares (64 hex digits, `openssl rand -hex 32`):
// read once here for every use of it — sealing job parameters (app/slots/secret_box.h),
// signing the links in messages (core/tracking_token.h).
#pragma once

#include <array>
#include <string_view>

#include "core/status.h"

namespace pregon {

using SecretKey = std::array<unsigned char, 32>;

// The key's 32 bytes. InvalidArgument saying what the key must be — never echoing the text —
// for anything but 64 hex digits; Internal when libsodium cannot start.
Result<SecretKey> ParseSecretKey(std::string_view key_hex);

}  // namespace pregon

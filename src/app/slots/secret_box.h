// SecretBox: seals the secret job parameters clients give (a password for the site their job
// drives) with PREGON_SECRET_KEY, so the database never holds them in clear (libsodium's
// crypto_secretbox: XSalsa20-Poly1305, a random nonce per value). A sealed value is the
// base64 of nonce and box; opening one sealed with another key, or altered, fails.
//
// Thread-safety: a SecretBox is immutable; safe from any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

class SecretBox {
 public:
  // From the key's text: 64 hex digits (32 bytes, e.g. `openssl rand -hex 32`).
  // InvalidArgument saying so otherwise — without echoing the text.
  static Result<SecretBox> FromKey(std::string_view key_hex);

  std::string Seal(std::string_view plain) const;
  // InvalidArgument when `sealed` is not a value this key sealed.
  Result<std::string> Open(std::string_view sealed) const;

 private:
  SecretBox() = default;
  std::array<unsigned char, 32> key_{};
};

}  // namespace pregon

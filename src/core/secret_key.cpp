#include "core/secret_key.h"

#include <sodium.h>

namespace pregon {

Result<SecretKey> ParseSecretKey(std::string_view key_hex) {
  if (sodium_init() < 0) return Status::Internal("libsodium cannot start");
  SecretKey key{};
  size_t len = 0;
  if (key_hex.size() != 64 ||
      sodium_hex2bin(key.data(), key.size(), key_hex.data(), key_hex.size(), nullptr, &len,
                     nullptr) != 0 ||
      len != key.size())
    return Status::InvalidArgument(
        "PREGON_SECRET_KEY must be 64 hex digits (32 bytes; e.g. openssl rand -hex 32)");
  return key;
}

}  // namespace pregon

#include "app/auth/credentials.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

namespace pregon {

namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Fails only when the system has no usable randomness source: nothing safe can follow.
    if (sodium_init() < 0) std::abort();
  });
}

}  // namespace

std::string NewSecretToken(std::string_view prefix) {
  InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(prefix) + text;
}

std::string HashSecret(std::string_view secret) {
  InitSodium();
  unsigned char hash[crypto_generichash_BYTES];  // 32
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

std::string DeriveSecretToken(std::string_view secret, std::string_view purpose,
                              std::string_view prefix) {
  InitSodium();
  unsigned char key[crypto_generichash_KEYBYTES];  // 32: the purpose, hashed to a key's size
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(purpose.data()),
                     purpose.size(), nullptr, 0);
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), key, sizeof key);
  char text[sodium_base64_ENCODED_LEN(sizeof hash, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, hash, sizeof hash, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(prefix) + text;
}

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::Internal("hashing the password ran out of memory");
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  InitSodium();
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
    // Spend the time a real check would, so a missing user is not told apart by timing.
    static const Result<std::string> kDummy = HashPassword("pregon-timing-equaliser");
    if (kDummy.ok()) {
      const int ignored =
          crypto_pwhash_str_verify(kDummy->c_str(), password.data(), password.size());
      (void)ignored;
    }
    return false;
  }
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  InitSodium();
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < 8) return Status::InvalidField("password", "must be at least 8 characters");
  if (password.size() > 1024) return Status::InvalidField("password", "must be at most 1024 bytes");
  return Status::Ok();
}

}  // namespace pregon

// Secrets, with libsodium: random tokens, their hashes, and password hashes.
//
// API tokens and session ids are 32 random bytes (crypto_random), so a fast keyed-less hash
// (BLAKE2b-256, crypto_generichash) is the right way to store them: nobody can guess an
// input from the hash, and looking one up costs microseconds. Passwords are low-entropy and
// get argon2id (crypto_pwhash_str) with libsodium's interactive limits instead.
//
// Thread-safety: free functions, safe from any thread (libsodium is initialised once).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

// `prefix` followed by 43 characters of unpadded base64url (32 random bytes):
// "pgn_3q2-…". Shown once to the operator; only HashSecret(token) is stored.
std::string NewSecretToken(std::string_view prefix);

// Lower-case hex of BLAKE2b-256 of `secret` (64 characters).
std::string HashSecret(std::string_view secret);

// `prefix` followed by the unpadded base64url of BLAKE2b-256 of `secret` keyed with `purpose`:
// a second secret that only a holder of the first can compute, and that the stored
// HashSecret(secret) does not reveal. A session's CSRF token is derived from its id this way,
// so a page served to the session can carry it without the server keeping it in clear.
std::string DeriveSecretToken(std::string_view secret, std::string_view purpose,
                              std::string_view prefix);

// An argon2id string ("$argon2id$v=19$m=…"), salted. Internal if memory runs out.
Result<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash` (a HashPassword result); false for anything else,
// an empty or malformed hash included. Takes about as long either way.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Compares in time that depends only on the lengths (sodium_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Passwords are 8 to 1024 bytes: InvalidArgument naming --password otherwise.
Status ValidatePassword(std::string_view password);

}  // namespace pregon

// The signature checks of the bounce and complaint webhooks (app/feedback/webhooks.h), each
// as its provider documents it. Constant-time comparisons; nothing is logged.
//
// Pure functions (OpenSSL and libsodium); safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace pregon {

// Lower-case hex of HMAC-SHA-256(key, message).
std::string HmacSha256Hex(std::string_view key, std::string_view message);
// Whether `hex` (either case) is HMAC-SHA-256(key, message), compared in constant time.
bool HmacSha256HexMatches(std::string_view key, std::string_view message, std::string_view hex);

// SendGrid's signed event webhook: an ECDSA (P-256) signature over SHA-256 of `message`;
// the key is base64 of a DER SubjectPublicKeyInfo, the signature base64 of a DER signature.
bool EcdsaSha256Verifies(std::string_view public_key_base64, std::string_view message,
                         std::string_view signature_base64);

// Amazon SNS: an RSA signature (PKCS #1 v1.5) over SHA-1 (SignatureVersion 1) or SHA-256
// (2) of `message`, by the key of the PEM certificate `certificate_pem`.
bool RsaSignatureVerifies(std::string_view certificate_pem, std::string_view message,
                          std::string_view signature_base64, bool sha256);

// Standard base64 (with padding) decoded; nullopt-like "" plus false when malformed.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace pregon

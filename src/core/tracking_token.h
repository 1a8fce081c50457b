// Tokens in the links pregon puts in its messages — the one-click unsubscribe URL (RFC 8058),
// the open pixel and tracked clicks — signed so that nobody can make one
// for a delivery that is not theirs: guessing ids gets a 404, not someone else unsubscribed.
//
//   u7.1234.0.<mac>     kind (u unsubscribe, o open, c click), campaign, delivery, link
//
// The MAC is HMAC-SHA-256 (libsodium) over the other fields, cut to 128 bits and written in
// URL-safe base64, with a key derived from PREGON_SECRET_KEY for this use only (so it can
// never be confused with the key that seals job parameters).
//
// Thread-safety: a TrackingSigner is immutable; safe from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pregon {

enum class TrackingKind : char { kUnsubscribe = 'u', kOpen = 'o', kClick = 'c' };

struct TrackingClaim {
  TrackingKind kind = TrackingKind::kUnsubscribe;
  int64_t campaign_id = 0;
  int64_t delivery_id = 0;
  int64_t link_id = 0;  // clicks only; 0 otherwise
  bool operator==(const TrackingClaim&) const = default;
};

class TrackingSigner {
 public:
  // From PREGON_SECRET_KEY's text: 64 hex digits. InvalidArgument saying so otherwise, without
  // echoing the text.
  static Result<TrackingSigner> FromSecretKey(std::string_view key_hex);

  std::string Sign(const TrackingClaim& claim) const;
  // The public URL `pregon serve` answers for the claim, under `base_url` (PREGON_PUBLIC_URL,
  // with or without a trailing slash): {base}/u/{token} to unsubscribe, {base}/t/o/{token}.gif
  // for the open pixel, {base}/t/c/{token} for a click.
  std::string Url(std::string_view base_url, const TrackingClaim& claim) const;
  // The claim of a token this key signed; nullopt for anything else — forged, altered,
  // truncated, signed with another key, or not a token at all.
  std::optional<TrackingClaim> Verify(std::string_view token) const;

 private:
  TrackingSigner() = default;
  std::string Mac(std::string_view fields) const;
  std::array<unsigned char, 32> key_{};
};

}  // namespace pregon

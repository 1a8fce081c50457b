#include "core/tracking_token.h"

#include <sodium.h>

#include <charconv>
#include <vector>

#include "core/secret_key.h"

namespace pregon {

namespace {

constexpr size_t kMacBytes = 16;
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "pgntrack";
constexpr uint64_t kKdfSubkeyId = 1;

// "123" as a positive id (or 0 when allowed); nullopt for anything else.
std::optional<int64_t> Id(std::string_view text, bool zero_ok) {
  int64_t v = 0;
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 0) return std::nullopt;
  if (v == 0 && !zero_ok) return std::nullopt;
  return v;
}

}  // namespace

Result<TrackingSigner> TrackingSigner::FromSecretKey(std::string_view key_hex) {
  static_assert(crypto_kdf_KEYBYTES == std::tuple_size_v<SecretKey>);
  PREGON_ASSIGN_OR_RETURN(SecretKey master, ParseSecretKey(key_hex));
  TrackingSigner signer;
  crypto_kdf_derive_from_key(signer.key_.data(), signer.key_.size(), kKdfSubkeyId, kKdfContext,
                             master.data());
  sodium_memzero(master.data(), master.size());
  return signer;
}

std::string TrackingSigner::Mac(std::string_view fields) const {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(fields.data()),
                                fields.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char text[sodium_base64_ENCODED_LEN(kMacBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, mac, kMacBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string TrackingSigner::Sign(const TrackingClaim& claim) const {
  const std::string fields =
      std::string(1, static_cast<char>(claim.kind)) + std::to_string(claim.campaign_id) + "." +
      std::to_string(claim.delivery_id) + "." + std::to_string(claim.link_id);
  return fields + "." + Mac(fields);
}

std::string TrackingSigner::Url(std::string_view base_url, const TrackingClaim& claim) const {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  const std::string token = Sign(claim);
  switch (claim.kind) {
    case TrackingKind::kOpen:
      return std::string(base_url) + "/t/o/" + token + ".gif";
    case TrackingKind::kClick:
      return std::string(base_url) + "/t/c/" + token;
    case TrackingKind::kUnsubscribe:
      break;
  }
  return std::string(base_url) + "/u/" + token;
}

std::optional<TrackingClaim> TrackingSigner::Verify(std::string_view token) const {
  if (token.size() < 2 || token.size() > 128) return std::nullopt;
  const size_t last_dot = token.rfind('.');
  if (last_dot == std::string_view::npos) return std::nullopt;
  const std::string_view fields = token.substr(0, last_dot);
  const std::string expected = Mac(fields);
  const std::string_view given = token.substr(last_dot + 1);
  if (given.size() != expected.size() ||
      sodium_memcmp(given.data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  TrackingClaim claim;
  const char kind = fields[0];
  if (kind != 'u' && kind != 'o' && kind != 'c') return std::nullopt;
  claim.kind = static_cast<TrackingKind>(kind);
  std::vector<std::string_view> parts;
  std::string_view rest = fields.substr(1);
  for (size_t dot; (dot = rest.find('.')) != std::string_view::npos; rest.remove_prefix(dot + 1))
    parts.push_back(rest.substr(0, dot));
  parts.push_back(rest);
  if (parts.size() != 3) return std::nullopt;
  const auto campaign = Id(parts[0], false), delivery = Id(parts[1], false),
             link = Id(parts[2], true);
  if (!campaign || !delivery || !link) return std::nullopt;
  claim.campaign_id = *campaign;
  claim.delivery_id = *delivery;
  claim.link_id = *link;
  return claim;
}

}  // namespace pregon

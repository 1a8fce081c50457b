#include "http/cursor.h"

#include <sodium.h>

#include <charconv>
#include <vector>

namespace pregon::http {

namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

Status Invalid() { return Status::InvalidArgument("cursor is not valid for this listing"); }

}  // namespace

std::string EncodeCursor(std::string_view kind, std::string_view position) {
  const std::string plain = std::string(kind) + ":" + std::string(position);
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
}

Result<std::string> DecodeCursor(std::string_view cursor, std::string_view kind) {
  if (cursor.empty() || cursor.size() > 1024) return Invalid();
  std::vector<unsigned char> bytes(cursor.size());
  size_t len = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), cursor.data(), cursor.size(), nullptr, &len,
                        nullptr, kVariant) != 0)
    return Invalid();
  const std::string plain(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
  if (plain.size() <= kind.size() || plain.compare(0, kind.size(), kind) != 0 ||
      plain[kind.size()] != ':')
    return Invalid();
  return plain.substr(kind.size() + 1);
}

std::string EncodeIdCursor(std::string_view kind, int64_t id) {
  return EncodeCursor(kind, std::to_string(id));
}

Result<int64_t> DecodeIdCursor(std::string_view cursor, std::string_view kind) {
  PREGON_ASSIGN_OR_RETURN(std::string position, DecodeCursor(cursor, kind));
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(position.data(), position.data() + position.size(), id);
  if (ec != std::errc() || end != position.data() + position.size() || id <= 0) return Invalid();
  return id;
}

}  // namespace pregon::http

#include "app/slots/secret_box.h"

#include <sodium.h>

#include <vector>

#include "core/secret_key.h"

namespace pregon {

static_assert(crypto_secretbox_KEYBYTES == 32);

Result<SecretBox> SecretBox::FromKey(std::string_view key_hex) {
  SecretBox box;
  PREGON_ASSIGN_OR_RETURN(box.key_, ParseSecretKey(key_hex));
  return box;
}

std::string SecretBox::Seal(std::string_view plain) const {
  std::vector<unsigned char> out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 plain.size());
  unsigned char* nonce = out.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        key_.data());
  std::string text(sodium_base64_encoded_len(out.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), out.data(), out.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  std::vector<unsigned char> bin(sealed.size());
  size_t len = 0;
  if (sodium_base642bin(bin.data(), bin.size(), sealed.data(), sealed.size(), nullptr, &len,
                        nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      len < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Status::InvalidArgument("a sealed secret is damaged");
  std::string plain(len - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 bin.data() + crypto_secretbox_NONCEBYTES,
                                 len - crypto_secretbox_NONCEBYTES, bin.data(), key_.data()) != 0)
    return Status::InvalidArgument(
        "a secret parameter does not open with PREGON_SECRET_KEY (sealed with another key?)");
  return plain;
}

}  // namespace pregon

#pragma once
// Keeping one-time codes unreadable at rest: the server key that encrypts secret message texts
// (libsodium crypto_secretbox, XSalsa20-Poly1305) and the mask shown instead of them.

#include <array>
#include <string>
#include <string_view>

namespace abonado::notify {

// A 32-byte secret key in a file of its own (64 hex digits), outside the database so that a
// copy of the database alone does not reveal the codes. Immutable once loaded: any thread may
// call seal() and open().
class SecretKey {
 public:
  // Reads the key at `path`, or creates it (mode 0600, parent directories as needed) when the
  // file does not exist. Throws abonado::Error(kInvalidParameter) naming the path when the file
  // is not a key or is readable by group or others.
  static SecretKey load_or_create(const std::string& path);

  ~SecretKey();
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  SecretKey(SecretKey&&) noexcept;
  SecretKey& operator=(SecretKey&&) = delete;

  // base64(nonce || ciphertext) of `plain`, with a fresh random nonce.
  std::string seal(std::string_view plain) const;
  // The text sealed by seal() under this key; throws std::runtime_error when it was sealed
  // under another key or altered.
  std::string open(std::string_view sealed) const;

 private:
  SecretKey() = default;
  std::array<unsigned char, 32> key_{};
};

// `text` with every run of 4 or more ASCII digits replaced by "******" (the length of the run
// is not revealed). What the API, the audit log and logs show of a secret message.
std::string mask_digits(std::string_view text);

}  // namespace abonado::notify

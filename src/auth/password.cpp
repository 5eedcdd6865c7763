#include "auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::auth {

std::string hash_password(std::string_view password) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string h(hash);  // NUL-terminated copy
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& dummy_hash() {
  static const std::string hash = hash_password(random_token(16));
  return hash;
}

void check_password_rules(std::string_view password) {
  if (password.size() < 10 || password.size() > 128) {
    throw Error(Code::kInvalidField, "a password must have 10 to 128 characters", "password");
  }
}

}  // namespace abonado::auth

#pragma once
// Password hashing with argon2id (libsodium, its "interactive" cost: about
// 64 MiB and tens of milliseconds). Slow on purpose: call from a CPU worker,
// never from an io thread or a database thread.

#include <string>
#include <string_view>

namespace abonado::auth {

std::string hash_password(std::string_view password);
// Constant-time check against a stored hash; false on a malformed hash.
bool verify_password(std::string_view hash, std::string_view password);
// A valid hash of a random password, to spend the same time on unknown usernames.
const std::string& dummy_hash();

// Length rule for new passwords; throws Error(kInvalidField) when broken.
void check_password_rules(std::string_view password);

}  // namespace abonado::auth

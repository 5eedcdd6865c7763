#pragma once
// Opaque identifiers: UUIDv7 strings (time-ordered, so B-tree inserts stay
// local) and random secrets. Thread-safe.

#include <string>

#include "core/clock.hpp"

namespace abonado {

// A UUIDv7 whose time part is `at`; ids of one process strictly increase
// (within a millisecond too).
std::string new_id(TimePoint at);
// `bytes` random bytes, URL-safe base64 without padding.
std::string random_token(std::size_t bytes = 32);
// Lower-case hex SHA-256 of `text` (tokens and codes are stored only hashed).
std::string sha256_hex(std::string_view text);
// Constant-time comparison.
bool equal_secret(std::string_view a, std::string_view b);

}  // namespace abonado

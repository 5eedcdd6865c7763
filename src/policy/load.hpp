#pragma once
// Reading and validating policy packs. A pack is TOML; validation is strict (unknown keys,
// missing keys, wrong types and bad values are all errors) so a bad pack stops start-up with
// the place at fault. Call once at start-up; the functions keep no state and are thread-safe.

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "policy/policy.hpp"

namespace abonado {

// A pack that cannot be used. what() reads `file:line:column: key.path: reason`, e.g.
// `pe-flash.toml:12:1: limits.max_active_lines: must be a positive integer`; the place and key
// are left out when there is none (line() == 0, key() empty).
class PolicyError : public std::runtime_error {
 public:
  PolicyError(std::string file, int line, int column, std::string key, const std::string& reason);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string key_;
};

// A pack compiled into the binary from policies/<name>.toml at build time.
struct BuiltinPack {
  std::string_view name;  // "pe-flash"
  std::string_view toml;
};

// pe-flash, bo-comteco, ru-beeline, ec-claro.
std::span<const BuiltinPack> builtin_packs();

// `name_or_path` is a builtin pack name, else the path of a TOML file. Throws PolicyError for an
// unknown name that is not a readable file (listing the known names) or an invalid pack.
Policy load_policy(std::string_view name_or_path);

// Parses and validates pack text; `file` names it in error messages ("pe-flash.toml").
Policy parse_policy(std::string_view text, std::string_view file);

}  // namespace abonado

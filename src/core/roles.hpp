#pragma once
// Agent roles of API.md and the Actor that every state change is audited as.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace abonado {

enum class Role : std::uint8_t {
  kAdmin,
  kSupervisor,
  kOperator,
  kSales,
  kBackoffice,
  kRetention,
  kPostsales,
  kLeader,
};
inline constexpr int kRoleCount = 8;

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

// A set of roles as a bit mask.
class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= bit(r);
  }
  constexpr bool has(Role r) const { return (bits_ & bit(r)) != 0; }
  constexpr bool intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  void add(Role r) { bits_ |= bit(r); }
  std::vector<std::string> names() const;
  // "admin,supervisor" <-> set. Parsing throws Error(kInvalidField) on an unknown role.
  std::string to_csv() const;
  static RoleSet from_csv(std::string_view csv);

 private:
  static constexpr std::uint32_t bit(Role r) { return 1u << static_cast<unsigned>(r); }
  std::uint32_t bits_ = 0;
};

// Who is acting: an agent, or the system itself (jobs, CLI).
struct Actor {
  std::string agent_id;  // empty for the system
  std::string username;  // "system" for jobs
  std::string request_id;
  RoleSet roles;
  static Actor system(std::string what) { return Actor{{}, std::move(what), {}, {}}; }
};

}  // namespace abonado

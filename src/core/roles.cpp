#include "core/roles.hpp"

#include <array>

#include "core/error.hpp"

namespace abonado {
namespace {

constexpr std::array<std::string_view, kRoleCount> kNames = {
    "admin", "supervisor", "operator", "sales", "backoffice", "retention", "postsales", "leader"};

}  // namespace

std::string_view role_name(Role role) { return kNames[static_cast<std::size_t>(role)]; }

std::optional<Role> parse_role(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

std::vector<std::string> RoleSet::names() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (has(static_cast<Role>(i))) out.emplace_back(kNames[i]);
  }
  return out;
}

std::string RoleSet::to_csv() const {
  std::string out;
  for (const auto& n : names()) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

RoleSet RoleSet::from_csv(std::string_view csv) {
  RoleSet set;
  while (!csv.empty()) {
    auto comma = csv.find(',');
    auto part = csv.substr(0, comma);
    auto role = parse_role(part);
    if (!role) throw Error(Code::kInvalidField, "unknown role '" + std::string(part) + "'", "role");
    set.add(*role);
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  return set;
}

}  // namespace abonado

#pragma once
// Agents (the staff who log in), their sessions, and audit records.

#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/roles.hpp"

namespace abonado::auth {

struct Agent {
  std::string id;
  std::string username;
  std::string display_name;
  RoleSet roles;
  std::string status;  // "active" or "disabled"
  TimePoint created_at;
  TimePoint updated_at;
};

struct Session {
  std::string token;  // shown once, at login; stored only as a hash
  TimePoint expires_at;
  Agent agent;
};

// Who a session token stands for, and until when.
struct SessionActor {
  Actor actor;
  TimePoint expires_at;
};

struct AuditRecord {
  std::string id;
  TimePoint at;
  std::optional<std::string> actor_id;
  std::string actor_name;
  std::optional<std::string> request_id;
  std::string action;       // "agent.create"
  std::string entity_type;  // "agent"
  std::string entity_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

// Login throttling: `max_failures` failures within `window` lock the username
// for `lockout` (numbers from the policy pack's [auth]).
struct LoginRules {
  int max_failures;
  Millis window;
  Millis lockout;
};

inline constexpr Millis kSessionTtl = std::chrono::hours(12);

}  // namespace abonado::auth

#pragma once
// The one JSON shape of an agent: in API responses and in audit snapshots
// (internal to auth/: it pulls in nlohmann-json).

#include <nlohmann/json.hpp>

#include "auth/model.hpp"

namespace abonado::auth {

inline nlohmann::json agent_json(const Agent& a) {
  return {{"id", a.id},
          {"href", "/api/v1/agents/" + a.id},
          {"@type", "Agent"},
          {"username", a.username},
          {"displayName", a.display_name},
          {"roles", a.roles.names()},
          {"status", a.status},
          {"createdAt", format_iso(a.created_at)},
          {"updatedAt", format_iso(a.updated_at)}};
}

}  // namespace abonado::auth

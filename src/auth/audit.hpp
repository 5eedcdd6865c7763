#pragma once
// The audit log: every state change writes one record in the same
// transaction as the change. Any module calls record() from its write jobs.

#include <string_view>
#include <vector>

#include "auth/model.hpp"
#include "store/tx.hpp"

namespace abonado::auth {

struct AuditChange {
  std::string_view action;       // "<entity>.<verb>", e.g. "agent.update"
  std::string_view entity_type;  // "agent"
  std::string_view entity_id;
  std::optional<std::string> before_json;  // the entity before, as JSON (none on create)
  std::optional<std::string> after_json;   // the entity after, as JSON (none on delete)
};

void record(store::Tx& tx, const Actor& actor, TimePoint at, const AuditChange& change);

struct AuditFilter {
  std::optional<std::string> entity_id;
  std::optional<std::string> entity_type;
  std::optional<std::string> action;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

// Newest first, and the total count before paging.
std::pair<std::vector<AuditRecord>, std::int64_t> list_audit(store::Tx& tx, const AuditFilter& f);

}  // namespace abonado::auth

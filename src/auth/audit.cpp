#include "auth/audit.hpp"

#include "core/ids.hpp"

namespace abonado::auth {
namespace {

constexpr store::Sql kInsert{
    "audit.insert",
    "INSERT INTO audit_log (id, at, actor_id, actor_name, request_id, action, entity_type, "
    "entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
// Optional filters as "($n IS NULL OR col = $n)": one statement, one plan.
constexpr store::Sql kList{
    "audit.list",
    "SELECT id, at, actor_id, actor_name, request_id, action, entity_type, entity_id, "
    "before_json, after_json FROM audit_log "
    "WHERE ($1 IS NULL OR entity_id = $1) AND ($2 IS NULL OR entity_type = $2) "
    "AND ($3 IS NULL OR action = $3) ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5",
    "SELECT id, at, actor_id, actor_name, request_id, action, entity_type, entity_id, "
    "before_json, after_json FROM audit_log "
    "WHERE ($1::text IS NULL OR entity_id = $1) AND ($2::text IS NULL OR entity_type = $2) "
    "AND ($3::text IS NULL OR action = $3) ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5"};
constexpr store::Sql kCount{
    "audit.count",
    "SELECT COUNT(*) FROM audit_log WHERE ($1 IS NULL OR entity_id = $1) "
    "AND ($2 IS NULL OR entity_type = $2) AND ($3 IS NULL OR action = $3)",
    "SELECT COUNT(*) FROM audit_log WHERE ($1::text IS NULL OR entity_id = $1) "
    "AND ($2::text IS NULL OR entity_type = $2) AND ($3::text IS NULL OR action = $3)"};

std::optional<std::string> non_empty(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

}  // namespace

void record(store::Tx& tx, const Actor& actor, TimePoint at, const AuditChange& c) {
  tx.exec(kInsert, {new_id(at), to_epoch_ms(at), non_empty(actor.agent_id), actor.username,
                    non_empty(actor.request_id), c.action, c.entity_type, c.entity_id,
                    c.before_json, c.after_json});
}

std::pair<std::vector<AuditRecord>, std::int64_t> list_audit(store::Tx& tx,
                                                             const AuditFilter& f) {
  std::vector<AuditRecord> out;
  for (const auto& r : tx.query(kList, {f.entity_id, f.entity_type, f.action, f.limit, f.offset})) {
    out.push_back(AuditRecord{r.str(0), from_epoch_ms(r.i64(1)), r.opt_str(2), r.str(3),
                              r.opt_str(4), r.str(5), r.str(6), r.str(7), r.opt_str(8),
                              r.opt_str(9)});
  }
  auto total = tx.query_one(kCount, {f.entity_id, f.entity_type, f.action})->i64(0);
  return {std::move(out), total};
}

}  // namespace abonado::auth

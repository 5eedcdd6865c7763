#include "auth/repo.hpp"

namespace abonado::auth::repo {
namespace {

using store::Sql;

constexpr Sql kInsertAgent{
    "auth.insert_agent",
    "INSERT INTO agents (id, username, display_name, password_hash, roles, status, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Sql kUsernameTaken{"auth.username_taken", "SELECT 1 FROM agents WHERE username = $1"};
constexpr Sql kUpdateAgent{
    "auth.update_agent",
    "UPDATE agents SET display_name = $2, roles = $3, status = $4, updated_at = $5 WHERE id = $1"};
constexpr Sql kUpdatePassword{"auth.update_password",
                              "UPDATE agents SET password_hash = $2, updated_at = $3 WHERE id = $1"};
#define AGENT_COLUMNS "id, username, display_name, roles, status, created_at, updated_at"
constexpr Sql kAgentById{"auth.agent_by_id",
                         "SELECT " AGENT_COLUMNS " FROM agents WHERE id = $1"};
// Two admins changing one agent take turns (PostgreSQL): each patch applies to the other's
// result, so a disable is not undone by a rename that read the agent before it.
constexpr Sql kLockAgent{"auth.lock_agent", "SELECT " AGENT_COLUMNS " FROM agents WHERE id = $1",
                         "SELECT " AGENT_COLUMNS " FROM agents WHERE id = $1 FOR UPDATE"};
constexpr Sql kAgentByUsername{
    "auth.agent_by_username",
    "SELECT " AGENT_COLUMNS ", password_hash FROM agents WHERE username = $1"};
// Roles are stored as "a,b,c"; a role filter matches one whole element.
constexpr Sql kListAgents{
    "auth.list_agents",
    "SELECT " AGENT_COLUMNS " FROM agents WHERE ($1 IS NULL OR status = $1) "
    "AND ($2 IS NULL OR ',' || roles || ',' LIKE '%,' || $2 || ',%') "
    "ORDER BY username LIMIT $3 OFFSET $4",
    "SELECT " AGENT_COLUMNS " FROM agents WHERE ($1::text IS NULL OR status = $1) "
    "AND ($2::text IS NULL OR ',' || roles || ',' LIKE '%,' || $2 || ',%') "
    "ORDER BY username LIMIT $3 OFFSET $4"};
constexpr Sql kCountAgents{
    "auth.count_agents",
    "SELECT COUNT(*) FROM agents WHERE ($1 IS NULL OR status = $1) "
    "AND ($2 IS NULL OR ',' || roles || ',' LIKE '%,' || $2 || ',%')",
    "SELECT COUNT(*) FROM agents WHERE ($1::text IS NULL OR status = $1) "
    "AND ($2::text IS NULL OR ',' || roles || ',' LIKE '%,' || $2 || ',%')"};
#undef AGENT_COLUMNS

constexpr Sql kInsertSession{
    "auth.insert_session",
    "INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4)"};
constexpr Sql kSessionActor{
    "auth.session_actor",
    "SELECT a.id, a.username, a.roles, s.expires_at FROM agent_sessions s "
    "JOIN agents a ON a.id = s.agent_id "
    "WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.status = 'active'"};
constexpr Sql kSessionAgent{"auth.session_agent",
                            "SELECT agent_id FROM agent_sessions WHERE token_hash = $1"};
constexpr Sql kDeleteAgentSessions{"auth.delete_agent_sessions",
                                   "DELETE FROM agent_sessions WHERE agent_id = $1"};
constexpr Sql kDeleteSession{"auth.delete_session",
                             "DELETE FROM agent_sessions WHERE token_hash = $1"};

constexpr Sql kLockedUntil{
    "auth.locked_until",
    "SELECT locked_until FROM login_locks WHERE username = $1 AND locked_until > $2"};
// Logins of one username take turns in their write jobs (PostgreSQL; SQLite has one writer):
// parallel guesses must see each other's failures and the lock they lead to.
constexpr Sql kLoginTurn{"auth.login_turn", "SELECT $1",
                         "SELECT pg_advisory_xact_lock(hashtext($1))"};
constexpr Sql kInsertFailure{"auth.insert_failure",
                             "INSERT INTO login_failures (username, at) VALUES ($1, $2)"};
constexpr Sql kFailuresSince{
    "auth.failures_since", "SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2"};
constexpr Sql kLock{
    "auth.lock",
    "INSERT INTO login_locks (username, locked_until) VALUES ($1, $2) "
    "ON CONFLICT (username) DO UPDATE SET locked_until = excluded.locked_until"};
constexpr Sql kClearFailures{"auth.clear_failures",
                             "DELETE FROM login_failures WHERE username = $1"};
constexpr Sql kPurgeSessions{"auth.purge_sessions",
                             "DELETE FROM agent_sessions WHERE expires_at <= $1"};
constexpr Sql kPurgeFailures{"auth.purge_failures", "DELETE FROM login_failures WHERE at <= $1"};
constexpr Sql kPurgeLocks{"auth.purge_locks", "DELETE FROM login_locks WHERE locked_until <= $1"};

Agent agent_from(const store::Row& r) {
  return Agent{r.str(0), r.str(1), r.str(2), RoleSet::from_csv(r.str(3)), r.str(4),
               from_epoch_ms(r.i64(5)), from_epoch_ms(r.i64(6))};
}

}  // namespace

void insert_agent(store::Tx& tx, const Agent& a, const std::string& password_hash) {
  tx.exec(kInsertAgent, {a.id, a.username, a.display_name, password_hash, a.roles.to_csv(),
                         a.status, to_epoch_ms(a.created_at), to_epoch_ms(a.updated_at)});
}

bool username_free(store::Tx& tx, const std::string& username) {
  return !tx.query_one(kUsernameTaken, {username});
}

void update_agent(store::Tx& tx, const Agent& a) {
  tx.exec(kUpdateAgent,
          {a.id, a.display_name, a.roles.to_csv(), a.status, to_epoch_ms(a.updated_at)});
}

void update_password(store::Tx& tx, const std::string& id, const std::string& hash,
                     TimePoint at) {
  tx.exec(kUpdatePassword, {id, hash, to_epoch_ms(at)});
}

std::optional<Agent> agent_by_id(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kAgentById, {id});
  if (!row) return std::nullopt;
  return agent_from(*row);
}

std::optional<Agent> lock_agent(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kLockAgent, {id});
  if (!row) return std::nullopt;
  return agent_from(*row);
}

std::optional<std::pair<Agent, std::string>> agent_by_username(store::Tx& tx,
                                                               const std::string& username) {
  auto row = tx.query_one(kAgentByUsername, {username});
  if (!row) return std::nullopt;
  return std::make_pair(agent_from(*row), row->str(7));
}

std::pair<std::vector<Agent>, std::int64_t> list_agents(store::Tx& tx, const AgentFilter& f) {
  std::vector<Agent> out;
  for (const auto& r : tx.query(kListAgents, {f.status, f.role, f.limit, f.offset})) {
    out.push_back(agent_from(r));
  }
  return {std::move(out), tx.query_one(kCountAgents, {f.status, f.role})->i64(0)};
}

void insert_session(store::Tx& tx, const std::string& token_hash, const std::string& agent_id,
                    TimePoint created, TimePoint expires) {
  tx.exec(kInsertSession, {token_hash, agent_id, to_epoch_ms(created), to_epoch_ms(expires)});
}

std::optional<SessionActor> session_actor(store::Tx& tx, const std::string& token_hash,
                                         TimePoint now) {
  auto row = tx.query_one(kSessionActor, {token_hash, to_epoch_ms(now)});
  if (!row) return std::nullopt;
  return SessionActor{Actor{row->str(0), row->str(1), {}, RoleSet::from_csv(row->str(2))},
                      from_epoch_ms(row->i64(3))};
}

std::optional<std::string> delete_session(store::Tx& tx, const std::string& token_hash) {
  auto row = tx.query_one(kSessionAgent, {token_hash});
  if (!row) return std::nullopt;
  tx.exec(kDeleteSession, {token_hash});
  return row->str(0);
}

void delete_sessions_of(store::Tx& tx, const std::string& agent_id) {
  tx.exec(kDeleteAgentSessions, {agent_id});
}

std::optional<TimePoint> locked_until(store::Tx& tx, const std::string& username, TimePoint now) {
  auto row = tx.query_one(kLockedUntil, {username, to_epoch_ms(now)});
  if (!row) return std::nullopt;
  return from_epoch_ms(row->i64(0));
}

void login_turn(store::Tx& tx, const std::string& username) { tx.query(kLoginTurn, {username}); }

void insert_failure(store::Tx& tx, const std::string& username, TimePoint at) {
  tx.exec(kInsertFailure, {username, to_epoch_ms(at)});
}

std::int64_t failures_since(store::Tx& tx, const std::string& username, TimePoint since) {
  return tx.query_one(kFailuresSince, {username, to_epoch_ms(since)})->i64(0);
}

void lock(store::Tx& tx, const std::string& username, TimePoint until) {
  tx.exec(kLock, {username, to_epoch_ms(until)});
}

void clear_failures(store::Tx& tx, const std::string& username) {
  tx.exec(kClearFailures, {username});
}

std::int64_t purge(store::Tx& tx, TimePoint now, TimePoint failures_before) {
  auto ms = to_epoch_ms(now);
  return tx.exec(kPurgeSessions, {ms}) + tx.exec(kPurgeFailures, {to_epoch_ms(failures_before)}) +
         tx.exec(kPurgeLocks, {ms});
}

}  // namespace abonado::auth::repo

#include "auth/service.hpp"

#include "auth/agent_json.hpp"
#include "auth/audit.hpp"
#include "auth/repo.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::auth {

void check_username(std::string_view username) {
  bool ok = username.size() >= 3 && username.size() <= 64;
  for (char c : username) {
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
  }
  if (!ok) {
    throw Error(Code::kInvalidField,
                "a username has 3 to 64 characters: lower-case letters, digits, '.', '_', '-'",
                "username");
  }
}

namespace {

void check_status(const std::string& status) {
  if (status != "active" && status != "disabled") {
    throw Error(Code::kInvalidField, "status must be 'active' or 'disabled'", "status");
  }
}

void check_roles(RoleSet roles) {
  if (roles.empty()) throw Error(Code::kInvalidField, "an agent needs at least one role", "roles");
}

void check_display_name(const std::string& name) {
  if (name.empty() || name.size() > 200) {
    throw Error(Code::kInvalidField, "displayName must have 1 to 200 characters", "displayName");
  }
}

}  // namespace

Agent AuthService::create_agent(store::Tx& tx, const Actor& by, const NewAgent& n) const {
  check_username(n.username);
  check_display_name(n.display_name);
  check_roles(n.roles);
  if (!repo::username_free(tx, n.username)) {
    throw Error(Code::kDuplicate, "username '" + n.username + "' is taken", "username");
  }
  auto now = clock_.now();
  Agent a{new_id(now), n.username, n.display_name, n.roles, "active", now, now};
  repo::insert_agent(tx, a, n.password_hash);
  record(tx, by, now, {"agent.create", "agent", a.id, std::nullopt, agent_json(a).dump()});
  return a;
}

Agent AuthService::update_agent(store::Tx& tx, const Actor& by, const std::string& id,
                                const AgentPatch& p) const {
  auto before = repo::lock_agent(tx, id);
  if (!before) throw Error(Code::kNotFound, "no agent with id " + id, "id");
  Agent after = *before;
  if (p.display_name) {
    check_display_name(*p.display_name);
    after.display_name = *p.display_name;
  }
  if (p.roles) {
    check_roles(*p.roles);
    after.roles = *p.roles;
  }
  if (p.status) {
    check_status(*p.status);
    after.status = *p.status;
  }
  auto now = clock_.now();
  after.updated_at = now;
  repo::update_agent(tx, after);
  if (p.password_hash) repo::update_password(tx, id, *p.password_hash, now);
  // A disabled agent or a changed password ends every open session.
  if (p.password_hash || after.status != "active") repo::delete_sessions_of(tx, id);
  auto after_json = agent_json(after);
  if (p.password_hash) after_json["passwordChanged"] = true;
  record(tx, by, now, {"agent.update", "agent", id, agent_json(*before).dump(), after_json.dump()});
  return after;
}

std::optional<Agent> AuthService::find_agent(store::Tx& tx, const std::string& id) const {
  return repo::agent_by_id(tx, id);
}

std::pair<std::vector<Agent>, std::int64_t> AuthService::list_agents(store::Tx& tx,
                                                                     const AgentFilter& f) const {
  return repo::list_agents(tx, f);
}

Credentials AuthService::credentials(store::Tx& tx, const std::string& username) const {
  Credentials c;
  c.locked_until = repo::locked_until(tx, username, clock_.now());
  if (auto found = repo::agent_by_username(tx, username)) {
    c.agent = std::move(found->first);
    c.password_hash = std::move(found->second);
  }
  return c;
}

Session AuthService::open_session(store::Tx& tx, const Agent& agent,
                                  const std::string& password_hash,
                                  const std::string& request_id) const {
  auto now = clock_.now();
  repo::login_turn(tx, agent.username);
  if (repo::locked_until(tx, agent.username, now)) {
    throw Error(Code::kAccountLocked, "too many failed logins; try again later");
  }
  auto current = repo::agent_by_username(tx, agent.username);
  if (!current || current->first.id != agent.id || current->second != password_hash ||
      current->first.status != "active") {
    throw Error(Code::kInvalidCredentials, "wrong username or password");
  }
  repo::clear_failures(tx, agent.username);
  Session s{random_token(32), now + kSessionTtl, agent};
  repo::insert_session(tx, sha256_hex(s.token), agent.id, now, s.expires_at);
  Actor actor{agent.id, agent.username, request_id, agent.roles};
  record(tx, actor, now, {"agent.login", "agent", agent.id, std::nullopt, std::nullopt});
  return s;
}

std::optional<TimePoint> AuthService::record_failure(store::Tx& tx,
                                                     const std::string& username) const {
  auto now = clock_.now();
  repo::login_turn(tx, username);
  if (auto until = repo::locked_until(tx, username, now)) return until;
  repo::insert_failure(tx, username, now);
  if (repo::failures_since(tx, username, now - rules_.window) >= rules_.max_failures) {
    repo::lock(tx, username, now + rules_.lockout);
    repo::clear_failures(tx, username);
  }
  return std::nullopt;
}

bool AuthService::plausible_token(const std::string& token) {
  return !token.empty() && token.size() <= 128;
}

std::optional<SessionActor> AuthService::resolve(store::Tx& tx,
                                                 const std::string& token_hash) const {
  return repo::session_actor(tx, token_hash, clock_.now());
}

void AuthService::close_session(store::Tx& tx, const Actor& by, const std::string& token) const {
  auto agent_id = repo::delete_session(tx, sha256_hex(token));
  if (!agent_id) return;
  record(tx, by, clock_.now(), {"agent.logout", "agent", *agent_id, std::nullopt, std::nullopt});
}

std::int64_t AuthService::purge_expired(store::Tx& tx) const {
  auto now = clock_.now();
  return repo::purge(tx, now, now - rules_.window);
}

}  // namespace abonado::auth

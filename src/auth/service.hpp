#pragma once
// Agents, sessions and login throttling. Every function runs inside a
// database job on the Tx it is given (no I/O of its own); password hashing is
// the caller's (see password.hpp) so that it stays off database threads.

#include <optional>
#include <string>
#include <vector>

#include "auth/model.hpp"
#include "core/clock.hpp"
#include "store/tx.hpp"

namespace abonado::auth {

struct NewAgent {
  std::string username;
  std::string display_name;
  std::string password_hash;
  RoleSet roles;
};

struct AgentPatch {
  std::optional<std::string> display_name;
  std::optional<RoleSet> roles;
  std::optional<std::string> status;
  std::optional<std::string> password_hash;
};

struct Credentials {
  std::optional<Agent> agent;  // nullopt: no such username
  std::string password_hash;   // empty when no agent
  std::optional<TimePoint> locked_until;
};

struct AgentFilter {
  std::optional<std::string> status;
  std::optional<std::string> role;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

class AuthService {
 public:
  AuthService(const Clock& clock, LoginRules rules) : clock_(clock), rules_(rules) {}

  // Throws Error(kDuplicate) for a username in use, kInvalidField for a bad one.
  Agent create_agent(store::Tx& tx, const Actor& by, const NewAgent& a) const;
  Agent update_agent(store::Tx& tx, const Actor& by, const std::string& id,
                     const AgentPatch& patch) const;
  std::optional<Agent> find_agent(store::Tx& tx, const std::string& id) const;
  std::pair<std::vector<Agent>, std::int64_t> list_agents(store::Tx& tx,
                                                          const AgentFilter& f) const;

  Credentials credentials(store::Tx& tx, const std::string& username) const;
  // After a good password: opens a session and forgets earlier failures.
  // Throws kAccountLocked if a concurrent failure locked the account first, and
  // kInvalidCredentials if the agent was disabled or its password changed while
  // `password_hash` (the one verified) was being checked.
  Session open_session(store::Tx& tx, const Agent& agent, const std::string& password_hash,
                       const std::string& request_id) const;
  // After a bad password: when the username is locked already (parallel guesses
  // locked it while this one was being hashed), returns the lock's end and records
  // nothing, so that a guess after the lock learns nothing from its answer;
  // otherwise records the failure (locking the username at the policy's count)
  // and returns nullopt.
  std::optional<TimePoint> record_failure(store::Tx& tx, const std::string& username) const;
  // A token worth looking up (the lookup is by its sha256_hex).
  static bool plausible_token(const std::string& token);
  std::optional<SessionActor> resolve(store::Tx& tx, const std::string& token_hash) const;
  TimePoint now() const { return clock_.now(); }
  void close_session(store::Tx& tx, const Actor& by, const std::string& token) const;
  // Drops expired sessions, old failures and ended locks; returns rows removed.
  std::int64_t purge_expired(store::Tx& tx) const;

 private:
  const Clock& clock_;
  LoginRules rules_;
};

// The username rule: 3 to 64 of a-z, 0-9, '.', '_', '-'.
void check_username(std::string_view username);

}  // namespace abonado::auth

#pragma once
// SQL of the auth module (internal: only auth/service.cpp includes this).

#include <optional>
#include <string>
#include <vector>

#include "auth/model.hpp"
#include "auth/service.hpp"
#include "store/tx.hpp"

namespace abonado::auth::repo {

void insert_agent(store::Tx& tx, const Agent& a, const std::string& password_hash);
// False when the username is taken.
bool username_free(store::Tx& tx, const std::string& username);
void update_agent(store::Tx& tx, const Agent& a);
void update_password(store::Tx& tx, const std::string& id, const std::string& hash, TimePoint at);
std::optional<Agent> agent_by_id(store::Tx& tx, const std::string& id);
// agent_by_id, holding the row until the transaction ends (PostgreSQL).
std::optional<Agent> lock_agent(store::Tx& tx, const std::string& id);
std::optional<std::pair<Agent, std::string>> agent_by_username(store::Tx& tx,
                                                               const std::string& username);
std::pair<std::vector<Agent>, std::int64_t> list_agents(store::Tx& tx, const AgentFilter& f);

void insert_session(store::Tx& tx, const std::string& token_hash, const std::string& agent_id,
                    TimePoint created, TimePoint expires);
std::optional<SessionActor> session_actor(store::Tx& tx, const std::string& token_hash,
                                          TimePoint now);
std::optional<std::string> delete_session(store::Tx& tx, const std::string& token_hash);
void delete_sessions_of(store::Tx& tx, const std::string& agent_id);

// Waits for the other logins of `username` in flight to commit (PostgreSQL), until this
// transaction ends.
void login_turn(store::Tx& tx, const std::string& username);
std::optional<TimePoint> locked_until(store::Tx& tx, const std::string& username, TimePoint now);
void insert_failure(store::Tx& tx, const std::string& username, TimePoint at);
std::int64_t failures_since(store::Tx& tx, const std::string& username, TimePoint since);
void lock(store::Tx& tx, const std::string& username, TimePoint until);
void clear_failures(store::Tx& tx, const std::string& username);
std::int64_t purge(store::Tx& tx, TimePoint now, TimePoint failures_before);

}  // namespace abonado::auth::repo

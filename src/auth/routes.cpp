#include "auth/routes.hpp"

#include "auth/agent_json.hpp"
#include "auth/audit.hpp"
#include "auth/password.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "http/idempotency.hpp"
#include "http/json.hpp"
#include "http/offload.hpp"
#include "http/tmf.hpp"
#include "store/async.hpp"

namespace abonado::auth {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

const RoleSet kAdmins{Role::kAdmin};
const RoleSet kAuditors{Role::kAdmin, Role::kSupervisor};

std::string session_cookie(const std::string& token, std::int64_t max_age_s) {
  return std::string(http::kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
}

RoleSet roles_from(const Json& body) {
  auto it = body.find("roles");
  if (it == body.end() || !it->is_array()) {
    throw Error(Code::kInvalidField, "field 'roles' must be a list of role names", "roles");
  }
  RoleSet set;
  for (const auto& r : *it) {
    if (!r.is_string()) throw Error(Code::kInvalidField, "roles must be strings", "roles");
    auto role = parse_role(r.get<std::string>());
    if (!role) {
      throw Error(Code::kInvalidField, "unknown role '" + r.get<std::string>() + "'", "roles");
    }
    set.add(*role);
  }
  return set;
}

awaitable<Response> login(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"username", "password"});
  std::string username = http::required_string(body, "username", 64);
  std::string password = http::required_string(body, "password", 128);

  auto creds = co_await store::read(d.db, [&](store::Tx& tx) {
    return d.service.credentials(tx, username);
  });
  if (creds.locked_until) {
    throw Error(Code::kAccountLocked,
                "too many failed logins; try again after " + format_iso(*creds.locked_until))
        .with("retryAt", format_iso(*creds.locked_until));
  }
  const std::string& hash = creds.agent ? creds.password_hash : dummy_hash();
  bool good = co_await http::offload(d.cpu, [&] { return verify_password(hash, password); });
  good = good && creds.agent && creds.agent->status == "active";

  if (!good) {
    // Parallel guesses pass the check above together; once they have locked the
    // username, every answer is the lock, right password or wrong.
    auto locked = co_await store::write(
        d.db, [&](store::Tx& tx) { return d.service.record_failure(tx, username); });
    if (locked) {
      throw Error(Code::kAccountLocked,
                  "too many failed logins; try again after " + format_iso(*locked))
          .with("retryAt", format_iso(*locked));
    }
    throw Error(Code::kInvalidCredentials, "wrong username or password");
  }
  auto session = co_await store::write(d.db, [&](store::Tx& tx) {
    return d.service.open_session(tx, *creds.agent, hash, req.request_id);
  });
  Json out = {{"token", session.token},
              {"expiresAt", format_iso(session.expires_at)},
              {"agent",
               {{"id", session.agent.id},
                {"username", session.agent.username},
                {"displayName", session.agent.display_name},
                {"roles", session.agent.roles.names()}}}};
  auto res = http::json_response(200, out);
  res.with_header("Set-Cookie", session_cookie(session.token, std::chrono::duration_cast<std::chrono::seconds>(kSessionTtl).count()));
  co_return res;
}

awaitable<Response> logout(RouteDeps d, Request& req) {
  std::string token = http::session_token(req);
  co_await store::write(d.db, [&](store::Tx& tx) { d.service.close_session(tx, req.agent(), token); });
  d.sessions.forget_all();
  co_return Response::no_content().with_header("Set-Cookie", session_cookie("", 0));
}

awaitable<Response> me(RouteDeps d, Request& req) {
  auto agent = co_await store::read(d.db, [&](store::Tx& tx) {
    return d.service.find_agent(tx, req.agent().agent_id);
  });
  if (!agent) throw Error(Code::kUnauthorized, "the session's agent no longer exists");
  co_return http::json_response(200, agent_json(*agent));
}

awaitable<Response> create_agent(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"username", "displayName", "password", "roles"});
  NewAgent n;
  n.username = http::required_string(body, "username", 64);
  check_username(n.username);
  n.display_name = http::optional_string(body, "displayName", 200).value_or(n.username);
  n.roles = roles_from(body);
  std::string password = http::required_string(body, "password", 128);
  check_password_rules(password);
  n.password_hash = co_await http::offload(d.cpu, [&] { return hash_password(password); });
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Agent a = d.service.create_agent(tx, req.agent(), n);
    return http::json_response(201, agent_json(a)).with_header("Location", "/api/v1/agents/" + a.id);
  });
}

awaitable<Response> update_agent(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"displayName", "roles", "status", "password"});
  AgentPatch p;
  p.display_name = http::optional_string(body, "displayName", 200);
  if (body.contains("roles")) p.roles = roles_from(body);
  p.status = http::optional_string(body, "status", 20);
  if (auto pw = http::optional_string(body, "password", 128)) {
    check_password_rules(*pw);
    p.password_hash = co_await http::offload(d.cpu, [&] { return hash_password(*pw); });
  }
  const std::string& id = req.param("id");
  auto a = co_await store::write(d.db, [&](store::Tx& tx) {
    return d.service.update_agent(tx, req.agent(), id, p);
  });
  // Its sessions may have ended, or its roles changed.
  d.sessions.forget_all();
  co_return http::json_response(200, agent_json(a));
}

awaitable<Response> get_agent(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto a = co_await store::read(d.db, [&](store::Tx& tx) { return d.service.find_agent(tx, id); });
  if (!a) throw Error(Code::kNotFound, "no agent with id " + id, "id");
  co_return http::json_response(200, agent_json(*a));
}

awaitable<Response> list_agents(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  AgentFilter f;
  if (auto* s = q.filter("status")) f.status = *s;
  if (auto* r = q.filter("role")) f.role = *r;
  f.offset = q.offset;
  f.limit = q.limit;
  auto [agents, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.service.list_agents(tx, f); });
  Json items = Json::array();
  for (const auto& a : agents) items.push_back(agent_json(a));
  co_return http::list_response(q, std::move(items), total);
}

Json parse_snapshot(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  Json j = Json::parse(*text, nullptr, false);
  return j.is_discarded() ? Json(*text) : j;
}

awaitable<Response> audit_page(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  AuditFilter f;
  if (auto* v = q.filter("entityId")) f.entity_id = *v;
  if (auto* v = q.filter("entityType")) f.entity_type = *v;
  if (auto* v = q.filter("action")) f.action = *v;
  f.offset = q.offset;
  f.limit = q.limit;
  auto [records, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return auth::list_audit(tx, f); });
  Json items = Json::array();
  for (const auto& r : records) {
    Json actor = {{"username", r.actor_name}};
    if (r.actor_id) actor["id"] = *r.actor_id;
    items.push_back({{"id", r.id},
                     {"@type", "AuditRecord"},
                     {"at", format_iso(r.at)},
                     {"actor", actor},
                     {"requestId", r.request_id ? Json(*r.request_id) : Json(nullptr)},
                     {"action", r.action},
                     {"entityType", r.entity_type},
                     {"entityId", r.entity_id},
                     {"before", parse_snapshot(r.before_json)},
                     {"after", parse_snapshot(r.after_json)}});
  }
  co_return http::list_response(q, std::move(items), total);
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  using http::Access;
  using http::Body;
  router.add({"POST", "/api/v1/auth/login", Access::public_route(), http::bind<login>(d), Body::kJson});
  router.add({"POST", "/api/v1/auth/logout", Access::any_agent(), http::bind<logout>(d)});
  router.add({"GET", "/api/v1/auth/me", Access::any_agent(), http::bind<me>(d)});
  router.add({"POST", "/api/v1/agents", Access::roles_of(kAdmins), http::bind<create_agent>(d),
              Body::kJson});
  router.add({"GET", "/api/v1/agents", Access::roles_of(kAuditors), http::bind<list_agents>(d),
              Body::kNone, http::kJsonBodyLimit, {{"status", "role"}, true}});
  router.add({"GET", "/api/v1/agents/{id}", Access::roles_of(kAuditors), http::bind<get_agent>(d)});
  router.add({"PATCH", "/api/v1/agents/{id}", Access::roles_of(kAdmins), http::bind<update_agent>(d),
              Body::kJson});
  router.add({"GET", "/api/v1/audit", Access::roles_of(kAuditors), http::bind<audit_page>(d),
              Body::kNone, http::kJsonBodyLimit, {{"entityId", "entityType", "action"}, true}});
}

awaitable<std::optional<Actor>> SessionAuthenticator::authenticate(std::string token) {
  if (!AuthService::plausible_token(token)) co_return std::nullopt;
  std::string hash = sha256_hex(token);
  if (auto cached = sessions_.find(hash, service_.now())) co_return cached;
  auto seen = sessions_.generation();
  auto found = co_await store::read(db_, [&](store::Tx& tx) { return service_.resolve(tx, hash); });
  if (!found) co_return std::nullopt;
  sessions_.put(hash, found->actor, found->expires_at, seen);
  co_return std::move(found->actor);
}

}  // namespace abonado::auth

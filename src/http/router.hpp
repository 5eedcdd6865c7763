#pragma once
// Routes and their declarations. Each route states, next to its handler, who
// may call it, which query parameters it takes and what body it accepts; the
// server enforces all of that before the handler runs.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/roles.hpp"
#include "http/request.hpp"

namespace abonado::http {

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

// A handler calling Fn(deps, req): routes.cpp files write handlers as free
// coroutines that take their module's dependencies by value.
template <auto Fn, typename Deps>
Handler bind(Deps deps) {
  return [deps](Request& req) { return Fn(deps, req); };
}

// Who may call a route.
struct Access {
  enum class Kind { kPublic, kAnyAgent, kRoles } kind = Kind::kRoles;
  RoleSet roles;
  static Access public_route() { return {Kind::kPublic, {}}; }
  static Access any_agent() { return {Kind::kAnyAgent, {}}; }
  static Access roles_of(RoleSet r) { return {Kind::kRoles, r}; }
};

enum class Body {
  kNone,          // no body expected (a non-empty one is refused)
  kJson,          // application/json (or merge-patch+json on PATCH)
  kOptionalJson,  // as kJson, or no body at all (a command such as "close" that takes none)
  kMultipart,     // multipart/form-data
  kAny,           // form or JSON (e.g. USSD gateway callbacks)
};

// Where a POST's Idempotency-Key is looked up. Before the handler by default:
// a handler may read, call outside services or refuse on state the first
// request changed. kInWriteJob for handlers that only parse the request
// before commit() (idempotency.hpp), which looks the key up inside its write
// job anyway: a retry's body is the first one's, so it parses the same, and
// the first attempt saves a database read.
enum class Replay { kBeforeHandler, kInWriteJob };

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/customers/{id}"
  Access access;
  Handler handler;
  Body body = Body::kNone;
  std::size_t max_body = kJsonBodyLimit;
  QuerySpec query = {};
  Replay replay = Replay::kBeforeHandler;
  // Index into the metrics table; set by Router::add.
  std::size_t metric_index = 0;
};

struct Match {
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  bool method_mismatch = false;  // the path exists with other methods
};

// `path` as the router reads it: empty segments ("//", a trailing "/") left
// out, so "/a//b/" is "/a/b". What keys a request by its path (an
// Idempotency-Key) must use this, or one route answers under several keys.
std::string canonical_path(std::string_view path);

// Not thread-safe to add; read-only (and so thread-safe) once serving.
class Router {
 public:
  const Route& add(Route route);
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;  // per route, split pattern
};

}  // namespace abonado::http

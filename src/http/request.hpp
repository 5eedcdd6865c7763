#pragma once
// Plain request and response types seen by handlers. No Beast here: only
// server.cpp speaks HTTP on the wire.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/roles.hpp"

namespace abonado::http {

struct Route;

// The largest JSON body a route takes unless it declares more.
inline constexpr std::size_t kJsonBodyLimit = 1024 * 1024;

// The query parameters a route accepts. List routes also take offset, limit
// and fields; `params` names the attribute filters (or other parameters).
struct QuerySpec {
  std::vector<std::string> params;
  bool list = false;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query
  std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers; // names in lower case
  std::vector<std::pair<std::string, std::string>> params;  // from the route pattern
  std::string body;
  std::string request_id;
  std::string remote;            // peer address, for logs
  const Route* route = nullptr;  // the matched route
  std::optional<Actor> actor;    // set once authenticated

  // The first value of a header (name in lower case), or nullptr.
  const std::string* header(std::string_view name) const;
  // The first value of a query parameter, or nullptr.
  const std::string* query_param(std::string_view name) const;
  // A path parameter of the route (e.g. "id" of /customers/{id}).
  const std::string& param(std::string_view name) const;
  // The actor, or a 401 if none (for handlers of authenticated routes).
  const Actor& agent() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  Response& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response text(int status, std::string body, std::string type = "text/plain; charset=utf-8") {
    Response r;
    r.status = status;
    r.content_type = std::move(type);
    r.body = std::move(body);
    return r;
  }
  static Response no_content() {
    Response r;
    r.status = 204;
    r.content_type.clear();
    return r;
  }
};

}  // namespace abonado::http

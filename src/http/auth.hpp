#pragma once
// The server's view of authentication: it only needs to turn a session token
// into an Actor. auth/ implements it; app/ wires it.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "core/roles.hpp"

namespace abonado::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The agent holding `token`, or nullopt when the token is unknown, expired
  // or its agent disabled. Called from HTTP coroutines on any io thread.
  virtual boost::asio::awaitable<std::optional<Actor>> authenticate(std::string token) = 0;
};

inline constexpr const char* kSessionCookie = "abonado_session";

struct Request;
// The session token of a request: "Authorization: Bearer T", else the
// session cookie; empty when neither.
std::string session_token(const Request& req);

}  // namespace abonado::http

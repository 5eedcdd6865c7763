#pragma once
// HTTP face of auth/: login, logout, me, agents, audit; and the session
// Authenticator the server uses. Wired by app/.

#include <boost/asio/thread_pool.hpp>

#include "auth/service.hpp"
#include "auth/session_cache.hpp"
#include "http/auth.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace abonado::auth {

struct RouteDeps {
  store::Database& db;
  const Clock& clock;
  const AuthService& service;
  boost::asio::thread_pool& cpu;  // for argon2id
  SessionCache& sessions;
};

void add_routes(http::Router& router, RouteDeps deps);

class SessionAuthenticator final : public http::Authenticator {
 public:
  SessionAuthenticator(store::Database& db, const AuthService& service, SessionCache& sessions)
      : db_(db), service_(service), sessions_(sessions) {}
  boost::asio::awaitable<std::optional<Actor>> authenticate(std::string token) override;

 private:
  store::Database& db_;
  const AuthService& service_;
  SessionCache& sessions_;
};

}  // namespace abonado::auth

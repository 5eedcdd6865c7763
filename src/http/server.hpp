#pragma once
// The HTTP server: accepts connections, reads requests within limits, runs
// the route's declared checks (body, query, authentication, roles,
// idempotent replay), calls its handler and writes the response. Logs one
// access line per request with its request id.
//
// Runs on the io_context given; thread-safe to drive with several threads.
// The Server must outlive the io_context's run() calls.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"
#include "http/auth.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/database.hpp"

namespace boost::asio {
class io_context;
}

namespace abonado::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port
  std::chrono::seconds read_timeout{30};
  std::size_t max_connections = 10000;
  std::size_t header_limit = 16 * 1024;
  std::string web_root = "web/dist";
  bool access_log = true;
};

// What the dispatcher needs besides the router.
struct ServerDeps {
  const Router& router;
  Authenticator& auth;
  Metrics& metrics;
  store::Database& db;
  const Clock& clock;
};

class Server {
 public:
  Server(boost::asio::io_context& io, ServerDeps deps, ServerOptions opts);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting; returns the bound port. Throws on bind errors.
  std::uint16_t start();
  // Stops accepting, closes idle connections, lets requests in flight finish
  // (their responses say Connection: close), then calls on_drained once on an
  // io thread.
  void shutdown(std::function<void()> on_drained);

  // Runs one request through checks and handler (no network: for tests and
  // fuzzing of the dispatch layer).
  boost::asio::awaitable<Response> dispatch(Request& req);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace abonado::http

#include "http/server.hpp"

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <mutex>
#include <random>
#include <unordered_set>

#include "core/error.hpp"
#include "http/idempotency.hpp"
#include "http/static_files.hpp"
#include "http/target.hpp"
#include "http/tmf.hpp"
#include "store/async.hpp"

namespace abonado::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool is_api(std::string_view path) {
  return path.starts_with("/api/") || path.starts_with("/tmf-api/") || path == "/api" ||
         path == "/tmf-api";
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

std::string_view media_type(const Request& req) {
  const std::string* ct = req.header("content-type");
  if (!ct) return {};
  std::string_view v = *ct;
  v = v.substr(0, v.find(';'));
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

void check_body(const Request& req, const Route& route) {
  std::string_view type = media_type(req);
  switch (route.body) {
    case Body::kNone:
      if (!req.body.empty()) {
        throw Error(Code::kInvalidField, "this endpoint takes no request body", "body");
      }
      return;
    case Body::kOptionalJson:
      if (req.body.empty()) return;
      [[fallthrough]];
    case Body::kJson:
      if (iequals(type, "application/json") ||
          (req.method == "PATCH" && iequals(type, "application/merge-patch+json"))) {
        return;
      }
      throw Error(Code::kUnsupportedMediaType,
                  req.method == "PATCH"
                      ? "Content-Type must be application/merge-patch+json or application/json"
                      : "Content-Type must be application/json",
                  "Content-Type");
    case Body::kMultipart:
      if (iequals(type, "multipart/form-data")) return;
      throw Error(Code::kUnsupportedMediaType, "Content-Type must be multipart/form-data",
                  "Content-Type");
    case Body::kAny:
      if (iequals(type, "application/json") ||
          iequals(type, "application/x-www-form-urlencoded")) {
        return;
      }
      throw Error(Code::kUnsupportedMediaType,
                  "Content-Type must be application/json or application/x-www-form-urlencoded",
                  "Content-Type");
  }
}

}  // namespace

std::string session_token(const Request& req) {
  if (const std::string* auth = req.header("authorization")) {
    std::string_view v = *auth;
    if (v.size() > 7 && iequals(v.substr(0, 7), "bearer ")) return std::string(v.substr(7));
    return {};
  }
  if (const std::string* cookie = req.header("cookie")) {
    std::string_view c = *cookie;
    std::string prefix = std::string(kSessionCookie) + "=";
    while (!c.empty()) {
      while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
      auto semi = c.find(';');
      auto part = c.substr(0, semi);
      if (part.starts_with(prefix)) return std::string(part.substr(prefix.size()));
      if (semi == std::string_view::npos) break;
      c.remove_prefix(semi + 1);
    }
  }
  return {};
}

namespace {

Response error_from(Code code, std::string msg, std::string field = {}) {
  return error_response(Error(code, std::move(msg), std::move(field)));
}

constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

// Writes the response head and body by hand: Beast's serializer and field
// list cost more than the rest of a small response. Header values come from
// our own code; CR and LF are dropped all the same.
void append_header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  for (char c : value) {
    if (c != '\r' && c != '\n') out += c;
  }
  out += "\r\n";
}

std::string serialize(const Response& res, unsigned version, bool keep_alive,
                      const std::string& rid, bool head_only) {
  std::string out;
  out.reserve(256 + res.body.size());
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(res.status);
  out += ' ';
  out += bhttp::obsolete_reason(static_cast<bhttp::status>(res.status));
  out += "\r\nServer: abonado\r\n";
  if (!res.content_type.empty()) append_header(out, "Content-Type", res.content_type);
  append_header(out, "X-Request-Id", rid);
  bool has_cache_control = false;
  for (const auto& [k, v] : res.headers) {
    has_cache_control = has_cache_control || k == "Cache-Control";
    append_header(out, k, v);
  }
  if (!has_cache_control) out += "Cache-Control: no-store\r\n";
  if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) out += "Connection: close\r\n";
  out += "Content-Length: ";
  out += std::to_string(res.body.size());
  out += "\r\n\r\n";
  if (!head_only) out += res.body;
  return out;
}

}  // namespace

struct Server::Impl {
  // One connection, owned by its coroutine; registered in `sessions` while
  // open. Timeouts are enforced by one sweeper for all connections rather
  // than a timer per read and write: at tens of thousands of requests per
  // second, per-operation timers cost more than the request itself.
  struct Session {
    explicit Session(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    std::atomic<std::int64_t> deadline_ms{0};  // steady-clock ms; past it the sweeper ends us
    std::atomic<bool> busy{false};             // a request is being handled
    std::string remote;                        // peer address, for logs

    void arm(std::chrono::seconds timeout) {
      deadline_ms.store(steady_ms() + std::chrono::milliseconds(timeout).count(),
                        std::memory_order_relaxed);
    }
  };

  static std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  Impl(asio::io_context& io, ServerDeps d, ServerOptions o)
      : io(io),
        deps(d),
        opts(std::move(o)),
        acceptor(io),
        sweep_strand(asio::make_strand(io)),
        sweep_timer(sweep_strand) {
    for (const auto& r : deps.router.routes()) max_body = std::max(max_body, r.max_body);
    // A per-process random prefix keeps generated request ids unique across restarts.
    rid_prefix = std::to_string(std::random_device{}() % 100000);
  }

  asio::io_context& io;
  ServerDeps deps;
  ServerOptions opts;
  tcp::acceptor acceptor;
  asio::strand<asio::io_context::executor_type> sweep_strand;  // the sweeper's timer lives here
  asio::steady_timer sweep_timer;
  std::size_t max_body = kJsonBodyLimit;  // the largest body any route takes
  std::string rid_prefix;
  std::atomic<std::uint64_t> rid_counter{0};

  std::mutex mu;  // guards sessions and on_drained; held while shutting a session's socket down
  std::unordered_set<Session*> sessions;
  std::atomic<bool> draining{false};
  std::function<void()> on_drained;

  // Ends a session's pending read or write. ::shutdown is safe from any
  // thread; holding `mu` guarantees the descriptor is still the session's.
  static void interrupt(Session& s) {
    ::shutdown(s.socket.native_handle(), SHUT_RDWR);
  }

  asio::awaitable<void> sweep_loop() {
    while (!draining.load()) {
      sweep_timer.expires_after(std::chrono::seconds(1));
      beast::error_code ec;
      co_await sweep_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      auto now = steady_ms();
      std::lock_guard lock(mu);
      for (auto* s : sessions) {
        if (s->deadline_ms.load(std::memory_order_relaxed) < now) interrupt(*s);
      }
    }
  }

  std::string next_request_id() {
    return rid_prefix + "-" + std::to_string(rid_counter.fetch_add(1) + 1);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      beast::error_code ec;
      tcp::socket sock(io);
      co_await acceptor.async_accept(sock, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) continue;  // e.g. EMFILE: keep serving the connections we have
      std::unique_lock lock(mu);
      if (draining) co_return;
      if (sessions.size() >= opts.max_connections) {
        lock.unlock();
        deps.metrics.refused_connections++;
        sock.close(ec);
        continue;
      }
      sock.set_option(tcp::no_delay(true), ec);
      auto s = std::make_unique<Session>(std::move(sock));
      auto peer = s->socket.remote_endpoint(ec);
      if (!ec) s->remote = peer.address().to_string();
      s->arm(opts.read_timeout);
      sessions.insert(s.get());
      lock.unlock();
      deps.metrics.open_connections++;
      asio::co_spawn(io, run_session(std::move(s)), asio::detached);
    }
  }

  asio::awaitable<void> run_session(std::unique_ptr<Session> s) {
    try {
      co_await serve(*s);
    } catch (const std::exception& e) {
      spdlog::warn("connection ended by error: {}", e.what());
    }
    std::function<void()> drained;
    {
      std::lock_guard lock(mu);
      sessions.erase(s.get());
      if (draining && sessions.empty()) drained = std::move(on_drained);
    }
    beast::error_code ec;
    s->socket.shutdown(tcp::socket::shutdown_both, ec);
    s->socket.close(ec);
    deps.metrics.open_connections--;
    if (drained) asio::post(io, std::move(drained));
  }

  asio::awaitable<void> write_response(Session& s, Response& res, unsigned version,
                                       bool keep_alive, const std::string& rid, bool head_only) {
    std::string out = serialize(res, version, keep_alive, rid, head_only);
    s.arm(opts.read_timeout);
    beast::error_code ec;
    co_await asio::async_write(s.socket, asio::buffer(out),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw beast::system_error(ec);
  }

  // After refusing a body without reading it: stop sending, then read and
  // drop what the client is still sending for a while, so that it gets to
  // read our answer instead of a connection reset.
  asio::awaitable<void> linger(Session& s) {
    constexpr std::size_t kMaxDrain = 64 * 1024 * 1024;
    beast::error_code ec;
    s.socket.shutdown(tcp::socket::shutdown_send, ec);
    s.arm(std::chrono::seconds(2));
    std::array<char, 16384> sink;
    std::size_t drained = 0;
    while (!ec && drained < kMaxDrain) {
      drained += co_await s.socket.async_read_some(asio::buffer(sink),
                                                   asio::redirect_error(asio::use_awaitable, ec));
    }
  }

  asio::awaitable<void> serve(Session& s) {
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(opts.header_limit));
      // The largest any route takes; the matched route's own limit is checked below.
      parser.body_limit(max_body);
      s.arm(opts.read_timeout);
      beast::error_code ec;
      co_await bhttp::async_read_header(s.socket, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset || ec == asio::error::eof ||
          ec == asio::error::broken_pipe || ec == asio::error::not_connected) {
        co_return;
      }
      auto started = std::chrono::steady_clock::now();
      std::string rid = next_request_id();
      if (ec) {
        // A request we cannot parse: answer once and close.
        Response res =
            ec == bhttp::error::header_limit
                ? error_from(Code::kHeadersTooLarge, "request headers are too large")
            : ec == bhttp::error::body_limit
                ? error_from(Code::kBodyTooLarge,
                             "request body is larger than " + std::to_string(max_body) + " bytes",
                             "body")
                : error_from(Code::kInvalidField, "malformed HTTP request: " + ec.message(),
                             "request");
        deps.metrics.observe(deps.metrics.unmatched(), res.status, {});
        co_await write_response(s, res, 11, false, rid, false);
        co_return;
      }
      s.busy.store(true);
      auto& head = parser.get();
      Request req;
      req.method = std::string(head.method_string());
      if (const auto it = head.find("x-request-id");
          it != head.end() && valid_request_id(it->value())) {
        rid = std::string(it->value());
      }
      req.request_id = rid;
      for (const auto& f : head) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req.headers.emplace_back(std::move(name), std::string(f.value()));
      }
      req.remote = s.remote;

      Target target;
      bool target_ok = parse_target(head.target(), target);
      Match match;
      if (target_ok) {
        req.path = std::move(target.path);
        req.query = std::move(target.query);
        // HEAD is GET without the body.
        match = deps.router.match(req.method == "HEAD" ? "GET" : req.method, req.path);
      }
      std::size_t limit = match.route ? match.route->max_body : kJsonBodyLimit;
      parser.body_limit(limit);

      Response res;
      bool keep_alive = head.keep_alive();
      auto declared = parser.content_length();
      bool body_unread = false;
      if (declared && *declared > limit) {
        ec = bhttp::error::body_limit;  // refuse before reading a byte of it
        body_unread = true;
      } else if (!parser.is_done()) {
        if (const auto it = head.find(bhttp::field::expect);
            it != head.end() && beast::iequals(it->value(), "100-continue")) {
          co_await asio::async_write(s.socket, asio::buffer(kContinue, sizeof kContinue - 1),
                                     asio::redirect_error(asio::use_awaitable, ec));
        }
        if (!ec) {
          co_await bhttp::async_read(s.socket, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
        }
      }
      if (ec == bhttp::error::body_limit) {
        res = error_from(Code::kBodyTooLarge,
                         "request body is larger than " + std::to_string(limit) + " bytes",
                         "body");
        keep_alive = false;
      } else if (ec) {
        co_return;  // timeout or the peer went away mid-body
      } else if (!target_ok) {
        res = error_from(Code::kInvalidParameter, "malformed request target", "target");
      } else {
        req.body = std::move(parser.get().body());
        req.params = std::move(match.params);
        req.route = match.route;
        res = co_await dispatch_matched(req, match.route, match.method_mismatch);
      }
      if (draining.load()) keep_alive = false;
      auto took = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - started);
      deps.metrics.observe(match.route ? match.route->metric_index : deps.metrics.unmatched(),
                           res.status, took);
      if (opts.access_log) {
        spdlog::info("[{}] {} {} {} {} {}us", rid, req.remote, req.method,
                     mask_pii(req.path.empty() ? "-" : req.path.substr(0, 256)), res.status,
                     took.count());
      }
      co_await write_response(s, res, head.version(), keep_alive, rid, req.method == "HEAD");
      if (body_unread) {
        co_await linger(s);
        co_return;
      }
      s.busy.store(false);
      // Re-check after clearing busy: shutdown() sets draining, then looks at busy.
      if (!keep_alive || draining.load()) co_return;
    }
  }

  asio::awaitable<Response> dispatch_matched(Request& req, const Route* route,
                                             bool method_mismatch) {
    try {
      if (!route) {
        if ((req.method == "GET" || req.method == "HEAD") && !is_api(req.path)) {
          if (auto file = serve_static(opts.web_root, req.path)) co_return std::move(*file);
        }
        if (method_mismatch) {
          co_return error_from(Code::kMethodNotAllowed,
                               "method " + req.method + " is not allowed on " + req.path);
        }
        co_return error_from(Code::kRouteNotFound, "no such endpoint: " + req.path);
      }
      // Who asks comes first: without a session the answer is 401, whatever
      // else is wrong with the request (API.md).
      if (route->access.kind != Access::Kind::kPublic) {
        std::string token = session_token(req);
        if (token.empty()) throw Error(Code::kUnauthorized, "authentication required");
        auto actor = co_await deps.auth.authenticate(std::move(token));
        if (!actor) throw Error(Code::kUnauthorized, "the session is invalid or has expired");
        if (route->access.kind == Access::Kind::kRoles &&
            !route->access.roles.intersects(actor->roles)) {
          throw Error(Code::kForbidden, "your role may not do this");
        }
        actor->request_id = req.request_id;
        req.actor = std::move(actor);
      }
      check_body(req, *route);
      (void)parse_query(req, route->query);
      if (!idempotency_key(req).empty() && route->replay == Replay::kBeforeHandler) {
        auto replay = co_await store::read(
            deps.db, [&](store::Tx& tx) { return find_replay(tx, req, deps.clock.now()); });
        if (replay) co_return std::move(*replay);
      }
      co_return co_await route->handler(req);
    } catch (const Error& e) {
      co_return error_response(e);
    } catch (const store::UniqueViolation& e) {
      spdlog::info("[{}] duplicate: {}", req.request_id, e.what());
      co_return error_from(Code::kDuplicate, "the resource already exists");
    } catch (const nlohmann::json::exception& e) {
      co_return error_from(Code::kInvalidField, std::string("bad JSON value: ") + e.what(), "body");
    } catch (const std::exception& e) {
      spdlog::error("[{}] {} {} failed: {}", req.request_id, req.method, mask_pii(req.path),
                    e.what());
      co_return error_from(Code::kInternal,
                           "internal error; quote request id " + req.request_id);
    }
  }
};

Server::Server(asio::io_context& io, ServerDeps deps, ServerOptions opts)
    : impl_(std::make_unique<Impl>(io, deps, std::move(opts))) {}

Server::~Server() = default;

std::uint16_t Server::start() {
  auto& a = impl_->acceptor;
  tcp::endpoint ep(asio::ip::make_address(impl_->opts.host), impl_->opts.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  a.bind(ep);
  a.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(impl_->io, impl_->accept_loop(), asio::detached);
  asio::co_spawn(impl_->sweep_strand, impl_->sweep_loop(), asio::detached);
  return a.local_endpoint().port();
}

void Server::shutdown(std::function<void()> on_drained) {
  asio::post(impl_->io, [impl = impl_.get(), on_drained = std::move(on_drained)]() mutable {
    beast::error_code ec;
    impl->draining = true;
    impl->acceptor.close(ec);
    asio::post(impl->sweep_strand, [impl] { impl->sweep_timer.cancel(); });
    std::lock_guard lock(impl->mu);
    if (impl->sessions.empty()) {
      asio::post(impl->io, std::move(on_drained));
      return;
    }
    impl->on_drained = std::move(on_drained);
    // Idle connections wait for a request that will never come: end them.
    // Busy ones close after their response (keep-alive is off while draining).
    for (auto* s : impl->sessions) {
      if (!s->busy.load()) Impl::interrupt(*s);
    }
  });
}

asio::awaitable<Response> Server::dispatch(Request& req) {
  Match m = impl_->deps.router.match(req.method, req.path);
  req.params = m.params;
  req.route = m.route;
  co_return co_await impl_->dispatch_matched(req, m.route, m.method_mismatch);
}

}  // namespace abonado::http

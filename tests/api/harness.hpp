#pragma once
// The API test harness: a fresh database, the real `abonado serve` process on
// an ephemeral loopback port, an HTTP client on libcurl and a raw-socket
// sender for requests no well-behaved client would send.
//
// Single-threaded: tests drive everything from the gtest main thread.

#include <gtest/gtest.h>
#include <sys/types.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace abonado::apitest {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

// What ABONADO_TEST_DB selects: "sqlite" (the default) or "postgresql".
std::string database_kind();

// ---------------------------------------------------------------------------
// HTTP

struct HttpResponse {
  int status = 0;   // 0: no response (connection failed)
  Headers headers;  // in the order received
  std::string body;
  long new_connections = -1;  // CURLINFO_NUM_CONNECTS: 0 when a connection was reused

  // The first header of that name (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // Every header of that name (case-insensitive).
  std::vector<std::string> headers_named(std::string_view name) const;
  // The body parsed as JSON; a test failure and null when it is not JSON.
  Json json() const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string path;                 // sent as is ("/api/v1/agents?limit=1")
  std::string token;                // "Authorization: Bearer TOKEN" when not empty
  std::optional<Json> json;         // body serialised, Content-Type application/json
  std::optional<std::string> body;  // raw body (wins over json)
  std::string content_type;         // overrides the json default when not empty
  Headers headers;
};

// One libcurl easy handle: requests reuse its connection (keep-alive).
// Every response is checked against "never a 500" (see server_errors()).
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResponse send(const HttpRequest& req);
  HttpResponse get(const std::string& path, const std::string& token = {});
  HttpResponse post(const std::string& path, const Json& body, const std::string& token = {},
                    Headers headers = {});
  HttpResponse put(const std::string& path, const Json& body, const std::string& token = {});
  // PATCH with application/merge-patch+json.
  HttpResponse patch(const std::string& path, const Json& body, const std::string& token = {});

 private:
  void* curl_;  // CURL*; kept opaque to keep curl.h out of the tests
  std::uint16_t port_;
};

// Sends `bytes` on a new connection, half-closes it and returns everything
// the server answered until one response was complete (or, with
// `until_close`, until the server closed); "" when it closed without a word.
// A 60 s guard ends a hung exchange.
std::string send_raw(std::uint16_t port, std::string_view bytes, bool until_close = false);

// A raw HTTP/1.1 response split up (status 0 when the text is not one).
struct RawResponse {
  int status = 0;
  Headers headers;
  std::string body;
  const std::string* header(std::string_view name) const;
};
RawResponse parse_raw(const std::string& text);

// Responses with status >= 500 seen so far (by either client), for the
// suite-wide "never a 500" check; each entry says which request got it.
const std::vector<std::string>& server_errors();

// Checks the TMF error body: status, "@type":"Error", code, reason, message,
// "status" as text and, when `field` is given, the field at fault.
::testing::AssertionResult is_error(const HttpResponse& r, int status, std::string_view code,
                                    std::string_view field = {});
::testing::AssertionResult is_error(const RawResponse& r, int status, std::string_view code,
                                    std::string_view field = {});

// ---------------------------------------------------------------------------
// Processes and databases

// A fresh database of the kind database_kind() names: a SQLite file in its own
// temporary directory, or `abonado_api_<random>` created on ABONADO_TEST_PG.
// Removed (dropped) on destruction. Throws when it cannot be made, also when
// PostgreSQL is asked for and ABONADO_TEST_PG is unset.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& kind() const { return kind_; }
  // A directory for logs, removed with the database.
  const std::string& dir() const { return dir_; }

 private:
  std::string kind_;
  std::string dir_;
  std::string url_;
  std::string pg_admin_url_;  // PostgreSQL: where to drop it from
  std::string pg_name_;
};

struct AgentSpec {
  std::string username;
  std::vector<std::string> roles;
  std::string password;
};

// Runs `abonado user add` on `db`; throws with its output when it fails.
void add_agent_with_cli(const TestDatabase& db, const AgentSpec& agent);
// The same for several agents: the first alone (it migrates), the rest at once.
void add_agents_with_cli(const TestDatabase& db, const std::vector<AgentSpec>& agents);

// One `abonado serve --testing` process on 127.0.0.1:<any>, its stderr in a
// log file. Not restartable: make a new one on the same database instead.
class TestServer {
 public:
  // Starts the server and waits (60 s at most) for its "listening on" line.
  // Throws with the log when it does not come up.
  // `options` override the defaults: --sms and --mail as files, --files and
  // --outbox-key, all in the database's directory. `testing` false leaves
  // --testing out (no testing endpoints, no simulated registries).
  TestServer(const TestDatabase& db, const std::string& log_name,
             const std::map<std::string, std::string>& options = {}, bool testing = true);
  // Kills the process if stop() was not called.
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::uint16_t port() const { return port_; }
  // SIGTERM, then waits; returns the wait status (0: clean exit with 0).
  int stop();
  // The server's stderr from byte `from` on (at most the last `max` bytes).
  std::string log(std::size_t from = 0, std::size_t max = 16384) const;
  std::size_t log_size() const;

 private:
  // Ends a server that failed to start and throws, saying why.
  [[noreturn]] void give_up(const std::string& why);

  pid_t pid_ = -1;
  int stdout_fd_ = -1;  // kept open so that a late write cannot SIGPIPE the server
  std::uint16_t port_ = 0;
  std::string log_path_;
};

// ---------------------------------------------------------------------------
// Suites

// The agents every suite's database starts with (added by `abonado user add`).
inline constexpr const char* kAdmin = "admin";
inline constexpr const char* kAdmin2 = "admin2";
inline constexpr const char* kSupervisor = "super";
inline constexpr const char* kOperator = "oper";
// The password of a standard agent.
std::string password_of(std::string_view username);

// One database, one server and a client for a test suite, with the standard
// agents; logs each agent in once and hands the token out again.
class SuiteServer {
 public:
  explicit SuiteServer(const std::string& suite_name);
  ~SuiteServer();

  const TestDatabase& database() const { return *db_; }
  TestServer& server() { return *server_; }
  HttpClient& client() { return *client_; }
  // A session token of a standard agent, logging in on first use.
  const std::string& token(const std::string& username);
  // Forgets cached tokens (after a clock move that expired them).
  void forget_tokens() { tokens_.clear(); }
  // Stops the server (asserting a clean exit) and starts another on the same
  // database; cached tokens stay valid (sessions are in the database).
  void restart();
  // Stops the server; a test failure unless it exits with status 0.
  void stop();

 private:
  std::string name_;
  int generation_ = 0;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> tokens_;
};

// Base fixture: one SuiteServer per gtest suite (each TEST_F fixture class
// is a suite). A test whose suite could not start fails; a failed test
// prints what the server logged while it ran.
// "2026-11-22T10:15:30.123Z" (the server's format) -> epoch milliseconds; a
// test failure (and 0) for anything else.
std::int64_t epoch_ms_of(const std::string& iso);

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;
  void TearDown() override;

  // False when the suite's server could not start (its tests then fail).
  static bool suite_ready() { return suite_ != nullptr; }
  static SuiteServer& suite() { return *suite_; }
  static HttpClient& api() { return suite_->client(); }
  static std::uint16_t port() { return suite_->server().port(); }
  static const std::string& token(const std::string& username) { return suite_->token(username); }
  // The server's clock (GET /api/v1/testing/clock) in epoch milliseconds.
  static std::int64_t server_now_ms();

  // POST /api/v1/auth/login.
  static HttpResponse login(const std::string& username, const std::string& password);
  // A username no other test uses: "<prefix>-<n>".
  static std::string unique_name(std::string_view prefix);
  // POST /api/v1/agents as the admin.
  static HttpResponse create_agent(const std::string& username,
                                   const std::vector<std::string>& roles = {"operator"},
                                   const std::string& password = "correct-horse-1");

 private:
  static SuiteServer* suite_;
  static std::string setup_error_;
  std::size_t log_mark_ = 0;
};

}  // namespace abonado::apitest

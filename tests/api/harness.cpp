#include "harness.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#ifndef ABONADO_BIN
#error "ABONADO_BIN must name the abonado binary (see tests/api/CMakeLists.txt)"
#endif

namespace abonado::apitest {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

// How long anything may take before we call it hung. A guard, not a timing assertion.
constexpr auto kGuard = std::chrono::seconds(60);

std::vector<std::string>& errors_seen() {
  static std::vector<std::string> errors;
  return errors;
}

void note_status(int status, std::string_view what, std::string_view body) {
  if (status < 500) return;
  errors_seen().push_back(std::string(what) + " -> " + std::to_string(status) + " " +
                          std::string(body.substr(0, 300)));
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

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return &v;
  }
  return nullptr;
}

std::string random_hex(std::size_t n) {
  static std::mt19937_64 gen{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kHex[gen() % 16]);
  return out;
}

// Long lines (a 15 KiB URL in the access log) cut to `width` for failure output.
std::string shorten_lines(const std::string& text, std::size_t width = 300) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    std::size_t end = nl == std::string::npos ? text.size() : nl;
    if (end - at > width) {
      out.append(text, at, width);
      out += "... (" + std::to_string(end - at - width) + " more bytes)";
    } else {
      out.append(text, at, end - at);
    }
    out += '\n';
    at = end + 1;
  }
  return out;
}

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

// ---------------------------------------------------------------------------
// curl callbacks

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* headers = static_cast<Headers*>(user);
  std::string_view line(data, size * n);
  // A new status line starts a new response (after a 1xx): forget the last one's headers.
  if (line.starts_with("HTTP/")) {
    headers->clear();
    return size * n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  headers->emplace_back(std::string(trim(line.substr(0, colon))),
                        std::string(trim(line.substr(colon + 1))));
  return size * n;
}

// ---------------------------------------------------------------------------
// Processes

struct ProcessResult {
  int wait_status = 0;
  std::string output;  // stdout and stderr together
};

std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

// A child process whose stdout and stderr go to one pipe.
struct Child {
  pid_t pid = -1;
  int output_fd = -1;
};

// Starts a command with `input` on its stdin (small enough for a pipe buffer).
Child spawn(std::vector<std::string> args, const std::string& input) {
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  }
  auto argv = c_argv(args);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(out[1], 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  (void)!write(in[1], input.data(), input.size());
  close(in[1]);
  return {pid, out[0]};
}

// Reads the child's output to the end and reaps it.
ProcessResult finish(Child child) {
  ProcessResult r;
  char buf[4096];
  for (;;) {
    ssize_t n = read(child.output_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    r.output.append(buf, static_cast<std::size_t>(n));
  }
  close(child.output_fd);
  while (waitpid(child.pid, &r.wait_status, 0) < 0 && errno == EINTR) {
  }
  return r;
}

// Waits for `pid` to end, at most kGuard; returns its wait status, nullopt on timeout.
std::optional<int> wait_with_guard(pid_t pid) {
  int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd >= 0) {
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(std::chrono::milliseconds(kGuard).count()));
    close(fd);
    if (ready == 0) return std::nullopt;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid: " + std::string(std::strerror(errno)));
  }
  return status;
}

// ---------------------------------------------------------------------------
// PostgreSQL administration

void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to " + url + ": " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

// postgresql://user@host:port/postgres?x=y -> the same URL naming database `name`.
std::string with_database(const std::string& url, const std::string& name) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) throw std::runtime_error("not a URL: " + url);
  auto slash = url.find('/', scheme + 3);
  auto query = url.find('?', scheme + 3);
  if (slash == std::string::npos || (query != std::string::npos && slash > query)) {
    std::string head = url.substr(0, query);
    std::string tail = query == std::string::npos ? "" : url.substr(query);
    return head + "/" + name + tail;
  }
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, slash + 1) + name + tail;
}

}  // namespace

std::string database_kind() {
  const char* v = std::getenv("ABONADO_TEST_DB");
  std::string kind = v && *v ? v : "sqlite";
  if (kind != "sqlite" && kind != "postgresql") {
    throw std::runtime_error("ABONADO_TEST_DB must be sqlite or postgresql, not '" + kind + "'");
  }
  return kind;
}

// ---------------------------------------------------------------------------
// HttpResponse

const std::string* HttpResponse::header(std::string_view name) const {
  return find_header(headers, name);
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) out.push_back(v);
  }
  return out;
}

Json HttpResponse::json() const {
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    ADD_FAILURE() << "response body is not JSON (status " << status << "): " << body.substr(0, 500);
    return nullptr;
  }
  return j;
}

const std::string* RawResponse::header(std::string_view name) const {
  return find_header(headers, name);
}

// ---------------------------------------------------------------------------
// HttpClient

HttpClient::HttpClient(std::uint16_t port) : curl_(curl_easy_init()), port_(port) {
  if (!curl_) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResponse HttpClient::send(const HttpRequest& req) {
  CURL* c = static_cast<CURL*>(curl_);
  // Reset forgets the options but keeps the open connection.
  curl_easy_reset(c);
  HttpResponse res;
  std::string url = "http://127.0.0.1:" + std::to_string(port_) + req.path;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(kGuard.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &res.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &res.headers);

  std::optional<std::string> body = req.body;
  if (!body && req.json) body = req.json->dump();
  std::string content_type = req.content_type;
  if (content_type.empty() && req.json && !req.body) content_type = "application/json";

  curl_slist* list = nullptr;
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  // Without one, curl would claim a form body: send none instead.
  std::string ct_line = "Content-Type:" + (content_type.empty() ? "" : " " + content_type);
  list = curl_slist_append(list, ct_line.c_str());
  if (!req.token.empty()) {
    list = curl_slist_append(list, ("Authorization: Bearer " + req.token).c_str());
  }
  for (const auto& [k, v] : req.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);

  if (req.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (req.method == "GET" && !body) {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (body) {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    } else if (req.method == "POST") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(0));
    }
  }

  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    ADD_FAILURE() << req.method << " " << req.path << ": " << curl_easy_strerror(rc);
    return res;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  res.status = static_cast<int>(status);
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &res.new_connections);
  note_status(res.status, req.method + " " + req.path, res.body);
  return res;
}

HttpResponse HttpClient::get(const std::string& path, const std::string& token) {
  return send({.method = "GET", .path = path, .token = token});
}

HttpResponse HttpClient::post(const std::string& path, const Json& body, const std::string& token,
                              Headers headers) {
  return send({.method = "POST",
               .path = path,
               .token = token,
               .json = body,
               .headers = std::move(headers)});
}

HttpResponse HttpClient::put(const std::string& path, const Json& body, const std::string& token) {
  return send({.method = "PUT", .path = path, .token = token, .json = body});
}

HttpResponse HttpClient::patch(const std::string& path, const Json& body,
                               const std::string& token) {
  return send({.method = "PATCH",
               .path = path,
               .token = token,
               .json = body,
               .content_type = "application/merge-patch+json"});
}

// ---------------------------------------------------------------------------
// Raw sockets

namespace {

// True when `text` holds one complete response (headers and Content-Length bytes).
bool response_complete(const std::string& text) {
  auto end = text.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  RawResponse head = parse_raw(text.substr(0, end + 4));
  const std::string* len = head.header("content-length");
  if (!len) return false;  // read to the close
  return text.size() >= end + 4 + std::strtoull(len->c_str(), nullptr, 10);
}

}  // namespace

std::string send_raw(std::uint16_t port, std::string_view bytes, bool until_close) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string err = std::strerror(errno);
    close(fd);
    ADD_FAILURE() << "connect to 127.0.0.1:" << port << ": " << err;
    return {};
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);

  // Send and read at once: the server may answer (and close) before it has
  // read everything, e.g. a 413 on a huge body.
  std::string in;
  std::size_t sent = 0;
  bool sending = true;
  auto deadline = SteadyClock::now() + kGuard;
  while (SteadyClock::now() < deadline) {
    if (sending && sent == bytes.size()) {
      shutdown(fd, SHUT_WR);  // the server sees the end of our requests
      sending = false;
    }
    pollfd p{fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
    if (poll(&p, 1, 1000) < 0 && errno != EINTR) break;
    if (p.revents & POLLOUT) {
      ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) sent += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN && errno != EINTR) sending = false;  // the server hung up
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      char buf[16384];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n > 0) {
        in.append(buf, static_cast<std::size_t>(n));
        if (!until_close && response_complete(in)) break;
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        break;  // closed (or reset) by the server
      }
    }
  }
  close(fd);
  RawResponse r = parse_raw(in);
  note_status(r.status, "raw " + std::string(bytes.substr(0, bytes.find('\r'))), r.body);
  return in;
}

RawResponse parse_raw(const std::string& text) {
  RawResponse r;
  auto end = text.find("\r\n\r\n");
  std::string_view head(text.data(), end == std::string::npos ? text.size() : end);
  if (!head.starts_with("HTTP/1.")) return r;
  auto line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  auto sp = status_line.find(' ');
  if (sp == std::string_view::npos) return r;
  r.status = std::atoi(std::string(status_line.substr(sp + 1, 3)).c_str());
  while (line_end != std::string_view::npos) {
    std::string_view rest = head.substr(line_end + 2);
    auto next = rest.find("\r\n");
    std::string_view line = rest.substr(0, next);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      r.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                             std::string(trim(line.substr(colon + 1))));
    }
    line_end = next == std::string_view::npos ? next : line_end + 2 + next;
  }
  if (end != std::string::npos) r.body = text.substr(end + 4);
  return r;
}

const std::vector<std::string>& server_errors() { return errors_seen(); }

namespace {

::testing::AssertionResult check_error(int got_status, const std::string& body, int status,
                                       std::string_view code, std::string_view field) {
  auto fail = [&](std::string_view why) {
    return ::testing::AssertionFailure() << why << "; expected " << status << " " << code
                                         << ", got " << got_status << " " << body.substr(0, 500);
  };
  if (got_status != status) return fail("wrong status");
  Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("body is not a JSON object");
  if (j.value("@type", "") != "Error") return fail("@type is not Error");
  if (j.value("code", "") != code) return fail("wrong code");
  for (const char* key : {"reason", "message"}) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
      return fail(std::string("no ") + key);
    }
  }
  if (j.value("status", "") != std::to_string(status)) return fail("\"status\" is wrong");
  if (!field.empty() && j.value("field", "") != field) return fail("wrong field");
  return ::testing::AssertionSuccess();
}

}  // namespace

::testing::AssertionResult is_error(const HttpResponse& r, int status, std::string_view code,
                                    std::string_view field) {
  return check_error(r.status, r.body, status, code, field);
}

::testing::AssertionResult is_error(const RawResponse& r, int status, std::string_view code,
                                    std::string_view field) {
  return check_error(r.status, r.body, status, code, field);
}

// ---------------------------------------------------------------------------
// TestDatabase

TestDatabase::TestDatabase() : kind_(database_kind()) {
  std::string tmpl = (fs::temp_directory_path() / "abonado-api-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp: " + std::string(strerror(errno)));
  dir_ = tmpl;
  if (kind_ == "sqlite") {
    url_ = "sqlite://" + dir_ + "/abonado.db";
    return;
  }
  const char* admin = std::getenv("ABONADO_TEST_PG");
  if (!admin || !*admin) {
    fs::remove_all(dir_);
    throw std::runtime_error(
        "ABONADO_TEST_DB=postgresql needs ABONADO_TEST_PG (postgresql://user@host:port/db of a "
        "server where it may CREATE DATABASE): source scripts/lib/postgres.sh and run pg_start");
  }
  pg_admin_url_ = admin;
  pg_name_ = "abonado_api_" + random_hex(12);
  try {
    pg_exec(pg_admin_url_, "CREATE DATABASE " + pg_name_);
  } catch (...) {
    fs::remove_all(dir_);
    throw;
  }
  url_ = with_database(pg_admin_url_, pg_name_);
}

TestDatabase::~TestDatabase() {
  if (!pg_name_.empty()) {
    try {
      // FORCE: a server killed mid-test may leave connections behind.
      pg_exec(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop the test database: " << e.what();
    }
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

namespace {

Child start_user_add(const TestDatabase& db, const AgentSpec& agent) {
  std::vector<std::string> args = {ABONADO_BIN, "user",       "add",         "--db",
                                   db.url(),    "--username", agent.username};
  for (const auto& r : agent.roles) {
    args.push_back("--role");
    args.push_back(r);
  }
  return spawn(std::move(args), agent.password + "\n");
}

void check_user_add(const AgentSpec& agent, const ProcessResult& r) {
  if (r.wait_status != 0) {
    throw std::runtime_error("abonado user add " + agent.username + " " +
                             describe_wait_status(r.wait_status) + ": " + r.output);
  }
}

}  // namespace

void add_agent_with_cli(const TestDatabase& db, const AgentSpec& agent) {
  check_user_add(agent, finish(start_user_add(db, agent)));
}

void add_agents_with_cli(const TestDatabase& db, const std::vector<AgentSpec>& agents) {
  if (agents.empty()) return;
  // The first migrates the fresh database; the others may then run side by side.
  add_agent_with_cli(db, agents.front());
  std::vector<Child> children;
  for (std::size_t i = 1; i < agents.size(); ++i) children.push_back(start_user_add(db, agents[i]));
  std::vector<ProcessResult> results;
  for (auto& c : children) results.push_back(finish(c));
  for (std::size_t i = 1; i < agents.size(); ++i) check_user_add(agents[i], results[i - 1]);
}

// ---------------------------------------------------------------------------
// Times

std::int64_t epoch_ms_of(const std::string& iso) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) != 7) {
    ADD_FAILURE() << "not a server time: " << iso;
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

std::int64_t ApiTest::server_now_ms() {
  auto r = api().get("/api/v1/testing/clock");
  EXPECT_EQ(r.status, 200) << r.body;
  return epoch_ms_of(r.json().value("now", ""));
}

// ---------------------------------------------------------------------------
// TestServer

TestServer::TestServer(const TestDatabase& db, const std::string& log_name,
                       const std::map<std::string, std::string>& options, bool testing)
    : log_path_(db.dir() + "/" + log_name + ".log") {
  int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out[2];
  if (log_fd < 0 || null_fd < 0 || pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error("cannot set up the server's files: " + std::string(strerror(errno)));
  }
  std::map<std::string, std::string> flags = {
      {"--listen", "127.0.0.1:0"},
      {"--db", db.url()},
      {"--operator", "pe-flash"},
      {"--web", "/nonexistent"},
      {"--files", db.dir() + "/attachments"},
      {"--outbox-key", db.dir() + "/outbox.key"},
      {"--sms", "file://" + db.dir() + "/sms.jsonl"},
      {"--mail", "file://" + db.dir() + "/mail.jsonl"}};
  for (const auto& [k, v] : options) flags[k] = v;
  std::vector<std::string> args = {ABONADO_BIN, "serve"};
  if (testing) args.push_back("--testing");
  for (const auto& [k, v] : flags) {
    args.push_back(k);
    args.push_back(v);
  }
  auto argv = c_argv(args);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(null_fd, 0);
    dup2(out[1], 1);
    dup2(log_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(log_fd);
  close(null_fd);
  stdout_fd_ = out[0];
  if (pid_ < 0) throw std::runtime_error("fork: " + std::string(strerror(errno)));

  // Read stdout up to the "listening on HOST:PORT" line.
  std::string text;
  auto deadline = SteadyClock::now() + kGuard;
  auto has_line = [&] {
    auto at = text.find("listening on ");
    return at != std::string::npos && text.find('\n', at) != std::string::npos;
  };
  while (!has_line()) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    pollfd p{stdout_fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      kill(pid_, SIGKILL);
      give_up("did not say 'listening on' within 60 s");
    }
    char buf[512];
    ssize_t n = read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) give_up("closed its stdout before listening");
    text.append(buf, static_cast<std::size_t>(n));
  }
  auto at = text.find("listening on ");
  auto line = text.substr(at, text.find('\n', at) - at);
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
}

void TestServer::give_up(const std::string& why) {
  // The destructor will not run: reap the child and close its pipe here.
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  close(stdout_fd_);
  stdout_fd_ = -1;
  throw std::runtime_error("the server " + why + " (" + describe_wait_status(status) + "); log:\n" +
                           shorten_lines(log()));
}

TestServer::~TestServer() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

int TestServer::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto status = wait_with_guard(pid_);
  if (!status) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    ADD_FAILURE() << "the server did not stop within 60 s of SIGTERM; log:\n" << log();
    return -1;
  }
  pid_ = -1;
  return *status;
}

std::size_t TestServer::log_size() const {
  std::error_code ec;
  auto n = fs::file_size(log_path_, ec);
  return ec ? 0 : static_cast<std::size_t>(n);
}

std::string TestServer::log(std::size_t from, std::size_t max) const {
  std::ifstream in(log_path_, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (from > text.size()) from = 0;  // another file than the mark was taken on
  if (text.size() - from > max) from = text.size() - max;
  return text.substr(from);
}

// ---------------------------------------------------------------------------
// SuiteServer

std::string password_of(std::string_view username) { return std::string(username) + "-Secret-42"; }

SuiteServer::SuiteServer(const std::string& suite_name) : name_(suite_name) {
  db_ = std::make_unique<TestDatabase>();
  std::vector<AgentSpec> agents;
  for (const auto& [name, role] :
       {std::pair{kAdmin, "admin"}, std::pair{kAdmin2, "admin"},
        std::pair{kSupervisor, "supervisor"}, std::pair{kOperator, "operator"}}) {
    agents.push_back({name, {role}, password_of(name)});
  }
  add_agents_with_cli(*db_, agents);
  server_ = std::make_unique<TestServer>(*db_, name_ + "-0");
  client_ = std::make_unique<HttpClient>(server_->port());
}

SuiteServer::~SuiteServer() {
  if (server_) stop();
  client_.reset();
}

const std::string& SuiteServer::token(const std::string& username) {
  auto it = tokens_.find(username);
  if (it != tokens_.end()) return it->second;
  auto r = client_->post("/api/v1/auth/login",
                         {{"username", username}, {"password", password_of(username)}});
  if (r.status != 200) {
    ADD_FAILURE() << "login of " << username << ": " << r.status << " " << r.body;
    static const std::string kNone;
    return kNone;
  }
  return tokens_[username] = r.json().value("token", "");
}

void SuiteServer::stop() {
  // The client's idle keep-alive connection stays open: shutdown must end it.
  int status = server_->stop();
  client_.reset();
  EXPECT_EQ(status, 0) << "the server " << describe_wait_status(status) << " after SIGTERM; log:\n"
                       << shorten_lines(server_->log());
}

void SuiteServer::restart() {
  stop();
  server_ = std::make_unique<TestServer>(*db_, name_ + "-" + std::to_string(++generation_));
  client_ = std::make_unique<HttpClient>(server_->port());
}

// ---------------------------------------------------------------------------
// ApiTest

SuiteServer* ApiTest::suite_ = nullptr;
std::string ApiTest::setup_error_;

namespace {
std::size_t errors_before_suite = 0;
}  // namespace

void ApiTest::SetUpTestSuite() {
  setup_error_.clear();
  errors_before_suite = server_errors().size();
  try {
    suite_ = new SuiteServer(::testing::UnitTest::GetInstance()->current_test_suite()->name());
  } catch (const std::exception& e) {
    setup_error_ = e.what();
  }
}

void ApiTest::TearDownTestSuite() {
  delete suite_;
  suite_ = nullptr;
  // "Never a 500": checked over every response the suite received.
  const auto& errors = server_errors();
  for (std::size_t i = errors_before_suite; i < errors.size(); ++i) {
    ADD_FAILURE() << "a 5xx response: " << errors[i];
  }
}

void ApiTest::SetUp() {
  if (!suite_) GTEST_FAIL() << "the suite's server did not start: " << setup_error_;
  log_mark_ = suite_->server().log_size();
}

void ApiTest::TearDown() {
  if (HasFailure() && suite_) {
    std::cout << "---- server log during this test ----\n"
              << shorten_lines(suite_->server().log(log_mark_)) << "---- end of server log ----\n";
  }
}

HttpResponse ApiTest::login(const std::string& username, const std::string& password) {
  return api().post("/api/v1/auth/login", {{"username", username}, {"password", password}});
}

std::string ApiTest::unique_name(std::string_view prefix) {
  static int next = 0;
  return std::string(prefix) + "-" + std::to_string(++next);
}

HttpResponse ApiTest::create_agent(const std::string& username,
                                   const std::vector<std::string>& roles,
                                   const std::string& password) {
  return api().post("/api/v1/agents",
                    {{"username", username}, {"roles", roles}, {"password", password}},
                    token(kAdmin));
}

}  // namespace abonado::apitest

// PostgreSQL backend: a pool of connections, each owned by one worker thread.
// Every write job is its own transaction; read jobs run in BEGIN READ ONLY.
// Statements are prepared once per connection; parameters and results travel
// as text (the Row getters parse it).

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "store/backends.hpp"

namespace abonado::store {
namespace {

constexpr const char* kUniqueViolation = "23505";
constexpr const char* kConnectTimeout = "connect_timeout=10";  // seconds, unless the URL says
// Runs on every new or reset session: our times are UTC epoch values;
// NOTICEs (e.g. from IF NOT EXISTS) would only clutter stderr; and each
// statement sees what was committed before it, whatever the server's default,
// which the "take an advisory lock, then count" jobs rely on (login failures,
// porting PIN checks: a snapshot taken before the lock would miss the rows
// of whoever held it).
constexpr const char* kSessionSetup =
    "SET client_min_messages = warning; SET TimeZone = 'UTC'; "
    "SET default_transaction_isolation = 'read committed'";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Replaces every occurrence of each secret in `text` with "***".
std::string masked(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

// The passwords a connection URI carries, raw and decoded, so that no error
// message repeats one. Raw forms are found even when libpq cannot parse it.
std::vector<std::string> secrets_of(const std::string& uri) {
  std::vector<std::string> out;
  auto scheme = uri.find("://");
  if (scheme != std::string::npos) {
    auto start = scheme + 3;
    auto end = std::min(uri.find_first_of("/?", start), uri.size());
    auto at = uri.find('@', start);
    if (at != std::string::npos && at < end) {
      auto colon = uri.find(':', start);
      if (colon < at) out.push_back(uri.substr(colon + 1, at - colon - 1));
    }
  }
  for (auto pos = uri.find("password="); pos != std::string::npos;
       pos = uri.find("password=", pos + 1)) {
    auto start = pos + std::strlen("password=");
    out.push_back(uri.substr(start, uri.find_first_of("& ", start) - start));
  }
  if (PQconninfoOption* opts = PQconninfoParse(uri.c_str(), nullptr)) {
    for (auto* o = opts; o->keyword; ++o) {
      if (std::strcmp(o->keyword, "password") == 0 && o->val) out.emplace_back(o->val);
    }
    PQconninfoFree(opts);
  }
  return out;
}

// A statement prepared on one connection.
struct Prepared {
  std::string name;
  const char* text = nullptr;  // what was prepared, to catch a reused Sql address
  std::size_t params = 0;
};

// One connection and its statement cache. Used by one thread at a time.
class Connection {
 public:
  Connection(const std::string& uri, std::vector<std::string> secrets)
      : conn_(PQconnectdb(uri.c_str())), secrets_(std::move(secrets)) {
    if (!conn_) throw StoreError("cannot connect to PostgreSQL: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = libpq_message();
      PQfinish(conn_);
      throw StoreError("cannot connect to PostgreSQL: " + msg);
    }
    setup_session();
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts a transaction. A connection lost since the last job (server
  // restart, idle timeout) is reset first, and once more if BEGIN finds it
  // dead: nothing of the job has run yet, so this retry is safe.
  void begin(bool writable) {
    const char* sql = writable ? "BEGIN" : "BEGIN READ ONLY";
    ensure_open();
    Result r(PQexec(conn_, sql));
    if (PQresultStatus(r.get()) == PGRES_COMMAND_OK) return;
    if (PQstatus(conn_) != CONNECTION_BAD) fail("BEGIN", r.get());
    ensure_open();
    r.reset(PQexec(conn_, sql));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail("BEGIN", r.get());
  }

  void commit() {
    // A job that ran COMMIT or ROLLBACK itself left no transaction to commit:
    // a COMMIT now would only warn, and what it did is not what it reports.
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) {
      throw StoreError("a write job ended its transaction");
    }
    Result r(PQexec(conn_, "COMMIT"));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      if (PQstatus(conn_) == CONNECTION_BAD) {
        throw StoreError("PostgreSQL connection lost during COMMIT: the outcome is unknown: " +
                         libpq_message());
      }
      fail("COMMIT", r.get());
    }
    // COMMIT of a transaction spoilt by a failed statement succeeds as ROLLBACK.
    if (std::strcmp(PQcmdStatus(r.get()), "COMMIT") != 0) {
      throw StoreError(
          "PostgreSQL rolled the transaction back: a statement failed and the job went on "
          "(let store errors escape the job)");
    }
  }

  // Ends whatever transaction is open; never throws (runs on error paths).
  void rollback() noexcept {
    if (PQstatus(conn_) != CONNECTION_OK) return;
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    Result r(PQexec(conn_, "ROLLBACK"));
  }

  Rows run(const Sql& sql, const Params& params, std::int64_t* changes) {
    const Prepared& p = prepare(sql);
    if (params.size() != p.params) {
      throw std::logic_error(std::string(sql.name) + ": expects " + std::to_string(p.params) +
                             " parameters, got " + std::to_string(params.size()));
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (to_text(sql, i, params[i].v, texts[i])) values[i] = texts[i].c_str();
    }
    Result r(PQexecPrepared(conn_, p.name.c_str(), static_cast<int>(values.size()), values.data(),
                            nullptr, nullptr, 0));
    auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(sql.name, r.get());
    if (changes) *changes = affected(r.get());
    return read_rows(r.get());
  }

  void script(std::string_view sql) {
    std::string text(sql);
    Result r(PQexec(conn_, text.c_str()));
    auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail("script", r.get());
  }

 private:
  void ensure_open() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    cache_.clear();  // the server forgot them with the old session
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw StoreError("PostgreSQL connection lost and not re-established: " + libpq_message());
    }
    setup_session();
  }

  // libpq's last connection-level message, without any password.
  std::string libpq_message() const { return masked(trimmed(PQerrorMessage(conn_)), secrets_); }

  void setup_session() {
    Result r(PQexec(conn_, kSessionSetup));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail("session setup", r.get());
  }

  const Prepared& prepare(const Sql& sql) {
    const char* text = sql.pg ? sql.pg : sql.text;
    auto it = cache_.find(&sql);
    if (it != cache_.end() && it->second.text == text) return it->second;
    Prepared p{"abonado_" + std::to_string(++statements_), text, 0};
    Result r(PQprepare(conn_, p.name.c_str(), text, 0, nullptr));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) fail(sql.name, r.get());
    // The server counts the $n; we check calls against it before sending.
    Result d(PQdescribePrepared(conn_, p.name.c_str()));
    if (PQresultStatus(d.get()) != PGRES_COMMAND_OK) fail(sql.name, d.get());
    p.params = static_cast<std::size_t>(PQnparams(d.get()));
    return cache_.insert_or_assign(&sql, std::move(p)).first->second;
  }

  // Writes `v` as PostgreSQL text into `out`; false for SQL NULL.
  static bool to_text(const Sql& sql, std::size_t i, const Value& v, std::string& out) {
    if (std::holds_alternative<std::nullptr_t>(v)) return false;
    if (auto* n = std::get_if<std::int64_t>(&v)) {
      out = std::to_string(*n);
    } else if (auto* d = std::get_if<double>(&v)) {
      // Shortest text that parses back to the same double; locale-independent.
      char buf[32];
      auto res = std::to_chars(buf, buf + sizeof buf, *d);
      out.assign(buf, res.ptr);
    } else {
      out = std::get<std::string>(v);
      // Text parameters end at the first NUL: refuse rather than truncate.
      if (out.find('\0') != std::string::npos) {
        throw StoreError(std::string(sql.name) + ": parameter $" + std::to_string(i + 1) +
                         " contains a NUL byte");
      }
    }
    return true;
  }

  static std::int64_t affected(const PGresult* r) {
    const char* text = PQcmdTuples(const_cast<PGresult*>(r));
    std::int64_t n = 0;
    std::from_chars(text, text + std::strlen(text), n);  // "" (no count) stays 0
    return n;
  }

  static Rows read_rows(const PGresult* r) {
    int rows = PQntuples(r);
    int cols = PQnfields(r);
    Rows out;
    out.reserve(rows);
    for (int i = 0; i < rows; ++i) {
      std::vector<Value> cells;
      cells.reserve(cols);
      for (int j = 0; j < cols; ++j) {
        if (PQgetisnull(r, i, j)) {
          cells.emplace_back(nullptr);
        } else {
          cells.emplace_back(std::string(PQgetvalue(r, i, j), PQgetlength(r, i, j)));
        }
      }
      out.emplace_back(std::move(cells));
    }
    return out;
  }

  [[noreturn]] void fail(const char* what, const PGresult* r) {
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    // The primary message only: DETAIL repeats row values (customer data).
    const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string msg = std::string(what) + ": " + (primary ? std::string(primary) : libpq_message());
    if (state && std::strcmp(state, kUniqueViolation) == 0) throw UniqueViolation(msg);
    if (state) msg += std::string(" (SQLSTATE ") + state + ")";
    throw StoreError("PostgreSQL " + msg);
  }

  PGconn* conn_;
  std::vector<std::string> secrets_;  // passwords to mask in messages
  std::unordered_map<const Sql*, Prepared> cache_;
  std::int64_t statements_ = 0;  // names prepared statements on this session
};

class PostgresTx final : public Tx {
 public:
  PostgresTx(Connection& conn, bool writable) : conn_(conn), writable_(writable) {}
  Rows query(const Sql& stmt, const Params& params) override {
    return conn_.run(stmt, params, nullptr);
  }
  std::int64_t exec(const Sql& stmt, const Params& params) override {
    std::int64_t changes = 0;
    conn_.run(stmt, params, &changes);
    return changes;
  }
  void exec_script(std::string_view sql) override { conn_.script(sql); }
  Dialect dialect() const override { return Dialect::kPostgres; }
  bool writable() const override { return writable_; }

 private:
  Connection& conn_;
  bool writable_;
};

struct Pending {
  Job job;
  Done done;
};

// One job in its own transaction. Returns the job's (or the database's) error.
std::exception_ptr run_job(Connection& conn, const Job& job, bool writable) {
  try {
    conn.begin(writable);
    PostgresTx tx(conn, writable);
    job(tx);
    conn.commit();
    return nullptr;
  } catch (...) {
    conn.rollback();
    return std::current_exception();
  }
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& uri, const OpenOptions& opts)
      : pool_size_(std::max(2, opts.readers)) {
    auto secrets = secrets_of(uri);
    for (int i = 0; i < pool_size_; ++i) {
      conns_.push_back(std::make_unique<Connection>(uri, secrets));
    }
    try {
      for (auto& conn : conns_) workers_.emplace_back([this, c = conn.get()] { work(*c); });
    } catch (...) {
      close();
      throw;
    }
  }
  ~PostgresDatabase() override { close(); }

  void submit_write(Job job, Done done) override { submit(true, std::move(job), std::move(done)); }
  void submit_read(Job job, Done done) override { submit(false, std::move(job), std::move(done)); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  PoolStats stats() const override {
    PoolStats s;
    s.writes = writes_done_;
    s.write_batches = writes_done_;  // one transaction per write
    s.batch_le[0] = writes_done_;
    s.reads = reads_done_;
    s.queued_writes = queued_writes_;
    s.queued_reads = queued_reads_;
    s.busy_readers = busy_;
    s.readers = pool_size_;
    return s;
  }

  void close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    conns_.clear();
  }

 private:
  static std::exception_ptr closed_error() {
    return std::make_exception_ptr(Error(Code::kUnavailable, "the database is closed"));
  }

  void submit(bool write, Job job, Done done) {
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        (write ? writes_ : reads_).push_back(Pending{std::move(job), std::move(done)});
        ++(write ? queued_writes_ : queued_reads_);
        cv_.notify_one();
        return;
      }
    }
    done(closed_error());
  }

  // Takes writes first, but a worker that just ran a write takes a waiting
  // read next: writes never queue behind a long read queue, and reads still
  // get at least half the pool under a write flood.
  void work(Connection& conn) {
    bool last_was_write = false;
    for (;;) {
      Pending p;
      bool write;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return !writes_.empty() || !reads_.empty() || closed_; });
        if (writes_.empty() && reads_.empty()) return;  // closed and drained
        write = !writes_.empty() && (reads_.empty() || !last_was_write);
        auto& queue = write ? writes_ : reads_;
        p = std::move(queue.front());
        queue.pop_front();
        --(write ? queued_writes_ : queued_reads_);
      }
      last_was_write = write;
      ++busy_;
      auto error = run_job(conn, p.job, write);
      --busy_;
      ++(write ? writes_done_ : reads_done_);
      p.done(error);
    }
  }

  const int pool_size_;
  std::vector<std::unique_ptr<Connection>> conns_;
  std::vector<std::thread> workers_;

  std::mutex mu_;  // guards the queues and closed_
  std::condition_variable cv_;
  std::deque<Pending> writes_;
  std::deque<Pending> reads_;
  bool closed_ = false;

  std::atomic<std::int64_t> writes_done_{0}, reads_done_{0};
  std::atomic<std::int64_t> queued_writes_{0}, queued_reads_{0}, busy_{0};
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& conninfo, const OpenOptions& opts) {
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &err);
  if (!parsed) {
    std::string msg = err ? trimmed(err) : "out of memory";
    PQfreemem(err);
    throw Error(Code::kInvalidParameter, "bad PostgreSQL URL: " + masked(msg, secrets_of(conninfo)),
                "db");
  }
  bool has_timeout = std::getenv("PGCONNECT_TIMEOUT") != nullptr;
  for (auto* o = parsed; o->keyword; ++o) {
    if (std::strcmp(o->keyword, "connect_timeout") == 0 && o->val) has_timeout = true;
  }
  PQconninfoFree(parsed);
  // libpq waits for the OS (minutes) on a host that does not answer; a worker
  // resetting a lost connection would hang that long.
  std::string uri = conninfo;
  if (!has_timeout)
    uri += std::string(uri.find('?') == std::string::npos ? "?" : "&") + kConnectTimeout;
  return std::make_unique<PostgresDatabase>(uri, opts);
}

}  // namespace abonado::store

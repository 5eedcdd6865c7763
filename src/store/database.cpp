#include <algorithm>
#include <charconv>
#include <chrono>
#include <future>

#include "core/error.hpp"
#include "store/backends.hpp"
#include "store/migrations.hpp"

namespace abonado::store {

const Value& Row::at(std::size_t i) const {
  if (i >= cells_.size()) throw std::logic_error("row has no column " + std::to_string(i));
  return cells_[i];
}

bool Row::is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(at(i)); }

std::int64_t Row::i64(std::size_t i) const {
  const Value& v = at(i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* s = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && ptr == s->data() + s->size()) return out;
  }
  throw std::logic_error("column " + std::to_string(i) + " is not an integer");
}

double Row::f64(std::size_t i) const {
  const Value& v = at(i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* s = std::get_if<std::string>(&v)) {
    double out = 0;
    auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), out);
    if (ec == std::errc() && ptr == s->data() + s->size()) return out;
  }
  throw std::logic_error("column " + std::to_string(i) + " is not a number");
}

std::string Row::str(std::size_t i) const {
  const Value& v = at(i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, *d);  // shortest round-trip form
    return std::string(buf, ptr);
  }
  throw std::logic_error("column " + std::to_string(i) + " is null");
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

std::optional<std::string> Row::opt_str(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

namespace {

void run_sync(Database& db, const Job& job, bool write) {
  std::promise<void> done;
  auto fut = done.get_future();
  auto finish = [&done](std::exception_ptr e) {
    if (e) {
      done.set_exception(e);
    } else {
      done.set_value();
    }
  };
  if (write) {
    db.submit_write(job, finish);
  } else {
    db.submit_read(job, finish);
  }
  fut.get();
}

}  // namespace

void Database::write_sync(const Job& job) { run_sync(*this, job, true); }
void Database::read_sync(const Job& job) { run_sync(*this, job, false); }

std::unique_ptr<Database> open_database(std::string_view url, const OpenOptions& opts) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.starts_with(kSqlite)) {
    std::string path(url.substr(kSqlite.size()));
    if (path.empty() || path.find('?') != std::string::npos || path.ends_with('/')) {
      throw Error(Code::kInvalidParameter,
                  "bad SQLite URL '" + std::string(url) +
                      "': expected sqlite:///absolute/path.db or sqlite://./relative/path.db",
                  "db");
    }
    return open_sqlite(path, opts);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return open_postgres(std::string(url), opts);
  }
  throw Error(Code::kInvalidParameter,
              "unsupported database URL '" + std::string(url) +
                  "': use sqlite:///path.db or postgresql://user:pass@host:port/db",
              "db");
}

namespace {

constexpr Sql kCreateMigrationsTable{
    "migrations.create_table",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"};
constexpr Sql kLockMigrations{"migrations.lock", "SELECT 1",
                              "SELECT pg_advisory_xact_lock(727274)"};
constexpr Sql kAppliedVersions{"migrations.applied", "SELECT version FROM schema_migrations"};
constexpr Sql kRecordMigration{
    "migrations.record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

}  // namespace

int migrate(Database& db) {
  int ran = 0;
  db.write_sync([&](Tx& tx) {
    // Serialises concurrent starts of several nodes on PostgreSQL.
    tx.query(kLockMigrations);
    tx.exec(kCreateMigrationsTable);
    std::vector<std::int64_t> applied;
    for (const auto& row : tx.query(kAppliedVersions)) applied.push_back(row.i64(0));
    for (const auto& m : embedded_migrations()) {
      if (std::find(applied.begin(), applied.end(), m.version) != applied.end()) continue;
      const char* sql = (tx.dialect() == Dialect::kPostgres && m.pg) ? m.pg : m.sql;
      tx.exec_script(sql);
      auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
      tx.exec(kRecordMigration, {m.version, m.name, static_cast<std::int64_t>(now)});
      ++ran;
    }
  });
  return ran;
}

}  // namespace abonado::store

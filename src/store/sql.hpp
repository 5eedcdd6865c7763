#pragma once
// Named SQL statements, parameters and result rows: the vocabulary every repo
// uses. Statements are written once with PostgreSQL-style placeholders
// ($1, $2, ...); SQLite binds them by name. A statement whose text must differ
// per dialect gives `pg` as well. Each statement object must outlive the
// Database (declare them as namespace-scope constants in repo.cpp): backends
// cache prepared statements by its address.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace abonado::store {

struct Sql {
  const char* name;                // shows in logs and metrics
  const char* text;                // portable SQL
  const char* pg = nullptr;        // PostgreSQL text when it differs
};

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// A bound parameter. Build from integers, strings, doubles, optionals or nullptr.
struct Param {
  Value v;
  Param(std::nullptr_t) : v(nullptr) {}
  Param(std::int64_t i) : v(i) {}
  Param(int i) : v(static_cast<std::int64_t>(i)) {}
  Param(bool b) : v(static_cast<std::int64_t>(b ? 1 : 0)) {}
  Param(double d) : v(d) {}
  Param(std::string s) : v(std::move(s)) {}
  Param(std::string_view s) : v(std::string(s)) {}
  Param(const char* s) : v(std::string(s)) {}
  template <typename T>
  Param(const std::optional<T>& o) : v(nullptr) {
    if (o) v = Param(*o).v;
  }
};
using Params = std::vector<Param>;

// One result row. Cells arrive as SQLite's native types or PostgreSQL text;
// the getters convert, and throw std::logic_error on a type that cannot be one
// (a programmer error: the SQL and the getter disagree).
class Row {
 public:
  explicit Row(std::vector<Value> cells) : cells_(std::move(cells)) {}
  std::size_t size() const { return cells_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t i64(std::size_t i) const;
  double f64(std::size_t i) const;
  std::string str(std::size_t i) const;
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  std::optional<std::string> opt_str(std::size_t i) const;

 private:
  const Value& at(std::size_t i) const;
  std::vector<Value> cells_;
};
using Rows = std::vector<Row>;

// A write broke a UNIQUE or PRIMARY KEY constraint. Repos catch it to report
// a duplicate; anything else escaping a job is a 500.
class UniqueViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database could not do what was asked (connection lost, disk full, SQL
// error). Never caused by user input when the repos are right.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A write job whose commit could not be made durable (SQLite: the WAL's sync
// failed after the commit). What it changed may be visible, and may be gone
// after a crash: neither its success nor its failure may be reported.
class NotDurableError : public StoreError {
 public:
  using StoreError::StoreError;
};

}  // namespace abonado::store

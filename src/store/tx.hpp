#pragma once
// Tx: the synchronous handle a job uses to talk to the database. A job runs on
// a database thread (never an HTTP thread); everything it does through its Tx
// commits or rolls back together. A Tx is valid only inside the job it was
// given to: never keep it.
//
// A statement that fails throws (UniqueViolation, StoreError) and the job must
// let it escape: on PostgreSQL a failed statement spoils the transaction. To
// tolerate a duplicate, write `INSERT ... ON CONFLICT DO NOTHING` (both
// dialects) and look at the count.

#include <optional>
#include <string_view>

#include "store/sql.hpp"

namespace abonado::store {

enum class Dialect { kSqlite, kPostgres };

class Tx {
 public:
  virtual ~Tx() = default;
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  // Runs a statement and returns its rows.
  virtual Rows query(const Sql& stmt, const Params& params = {}) = 0;
  // Runs a statement and returns the number of rows it changed.
  virtual std::int64_t exec(const Sql& stmt, const Params& params = {}) = 0;
  // The first row, or nullopt.
  std::optional<Row> query_one(const Sql& stmt, const Params& params = {}) {
    auto rows = query(stmt, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  // Runs a script of several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
  // True inside Database::write jobs.
  virtual bool writable() const = 0;

 protected:
  Tx() = default;
};

}  // namespace abonado::store

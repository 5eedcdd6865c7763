#pragma once
// Database: where jobs run. `write` jobs are durable when they complete: on
// SQLite a single writer thread runs every queued job inside one transaction
// and commits once (group commit), and a sync thread completes the batch's
// jobs after an fdatasync of the WAL that covers it (and any batches
// before); on PostgreSQL each job is its own transaction on a pooled
// connection. `read` jobs run on a pool of read connections.
//
// A job that throws is rolled back alone; its exception reaches its waiter.
// Completion callbacks run on a database thread: they must only hand the
// result over (store/async.hpp does that for Asio coroutines).
//
// Thread-safe: any thread may submit. The Database must outlive every job,
// and be closed before the executors its jobs complete into are destroyed.

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/tx.hpp"

namespace abonado::store {

using Job = std::function<void(Tx&)>;
using Done = std::function<void(std::exception_ptr)>;

struct PoolStats {
  std::int64_t writes = 0;          // write jobs completed
  std::int64_t write_batches = 0;   // commits
  std::int64_t wal_syncs = 0;       // SQLite group commit: syncs by the sync thread
  std::int64_t wal_bytes = 0;       // SQLite: bytes the writer wrote to its WAL
  std::int64_t wal_catch_ups = 0;   // SQLite: checkpoints the writer made to the WAL's end
  // SQLite group commit: bytes of the writer's WAL not yet synced (0 once
  // every answered write is on disk and nothing else is under way).
  std::int64_t unsynced_wal_bytes = 0;
  std::int64_t reads = 0;           // read jobs completed
  std::int64_t queued_writes = 0;   // waiting now
  std::int64_t queued_reads = 0;    // waiting now
  std::int64_t busy_readers = 0;    // read connections in use now
  std::int64_t readers = 0;         // read connections in all
  // Batch-size histogram: counts of batches of size <= 1, 2, 4, ..., 512, more.
  std::int64_t batch_le[11] = {};
};

class Database {
 public:
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual void submit_write(Job job, Done done) = 0;
  virtual void submit_read(Job job, Done done) = 0;

  // Runs `job` and waits for it (CLI, migrations, tests: not HTTP threads).
  void write_sync(const Job& job);
  void read_sync(const Job& job);

  virtual Dialect dialect() const = 0;
  std::string_view kind() const {
    return dialect() == Dialect::kSqlite ? "sqlite" : "postgresql";
  }
  virtual PoolStats stats() const = 0;
  // Why every write fails until a restart (SQLite: its WAL could not be
  // written or synced), or nullopt while writes work. Cheap: for /health.
  virtual std::optional<std::string> write_failure() const { return std::nullopt; }
  // Finishes every queued job, then stops the threads. Later submits fail.
  virtual void close() = 0;

 protected:
  Database() = default;
};

struct OpenOptions {
  int readers = 4;            // read connections (SQLite) / pool size (PostgreSQL)
  int max_batch = 512;        // SQLite: most jobs in one group commit
  bool group_commit = true;   // false: one transaction per job (benchmark baseline)
  // SQLite: once the WAL holds more pages than this, the checkpoint thread
  // starts no new run and the writer copies what is left between batches,
  // so that the WAL can start over (0: never; the WAL then grows for as long
  // as writes never pause). Below 1000, the checkpoint thread's start, the
  // writer makes every checkpoint.
  int wal_catch_up_pages = 4000;
};

// Opens `url`: `sqlite:///abs/path.db`, `sqlite://./rel/path.db`, or
// `postgresql://user:pass@host:port/db` (also `postgres://`). Throws
// abonado::Error(kInvalidParameter) on a malformed URL, StoreError when the
// database cannot be opened.
std::unique_ptr<Database> open_database(std::string_view url, const OpenOptions& opts = {});

// Applies pending migrations (embedded in the binary). Returns how many ran.
int migrate(Database& db);

}  // namespace abonado::store

// SQLite backend: one writer thread doing group commit, a pool of read-only
// connections, WAL mode with synchronous=FULL. A write job is answered once
// its commit is on disk: with group commit, after the sync thread's fdatasync
// of the WAL (the writer's COMMIT writes the frames and goes on, see
// sync_loop); without it, by the sync inside the COMMIT.

#include <pthread.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "store/backends.hpp"
#include "store/sqlite_library.hpp"
#include "store/wal_buffer.hpp"

namespace abonado::store {
namespace {

// A prepared statement with the SQLite parameter index of each $n.
struct Prepared {
  sqlite3_stmt* stmt = nullptr;
  std::vector<int> index_of;  // index_of[n-1] = SQLite index of $n
  bool dml = false;           // INSERT, UPDATE, DELETE, REPLACE or WITH ...: counts its changes
};

bool is_dml(std::string_view sql) {
  while (!sql.empty() && std::isspace(static_cast<unsigned char>(sql.front()))) {
    sql.remove_prefix(1);
  }
  for (std::string_view word : {"INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"}) {
    if (sql.size() >= word.size() &&
        std::equal(word.begin(), word.end(), sql.begin(), [](char a, char b) {
          return a == std::toupper(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

enum class Control { kBegin, kBeginImmediate, kCommit, kSavepoint, kRelease, kRollbackTo };

// One connection and its statement cache. Used by one thread at a time.
class Connection {
 public:
  Connection(const std::string& path, bool read_only) {
    if (!configure_sqlite()) {
      static std::once_flag warned;
      std::call_once(warned, [] {
        std::fprintf(stderr, "abonado: SQLite was initialised before the store configured it; "
                             "running with its default page cache\n");
      });
    }
    int flags = SQLITE_OPEN_NOMUTEX |
                (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    // Connections that write gather each commit's WAL frames into one write
    // (store/wal_buffer.hpp); they all run with synchronous=FULL (the
    // group-commit writer's syncs made by the sync thread).
    const char* vfs = read_only ? nullptr : wal_buffer_vfs();
    if (sqlite3_open_v2(path.c_str(), &db_, flags, vfs) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw StoreError("cannot open SQLite database '" + path + "': " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
    if (!read_only) {
      script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    }
    // 64 MiB of pages per connection instead of SQLite's 2 MiB: the inner
    // pages of the indexes a quick search walks stay in memory at millions of
    // customers, instead of being read from the OS cache on every lookup.
    script("PRAGMA cache_size=-65536;");
    // Statement journals of large write jobs stay in memory instead of
    // spilling to temporary files (bench/README.md, durable top-ups).
    script("PRAGMA temp_store=MEMORY;");
  }
  ~Connection() {
    for (auto& [_, p] : cache_) sqlite3_finalize(p.stmt);
    for (auto* stmt : control_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void script(std::string_view sql) {
    dirty_ = true;
    std::string text(sql);
    char* err = nullptr;
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError("SQLite: " + msg);
    }
  }

  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  void rollback_quietly() {
    if (in_transaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

  // BEGIN, COMMIT and savepoints run for every job: prepared once here
  // instead of parsed by sqlite3_exec each time.
  void control(Control c) {
    static constexpr const char* kText[] = {"BEGIN",         "BEGIN IMMEDIATE", "COMMIT",
                                            "SAVEPOINT job", "RELEASE job",     "ROLLBACK TO job"};
    auto i = static_cast<std::size_t>(c);
    sqlite3_stmt*& stmt = control_[i];
    if (!stmt && sqlite3_prepare_v3(db_, kText[i], -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
                     SQLITE_OK) {
      throw StoreError(std::string("SQLite prepare ") + kText[i] + ": " + sqlite3_errmsg(db_));
    }
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
      throw StoreError(std::string("SQLite ") + kText[i] + ": " + sqlite3_errmsg(db_));
    }
  }

  // Whether a statement that may write ran since the last clear_dirty().
  bool dirty() const { return dirty_; }
  void clear_dirty() { dirty_ = false; }

  sqlite3* handle() { return db_; }

  Rows run(const Sql& sql, const Params& params, std::int64_t* changes) {
    Prepared& p = prepare(sql);
    // Whatever happens, the statement is reset for its next use.
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{p.stmt};
    bind(sql, p, params);
    // Dirty: the statement may have left a change behind (an UPDATE that
    // matched no row has not; a failed one or DDL may have).
    bool may_write = !sqlite3_stmt_readonly(p.stmt);
    std::int64_t before = sqlite3_total_changes64(db_);
    if (may_write && !p.dml) dirty_ = true;
    Rows rows;
    int rc;
    while ((rc = sqlite3_step(p.stmt)) == SQLITE_ROW) rows.emplace_back(read_row(p.stmt));
    if (may_write && (rc != SQLITE_DONE || sqlite3_total_changes64(db_) != before)) dirty_ = true;
    if (rc != SQLITE_DONE) fail(sql, rc);
    if (changes) *changes = sqlite3_stmt_readonly(p.stmt) ? 0 : sqlite3_changes64(db_);
    return rows;
  }

 private:
  Prepared& prepare(const Sql& sql) {
    auto it = cache_.find(&sql);
    if (it != cache_.end()) return it->second;
    Prepared p;
    if (sqlite3_prepare_v3(db_, sql.text, -1, SQLITE_PREPARE_PERSISTENT, &p.stmt, nullptr) !=
        SQLITE_OK) {
      throw StoreError(std::string("SQLite prepare ") + sql.name + ": " + sqlite3_errmsg(db_));
    }
    p.dml = is_dml(sql.text);
    int count = sqlite3_bind_parameter_count(p.stmt);
    for (int n = 1; n <= count; ++n) {
      int idx = sqlite3_bind_parameter_index(p.stmt, ("$" + std::to_string(n)).c_str());
      if (idx == 0) {
        sqlite3_finalize(p.stmt);
        throw StoreError(std::string(sql.name) + ": parameters must be $1..$n without gaps");
      }
      p.index_of.push_back(idx);
    }
    return cache_.emplace(&sql, std::move(p)).first->second;
  }

  void bind(const Sql& sql, Prepared& p, const Params& params) {
    if (params.size() != p.index_of.size()) {
      throw std::logic_error(std::string(sql.name) + ": expects " +
                             std::to_string(p.index_of.size()) + " parameters, got " +
                             std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = p.index_of[i];
      const Value& v = params[i].v;
      int rc;
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(p.stmt, idx);
      } else if (auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(p.stmt, idx, *n);
      } else if (auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(p.stmt, idx, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        // The caller's string outlives the statement's use of it: run()
        // resets the statement and clears its bindings before it returns.
        rc = sqlite3_bind_text64(p.stmt, idx, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) {
        throw StoreError(std::string(sql.name) + ": cannot bind $" + std::to_string(i + 1) +
                         ": " + sqlite3_errstr(rc));
      }
    }
  }

  static Row read_row(sqlite3_stmt* stmt) {
    int n = sqlite3_column_count(stmt);
    std::vector<Value> cells;
    cells.reserve(n);
    for (int i = 0; i < n; ++i) {
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_NULL: cells.emplace_back(nullptr); break;
        case SQLITE_INTEGER: cells.emplace_back(std::int64_t{sqlite3_column_int64(stmt, i)}); break;
        case SQLITE_FLOAT: cells.emplace_back(sqlite3_column_double(stmt, i)); break;
        default: {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, i));
          cells.emplace_back(std::string(text ? text : "", sqlite3_column_bytes(stmt, i)));
        }
      }
    }
    return Row(std::move(cells));
  }

  [[noreturn]] void fail(const Sql& sql, int rc) {
    std::string msg = std::string(sql.name) + ": " + sqlite3_errmsg(db_);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      throw UniqueViolation(msg);
    }
    throw StoreError("SQLite " + msg);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<const Sql*, Prepared> cache_;
  std::array<sqlite3_stmt*, 6> control_{};
  bool dirty_ = false;
};

class SqliteTx final : public Tx {
 public:
  SqliteTx(Connection& conn, bool writable) : conn_(conn), writable_(writable) {}
  Rows query(const Sql& stmt, const Params& params) override {
    return conn_.run(stmt, params, nullptr);
  }
  std::int64_t exec(const Sql& stmt, const Params& params) override {
    std::int64_t changes = 0;
    conn_.run(stmt, params, &changes);
    return changes;
  }
  void exec_script(std::string_view sql) override { conn_.script(sql); }
  Dialect dialect() const override { return Dialect::kSqlite; }
  bool writable() const override { return writable_; }

 private:
  Connection& conn_;
  bool writable_;
};

struct Pending {
  Job job;
  Done done;
  std::exception_ptr error;
};

int batch_bucket(std::size_t n) {
  int b = 0;
  while (b < 10 && (std::size_t{1} << b) < n) ++b;
  return b;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const OpenOptions& opts) : opts_(opts) {
    if (opts.max_batch < 1) throw std::invalid_argument("OpenOptions::max_batch must be >= 1");
    auto parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) throw StoreError("cannot create the directory of '" + path + "': " + ec.message());
    writer_conn_ = std::make_unique<Connection>(path, false);
    // Group commit: the WAL's fdatasync moves out of the writer's COMMIT to
    // the sync thread, which answers a batch's jobs once its frames are on
    // disk (sync_loop).
    deferred_sync_ = opts.group_commit && defer_wal_syncs(writer_conn_->handle());
    checkpoint_conn_ = std::make_unique<Connection>(path, false);
    // Replaces SQLite's automatic checkpoint, which would run on the writer
    // thread inside a COMMIT.
    sqlite3_wal_hook(writer_conn_->handle(), &SqliteDatabase::on_wal_commit, this);
    for (int i = 0; i < std::max(1, opts.readers); ++i) {
      reader_conns_.push_back(std::make_unique<Connection>(path, true));
    }
    // Named for top and bench/topup_bench.sh's CPU time per thread.
    if (deferred_sync_) {
      syncer_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "db-sync");
        sync_loop();
      });
    }
    writer_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "db-writer");
      write_loop();
    });
    checkpointer_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "db-checkpoint");
      checkpoint_loop();
    });
    for (auto& conn : reader_conns_) {
      readers_.emplace_back([this, c = conn.get()] {
        pthread_setname_np(pthread_self(), "db-reader");
        read_loop(*c);
      });
    }
  }
  ~SqliteDatabase() override { close(); }

  void submit_write(Job job, Done done) override {
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        writes_.push_back(Pending{std::move(job), std::move(done), nullptr});
        ++queued_writes_;
        write_cv_.notify_one();
        return;
      }
    }
    done(closed_error());
  }

  void submit_read(Job job, Done done) override {
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        reads_.push_back(Pending{std::move(job), std::move(done), nullptr});
        ++queued_reads_;
        read_cv_.notify_one();
        return;
      }
    }
    done(closed_error());
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  std::optional<std::string> write_failure() const override {
    if (!writes_failing_) return std::nullopt;
    std::exception_ptr failed;
    {
      std::lock_guard lock(sync_mu_);
      failed = sync_failed_;
    }
    try {
      std::rethrow_exception(failed);
    } catch (const NotDurableError& e) {
      return e.what();
    }
  }

  PoolStats stats() const override {
    PoolStats s;
    s.writes = writes_done_;
    s.write_batches = batches_;
    s.wal_syncs = syncs_;
    s.wal_catch_ups = wal_catch_ups_;
    {
      std::lock_guard lock(sync_mu_);
      if (last_wal_) {
        s.unsynced_wal_bytes = last_wal_->unsynced_bytes();
        s.wal_bytes = last_wal_->written_bytes();
      }
    }
    s.reads = reads_done_;
    s.queued_writes = queued_writes_;
    s.queued_reads = queued_reads_;
    s.busy_readers = busy_readers_;
    s.readers = static_cast<std::int64_t>(reader_conns_.size());
    for (int i = 0; i < 11; ++i) s.batch_le[i] = batch_hist_[i];
    return s;
  }

  void close() override {
    {
      std::lock_guard lock(mu_);
      if (closed_) return;
      closed_ = true;
    }
    write_cv_.notify_all();
    read_cv_.notify_all();
    if (writer_.joinable()) writer_.join();
    {
      std::lock_guard lock(sync_mu_);
      sync_stop_ = true;
    }
    sync_cv_.notify_all();
    if (syncer_.joinable()) syncer_.join();
    for (auto& t : readers_) t.join();
    readers_.clear();
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_stop_ = true;
    }
    checkpoint_cv_.notify_all();
    if (checkpointer_.joinable()) checkpointer_.join();
  }

 private:
  static std::exception_ptr closed_error() {
    return std::make_exception_ptr(Error(Code::kUnavailable, "the database is closed"));
  }

  // Checkpoints copy the WAL into the database file on their own thread and
  // connection, once the WAL holds SQLite's default of 1000 pages, so that
  // the writer only appends to the WAL. PASSIVE: never waits for readers or
  // the writer; the WAL starts over once a checkpoint has caught up.
  static constexpr int kCheckpointPages = 1000;

  static int on_wal_commit(void* self, sqlite3*, const char*, int pages) {
    auto* db = static_cast<SqliteDatabase*>(self);
    db->wal_pages_ = pages;
    // Past wal_catch_up_pages the writer checkpoints (catch_up), as soon as
    // the checkpoint thread's run in progress ends: it starts no new one.
    if (db->catching_up()) return SQLITE_OK;
    db->next_catch_up_ = 0;  // below the limit again: the WAL started over
    if (pages >= kCheckpointPages) {
      {
        std::lock_guard lock(db->checkpoint_mu_);
        db->checkpoint_wanted_ = true;
      }
      db->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void checkpoint_loop() {
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mu_);
        checkpoint_cv_.wait(lock, [this] { return checkpoint_wanted_ || checkpoint_stop_; });
        if (checkpoint_stop_) return;
        checkpoint_wanted_ = false;
      }
      sqlite3_wal_checkpoint_v2(checkpoint_conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                nullptr, nullptr);
    }
  }

  void write_loop() {
    for (;;) {
      std::vector<Pending> batch;
      {
        std::unique_lock lock(mu_);
        auto work = [this] { return !writes_.empty() || closed_; };
        if (catching_up()) {
          // Writes stopped with the WAL past the limit and the checkpoint
          // thread no longer woken (on_wal_commit): copy the rest when idle.
          if (!write_cv_.wait_for(lock, kIdleCatchUp, work)) {
            lock.unlock();
            catch_up(true);
            continue;
          }
        } else {
          write_cv_.wait(lock, work);
        }
        if (writes_.empty()) return;  // closed and drained
        std::size_t n = opts_.group_commit ? std::min<std::size_t>(writes_.size(), opts_.max_batch)
                                           : 1;
        for (std::size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(writes_.front()));
          writes_.pop_front();
        }
        queued_writes_ -= static_cast<std::int64_t>(n);
      }
      std::exception_ptr broken;
      {
        std::lock_guard lock(sync_mu_);
        broken = sync_failed_;
      }
      if (broken) {  // answered with the failure's error, not run (fail_for_good)
        for (auto& p : batch) p.done(broken);
        continue;
      }
      std::size_t lost_at = run_batch(batch);
      // A WAL write that failed in this batch: no later batch runs, and
      // /health says so at once, before any sync of this batch.
      auto wal = wal_sync_of(writer_conn_->handle());
      if (wal && wal->broken()) fail_for_good("a write to the WAL failed");
      if (lost_at < batch.size()) {
        requeue_all_but(batch, lost_at);
        batch[lost_at].done(batch[lost_at].error);
        continue;
      }
      ++batches_;
      ++batch_hist_[batch_bucket(batch.size())];
      writes_done_ += static_cast<std::int64_t>(batch.size());
      {
        std::lock_guard lock(sync_mu_);
        last_wal_ = wal;
        if (deferred_sync_) to_sync_.push_back({std::move(batch), std::move(wal)});
      }
      if (deferred_sync_) {
        sync_cv_.notify_one();
      } else {
        for (auto& p : batch) p.done(p.error);
      }
      if (catching_up()) catch_up(false);
    }
  }

  // How long the writer waits for work before it copies the rest of a WAL
  // past wal_catch_up_pages (write_loop).
  static constexpr std::chrono::milliseconds kIdleCatchUp{100};

  bool catching_up() const {
    return opts_.wal_catch_up_pages > 0 && wal_pages_ > opts_.wal_catch_up_pages;
  }

  // The checkpoint thread copies the WAL's frames while the writer appends
  // more, so under writes that never pause it never reaches the WAL's end,
  // and SQLite starts a WAL over only from there: the file grew by some
  // 100 MB a second under the top-up benchmark. Past wal_catch_up_pages the
  // writer copies what is left itself, between two batches, nothing being
  // appended meanwhile; its next transaction then starts the WAL over
  // (unless a reader still reads frames of it). PASSIVE: while the
  // checkpoint thread is copying, this returns at once, and the next batch
  // tries again.
  // A copy that reached the WAL's end without the WAL starting over (a
  // reader still reads frames of it) is not tried again, syncs and all,
  // after every batch: only once the WAL has grown by a quarter of the
  // checkpoint thread's start, or when the writer is idle.
  void catch_up(bool idle) {
    if (!idle && wal_pages_ < next_catch_up_) return;
    int frames = 0;
    int copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(writer_conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                       &frames, &copied);
    if (rc == SQLITE_OK && frames == copied) {
      ++wal_catch_ups_;
      next_catch_up_ = frames + kCheckpointPages / 4;
      if (idle) wal_pages_ = 0;  // nothing more to copy until the next commit
    }
  }

  // Durability off the writer's path: the writer's COMMIT writes the
  // batch's frames (a failed write fails it) but does not sync them
  // (defer_wal_syncs); the writer goes on with the next batch while this
  // thread makes the WAL durable and only then answers the jobs of every
  // batch committed before the sync began. One fdatasync covers every batch
  // written before it, however many. A job is answered only once its commit
  // is on disk, as under synchronous=FULL; what changes is that other
  // connections may read a commit a few milliseconds before that (and, were
  // the machine to lose power in those milliseconds, a commit nobody was
  // told of is gone; the WAL keeps a consistent prefix, as SQLite's NORMAL
  // promises).
  struct ToSync {
    std::vector<Pending> batch;
    std::optional<WalSync> wal;
  };

  void sync_loop() {
    for (;;) {
      std::vector<ToSync> ready;
      {
        std::unique_lock lock(sync_mu_);
        sync_cv_.wait(lock, [this] { return !to_sync_.empty() || sync_stop_; });
        if (to_sync_.empty()) return;  // stopped and drained
        ready.swap(to_sync_);
      }
      // Normally one WAL for all; a WAL opened again since gets its own sync.
      // A failed sync fails every write after it too: Linux may have dropped
      // the pages it could not write, so a later sync proves nothing about
      // them, and the WAL's commits after a lost frame cannot be recovered.
      // Once broken, the writer stops running jobs (write_loop).
      std::exception_ptr failed;
      {
        std::lock_guard lock(sync_mu_);
        failed = sync_failed_;
      }
      const WalSync* synced = nullptr;
      for (auto& s : ready) {
        std::string what;
        if (failed) break;
        if (!s.wal) {
          what = "the writer's WAL cannot be synced";
        } else if (!synced || !synced->same_file(*s.wal)) {
          synced = &*s.wal;
          if (int err = s.wal->sync(); err != 0) {
            what = std::string("syncing the WAL failed: ") + std::strerror(err);
          }
          ++syncs_;
        }
        if (!what.empty()) failed = fail_for_good(what);
      }
      for (auto& s : ready) {
        for (auto& p : s.batch) p.done(failed ? failed : p.error);
      }
    }
  }

  // From now on every write is answered with the returned error unrun
  // (write_loop) and write_failure() says why; the first failure's stays.
  std::exception_ptr fail_for_good(std::string what) {
    what += "; every write fails from now on, until the server restarts";
    std::lock_guard lock(sync_mu_);
    if (!sync_failed_) {
      std::fprintf(stderr, "abonado: %s\n", what.c_str());
      sync_failed_ = std::make_exception_ptr(NotDurableError(what));
      writes_failing_ = true;
    }
    return sync_failed_;
  }

  // All jobs in one transaction, one commit. Returns batch.size(), or the
  // index of a job after which the transaction was gone (some errors, and a
  // job running COMMIT or ROLLBACK itself, end the whole transaction): that
  // job fails, and the others, whose work went with the transaction, must
  // run again.
  //
  // Jobs first run without savepoints, which cost the writer a quarter of a
  // small job (bench/README.md, durable top-ups): a job that fails before
  // it changed anything (Connection::dirty) leaves nothing to undo. One that
  // fails after a change undoes the batch, which then runs again with a
  // savepoint around each job, so that it fails alone. Jobs must therefore
  // be safe to run more than once before their commit (as requeue_all_but
  // already needed): assign results, never add to what is outside the job.
  std::size_t run_batch(std::vector<Pending>& batch) {
    std::size_t end = run_jobs(batch, false);
    if (end == kWithSavepoints) end = run_jobs(batch, true);
    return end;
  }

  static constexpr std::size_t kWithSavepoints = static_cast<std::size_t>(-1);

  std::size_t run_jobs(std::vector<Pending>& batch, bool savepoints) {
    Connection& c = *writer_conn_;
    try {
      c.control(Control::kBeginImmediate);
    } catch (...) {
      for (auto& p : batch) p.error = std::current_exception();
      return batch.size();
    }
    SqliteTx tx(c, true);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Pending& p = batch[i];
      p.error = nullptr;
      c.clear_dirty();
      try {
        if (savepoints) c.control(Control::kSavepoint);
        p.job(tx);
        if (savepoints) c.control(Control::kRelease);
      } catch (...) {
        p.error = std::current_exception();
        if (!c.in_transaction()) return i;
        if (!savepoints) {
          if (c.dirty()) {
            c.rollback_quietly();
            return kWithSavepoints;
          }
        } else {
          try {
            c.control(Control::kRollbackTo);
            c.control(Control::kRelease);
          } catch (...) {
            // Cannot undo this job alone: fail it and run the others again.
            c.rollback_quietly();
            return i;
          }
        }
      }
      if (!c.in_transaction()) {
        if (!p.error) p.error = std::make_exception_ptr(StoreError("a write job ended its transaction"));
        return i;
      }
    }
    try {
      c.control(Control::kCommit);
    } catch (...) {
      auto err = std::current_exception();
      c.rollback_quietly();
      for (auto& p : batch) {
        if (!p.error) p.error = err;
      }
    }
    return batch.size();
  }

  // Puts every job of `batch` but `skip` back at the front of the queue, in order.
  void requeue_all_but(std::vector<Pending>& batch, std::size_t skip) {
    std::lock_guard lock(mu_);
    for (std::size_t i = batch.size(); i-- > 0;) {
      if (i == skip) continue;
      batch[i].error = nullptr;
      writes_.push_front(std::move(batch[i]));
      ++queued_writes_;
    }
  }

  void read_loop(Connection& conn) {
    for (;;) {
      Pending p;
      {
        std::unique_lock lock(mu_);
        read_cv_.wait(lock, [this] { return !reads_.empty() || closed_; });
        if (reads_.empty()) return;
        p = std::move(reads_.front());
        reads_.pop_front();
        --queued_reads_;
      }
      ++busy_readers_;
      try {
        conn.control(Control::kBegin);
        SqliteTx tx(conn, false);
        try {
          p.job(tx);
        } catch (...) {
          p.error = std::current_exception();
        }
        conn.control(Control::kCommit);
      } catch (...) {
        if (!p.error) p.error = std::current_exception();
        conn.rollback_quietly();
      }
      --busy_readers_;
      ++reads_done_;
      p.done(p.error);
    }
  }

  OpenOptions opts_;
  std::unique_ptr<Connection> writer_conn_;
  std::unique_ptr<Connection> checkpoint_conn_;
  std::vector<std::unique_ptr<Connection>> reader_conns_;
  std::thread writer_;
  std::vector<std::thread> readers_;
  std::thread checkpointer_;
  int wal_pages_ = 0;      // the writer's: pages in the WAL after its last commit (on_wal_commit)
  int next_catch_up_ = 0;  // the writer's: catch_up() after a batch once wal_pages_ reaches it
  std::thread syncer_;               // deferred_sync_ only
  mutable std::mutex sync_mu_;       // guards to_sync_, sync_stop_, last_wal_, sync_failed_
  std::optional<WalSync> last_wal_;  // for stats()
  std::condition_variable sync_cv_;
  std::vector<ToSync> to_sync_;
  bool sync_stop_ = false;
  std::exception_ptr sync_failed_;           // guarded by sync_mu_: the WAL is broken for good
  std::atomic<bool> writes_failing_{false};  // sync_failed_ is set (read without the lock)
  bool deferred_sync_ = false;      // set before the threads start
  std::mutex checkpoint_mu_;  // guards checkpoint_wanted_ and checkpoint_stop_
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;
  bool checkpoint_stop_ = false;

  std::mutex mu_;  // guards the queues and closed_
  std::condition_variable write_cv_;
  std::condition_variable read_cv_;
  std::deque<Pending> writes_;
  std::deque<Pending> reads_;
  bool closed_ = false;

  std::atomic<std::int64_t> writes_done_{0}, batches_{0}, reads_done_{0}, syncs_{0},
      wal_catch_ups_{0};
  std::atomic<std::int64_t> queued_writes_{0}, queued_reads_{0}, busy_readers_{0};
  std::atomic<std::int64_t> batch_hist_[11] = {};
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, const OpenOptions& opts) {
  return std::make_unique<SqliteDatabase>(path, opts);
}

}  // namespace abonado::store

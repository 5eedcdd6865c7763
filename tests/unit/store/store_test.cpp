// Store tests. Every case runs on SQLite (a temp file) and, when ABONADO_TEST_PG
// holds the URL of a PostgreSQL server where we may CREATE DATABASE, on
// PostgreSQL too, in a database made for this process and dropped at the end.
// Without ABONADO_TEST_PG the PostgreSQL cases are skipped.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_library.hpp"
#include "store/wal_buffer.hpp"

namespace abonado::store {
namespace {

using namespace std::chrono_literals;

// Long enough for a slow sanitizer build; only reached when something hangs.
constexpr auto kPatience = 60s;

constexpr const char* kSchema =
    "CREATE TABLE t_items (id BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, s TEXT);"
    "CREATE TABLE t_counters (name TEXT PRIMARY KEY, n BIGINT NOT NULL);";

constexpr Sql kInsertItem{"test.insert_item",
                          "INSERT INTO t_items (id, i, d, s) VALUES ($1, $2, $3, $4)"};
constexpr Sql kInsertItemIfNew{
    "test.insert_item_if_new",
    "INSERT INTO t_items (id, i, d, s) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING"};
constexpr Sql kSelectItem{"test.select_item", "SELECT id, i, d, s FROM t_items WHERE id = $1"};
constexpr Sql kItemIds{"test.item_ids", "SELECT id FROM t_items ORDER BY id"};
constexpr Sql kCountItems{"test.count_items", "SELECT COUNT(*) FROM t_items"};
constexpr Sql kBumpItemsFrom{"test.bump_items_from", "UPDATE t_items SET i = i + 1 WHERE id >= $1"};
constexpr Sql kDeleteItem{"test.delete_item", "DELETE FROM t_items WHERE id = $1"};
constexpr Sql kInsertCounter{"test.insert_counter",
                             "INSERT INTO t_counters (name, n) VALUES ($1, 0)"};
constexpr Sql kGetCounter{"test.get_counter", "SELECT n FROM t_counters WHERE name = $1"};
constexpr Sql kSetCounter{"test.set_counter", "UPDATE t_counters SET n = $2 WHERE name = $1"};
constexpr Sql kBumpCounter{"test.bump_counter", "UPDATE t_counters SET n = n + 1 WHERE name = $1"};
constexpr Sql kDialectText{"test.dialect_text", "SELECT 'portable'", "SELECT 'pg'"};
constexpr Sql kIsolation{"test.isolation", "SELECT 'none'",
                         "SELECT current_setting('transaction_isolation')"};
constexpr Sql kNoSuchTable{"test.no_such_table", "SELECT x FROM t_no_such_table"};
constexpr Sql kCountMigrations{"test.count_migrations", "SELECT COUNT(*) FROM schema_migrations"};
constexpr Sql kMigrationVersions{"test.migration_versions",
                                 "SELECT version FROM schema_migrations ORDER BY version"};
constexpr Sql kTerminateSelf{"test.terminate_self", "SELECT 1",
                             "SELECT pg_terminate_backend(pg_backend_pid())"};

// ---- A PostgreSQL database of our own, made once per process. ----

struct PgDatabase {
  std::string admin_url;  // the maintenance database from ABONADO_TEST_PG
  std::string name;
  std::string url;
  std::string error;  // why it could not be made
};

PgDatabase& pg_database() {
  static PgDatabase db;
  return db;
}

// `url` with its database path replaced by `name`.
std::string with_database(const std::string& url, const std::string& name) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto path = url.find_first_of("/?", start);
  if (path == std::string::npos) return url + "/" + name;
  auto query = url.find('?', path);
  return url.substr(0, path) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// Runs one statement on the maintenance database; returns the error or "".
std::string admin_command(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  std::string error;
  if (PQstatus(conn) != CONNECTION_OK) {
    error = PQerrorMessage(conn);
  } else {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(conn);
  return error;
}

// Creates this process's database on first use.
const PgDatabase& pg_test_database(const std::string& admin_url) {
  PgDatabase& db = pg_database();
  if (!db.url.empty() || !db.error.empty()) return db;
  std::random_device random;
  char name[64];
  std::snprintf(name, sizeof name, "abonado_test_%08x%08x", random(), random());
  db.admin_url = admin_url;
  db.error = admin_command(admin_url, std::string("CREATE DATABASE ") + name);
  if (db.error.empty()) {
    db.name = name;
    db.url = with_database(admin_url, name);
  }
  return db;
}

void drop_pg_test_database() {
  PgDatabase& db = pg_database();
  if (db.name.empty()) return;
  std::string error =
      admin_command(db.admin_url, "DROP DATABASE IF EXISTS " + db.name + " WITH (FORCE)");
  if (!error.empty()) ADD_FAILURE() << "cannot drop " << db.name << ": " << error;
  db = PgDatabase{};
}

// ---- Helpers. ----

// Collects the outcomes of submitted jobs; wait() blocks until all are in.
class Outcomes {
 public:
  explicit Outcomes(int n) : errors_(n), left_(n) {}
  ~Outcomes() { wait(); }  // callbacks hold `this`

  Done done(int i) {
    return [this, i](std::exception_ptr e) {
      std::lock_guard lock(mu_);
      errors_[i] = e;
      if (--left_ == 0) cv_.notify_all();
    };
  }
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [this] { return left_ == 0; });
  }
  std::exception_ptr error(int i) {
    std::lock_guard lock(mu_);
    return errors_[i];
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::exception_ptr> errors_;
  int left_;
};

// Holds jobs back until opened; opens itself when the test ends so that no
// database thread waits forever on a failed test.
class Gate {
 public:
  ~Gate() { open(); }
  void open() {
    std::lock_guard lock(mu_);
    if (!opened_) promise_.set_value();
    opened_ = true;
  }
  std::shared_future<void> future() const { return future_; }

 private:
  std::mutex mu_;
  bool opened_ = false;
  std::promise<void> promise_;
  std::shared_future<void> future_ = promise_.get_future().share();
};

// Counts arrivals; wait() returns true once `n` have arrived.
class Arrivals {
 public:
  explicit Arrivals(int n) : left_(n) {}
  void arrive() {
    std::lock_guard lock(mu_);
    if (--left_ <= 0) cv_.notify_all();
  }
  bool wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [this] { return left_ <= 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int left_;
};

std::string message_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  }
}

template <typename F>
void expect_error_code(F&& f, Code code) {
  try {
    f();
    ADD_FAILURE() << "no abonado::Error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
  }
}

// ---- The fixture: a database of the parameter's kind with a fresh schema. ----

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { drop_pg_test_database(); }

  void SetUp() override {
    if (postgres()) {
      const char* admin = std::getenv("ABONADO_TEST_PG");
      if (!admin || !*admin) {
        GTEST_SKIP() << "PostgreSQL case skipped: set ABONADO_TEST_PG=postgresql://user@host:port/"
                        "postgres (scripts/lib/postgres.sh pg_start does)";
      }
      const PgDatabase& pg = pg_test_database(admin);
      ASSERT_TRUE(pg.error.empty()) << "cannot create a test database: " << pg.error;
      url_ = pg.url;
    } else {
      std::random_device random;
      dir_ = std::filesystem::temp_directory_path() /
             ("abonado-store-test-" + std::to_string(random()) + std::to_string(random()));
      url_ = "sqlite://" + (dir_ / "store.db").string();
    }
    db_ = open_database(url_);
    db_->write_sync([this](Tx& tx) {
      // The PostgreSQL database lives for the whole process: start each case clean.
      if (postgres()) tx.exec_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      tx.exec_script(kSchema);
    });
  }

  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  bool postgres() const { return GetParam() == "postgresql"; }

  void insert_item(std::int64_t id) {
    db_->write_sync([id](Tx& tx) { tx.exec(kInsertItem, {id, id, 0.5, "x"}); });
  }

  std::int64_t count_items() {
    std::int64_t n = -1;
    db_->read_sync([&n](Tx& tx) { n = tx.query_one(kCountItems)->i64(0); });
    return n;
  }

  // Submits `jobs` write jobs while the writer is held, so that they meet in
  // one group commit (SQLite), and waits for every one of them.
  void run_in_one_batch(Outcomes& out, int jobs, const std::function<void(int, Tx&)>& job) {
    Gate gate;
    Outcomes blocker(1);
    db_->submit_write([f = gate.future()](Tx&) { f.wait(); }, blocker.done(0));
    for (int id = 0; id < jobs; ++id) {
      db_->submit_write([id, &job](Tx& tx) { job(id, tx); }, out.done(id));
    }
    gate.open();
    ASSERT_TRUE(out.wait());
    ASSERT_TRUE(blocker.wait());
  }

  std::vector<std::int64_t> item_ids() {
    std::vector<std::int64_t> ids;
    db_->read_sync([&ids](Tx& tx) {
      for (const auto& row : tx.query(kItemIds)) ids.push_back(row.i64(0));
    });
    return ids;
  }

  // Runs `job` as a write or read job once on every connection that can take
  // it (SQLite: its one writer or each reader; PostgreSQL: each in the pool),
  // all at the same time: each run waits until all have started, so no
  // connection takes two. Returns each run's error.
  std::vector<std::exception_ptr> on_every_connection(bool write, const Job& job) {
    int n = write && !postgres() ? 1 : static_cast<int>(db_->stats().readers);
    Arrivals started(n);
    Outcomes out(n);
    for (int i = 0; i < n; ++i) {
      auto run = [&](Tx& tx) {
        started.arrive();
        if (!started.wait()) throw std::runtime_error("the pool ran fewer jobs at once");
        job(tx);
      };
      if (write) {
        db_->submit_write(run, out.done(i));
      } else {
        db_->submit_read(run, out.done(i));
      }
    }
    EXPECT_TRUE(out.wait());
    std::vector<std::exception_ptr> errors;
    for (int i = 0; i < n; ++i) errors.push_back(out.error(i));
    return errors;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
};

TEST_P(StoreTest, RoundTripsEveryValueType) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  constexpr std::int64_t kNotADouble = (std::int64_t{1} << 53) + 1;
  const std::string long_text(10000, 'z');
  db_->write_sync([&](Tx& tx) {
    EXPECT_TRUE(tx.writable());
    tx.exec(kInsertItem, {1, kMax, 0.1, "Ñandú"});
    tx.exec(kInsertItem, {2, kMin, -1.0 / 3, "Привет, мир"});
    tx.exec(kInsertItem, {3, kNotADouble, std::numeric_limits<double>::max(), ""});
    tx.exec(kInsertItem, {4, nullptr, nullptr, std::optional<std::string>()});
    tx.exec(kInsertItem, {5, 0, std::numeric_limits<double>::lowest(), "it's a \\ \"quote\" 📞"});
    tx.exec(kInsertItem, {6, -1, 1e-300, long_text});
    // A write job reads its own writes.
    EXPECT_EQ(tx.query_one(kSelectItem, {1})->str(3), "Ñandú");
  });
  db_->read_sync([&](Tx& tx) {
    auto r1 = tx.query_one(kSelectItem, {1});
    ASSERT_TRUE(r1);
    ASSERT_EQ(r1->size(), 4u);
    EXPECT_EQ(r1->i64(0), 1);
    EXPECT_EQ(r1->i64(1), kMax);
    EXPECT_EQ(r1->f64(2), 0.1);
    EXPECT_EQ(r1->str(3), "Ñandú");

    auto r2 = tx.query_one(kSelectItem, {2});
    EXPECT_EQ(r2->i64(1), kMin);
    EXPECT_EQ(r2->f64(2), -1.0 / 3);
    EXPECT_EQ(r2->str(3), "Привет, мир");

    auto r3 = tx.query_one(kSelectItem, {3});
    EXPECT_EQ(r3->i64(1), kNotADouble);
    EXPECT_EQ(r3->f64(2), std::numeric_limits<double>::max());
    EXPECT_FALSE(r3->is_null(3));
    EXPECT_EQ(r3->str(3), "");

    auto r4 = tx.query_one(kSelectItem, {4});
    EXPECT_TRUE(r4->is_null(1));
    EXPECT_TRUE(r4->is_null(2));
    EXPECT_TRUE(r4->is_null(3));
    EXPECT_EQ(r4->opt_i64(1), std::nullopt);
    EXPECT_EQ(r4->opt_str(3), std::nullopt);
    EXPECT_THROW(r4->str(3), std::logic_error);

    auto r5 = tx.query_one(kSelectItem, {5});
    EXPECT_EQ(r5->opt_i64(1), 0);
    EXPECT_EQ(r5->f64(2), std::numeric_limits<double>::lowest());
    EXPECT_EQ(r5->opt_str(3), "it's a \\ \"quote\" 📞");

    auto r6 = tx.query_one(kSelectItem, {6});
    EXPECT_EQ(r6->i64(1), -1);
    EXPECT_EQ(r6->f64(2), 1e-300);
    EXPECT_EQ(r6->str(3), long_text);

    EXPECT_EQ(tx.query_one(kSelectItem, {99}), std::nullopt);
    EXPECT_TRUE(tx.query(kSelectItem, {99}).empty());
  });
}

TEST_P(StoreTest, ExecReturnsChangeCounts) {
  db_->write_sync([](Tx& tx) {
    for (int id = 1; id <= 3; ++id) EXPECT_EQ(tx.exec(kInsertItem, {id, 0, 0.0, "a"}), 1);
    EXPECT_EQ(tx.exec(kBumpItemsFrom, {2}), 2);
    EXPECT_EQ(tx.exec(kBumpItemsFrom, {1}), 3);
    EXPECT_EQ(tx.exec(kBumpItemsFrom, {100}), 0);
    EXPECT_EQ(tx.exec(kDeleteItem, {2}), 1);
    EXPECT_EQ(tx.exec(kDeleteItem, {2}), 0);
  });
  EXPECT_EQ(item_ids(), (std::vector<std::int64_t>{1, 3}));
}

TEST_P(StoreTest, OnConflictDoNothingReportsZeroChanges) {
  db_->write_sync([](Tx& tx) {
    EXPECT_EQ(tx.exec(kInsertItemIfNew, {1, 10, 0.0, "first"}), 1);
    EXPECT_EQ(tx.exec(kInsertItemIfNew, {1, 20, 0.0, "second"}), 0);
  });
  db_->read_sync([](Tx& tx) { EXPECT_EQ(tx.query_one(kSelectItem, {1})->str(3), "first"); });
}

TEST_P(StoreTest, UniqueViolationRollsBackTheWholeJob) {
  db_->write_sync([](Tx& tx) { tx.exec(kInsertItem, {1, 10, 0.0, "original"}); });
  EXPECT_THROW(db_->write_sync([](Tx& tx) {
    tx.exec(kInsertItem, {2, 0, 0.0, "same job"});
    tx.exec(kInsertItem, {1, 20, 0.0, "duplicate"});
  }),
               UniqueViolation);
  EXPECT_EQ(item_ids(), (std::vector<std::int64_t>{1}));
  db_->read_sync([](Tx& tx) { EXPECT_EQ(tx.query_one(kSelectItem, {1})->str(3), "original"); });
  insert_item(3);  // the database goes on
  EXPECT_EQ(count_items(), 2);
}

TEST_P(StoreTest, ThrowingJobRollsBackAloneAmongConcurrentJobs) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  constexpr int kJobs = kThreads * kPerThread;
  constexpr int kThrower = 123;
  // The first job holds the writer (SQLite) until every other job is queued,
  // so that those meet in one group commit.
  Gate gate;
  Outcomes blocker(1);
  db_->submit_write([f = gate.future()](Tx&) { f.wait(); }, blocker.done(0));
  Outcomes out(kJobs);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kPerThread; ++k) {
        int id = t * kPerThread + k;
        db_->submit_write(
            [id](Tx& tx) {
              tx.exec(kInsertItem, {id, id, 0.0, "batch"});
              if (id == kThrower) throw std::runtime_error("job 123 fails on purpose");
            },
            out.done(id));
      }
    });
  }
  for (auto& t : threads) t.join();
  gate.open();
  ASSERT_TRUE(out.wait());
  ASSERT_TRUE(blocker.wait());
  for (int id = 0; id < kJobs; ++id) {
    if (id == kThrower) {
      ASSERT_TRUE(out.error(id));
      EXPECT_EQ(message_of(out.error(id)), "job 123 fails on purpose");
    } else {
      EXPECT_FALSE(out.error(id)) << "job " << id << ": " << message_of(out.error(id));
    }
  }
  auto ids = item_ids();
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kJobs - 1));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kThrower), 0);
  if (!postgres()) {
    // The blocker's batch (with whatever was queued when it started), then
    // everything queued behind it in one more. -1: the schema set-up.
    EXPECT_LE(db_->stats().write_batches - 1, 2);
  }
}

// Jobs run without savepoints; one that fails before it changed anything (a
// refusal after its checks, or after an UPDATE that matched no row) leaves
// the rest of its group commit alone: no job of the batch runs twice.
TEST_P(StoreTest, AJobRefusedBeforeItWritesLeavesItsBatchAlone) {
  constexpr int kJobs = 40;
  constexpr int kRefused = 17;
  Outcomes out(kJobs);
  std::vector<std::atomic<int>> runs(kJobs);
  run_in_one_batch(out, kJobs, [&runs](int id, Tx& tx) {
    ++runs[id];
    if (id == kRefused) {
      tx.query(kSelectItem, {id});
      EXPECT_EQ(tx.exec(kBumpItemsFrom, {1000}), 0);
      throw std::runtime_error("refused after reading");
    }
    tx.exec(kInsertItem, {id, id, 0.0, "batch"});
  });
  EXPECT_EQ(message_of(out.error(kRefused)), "refused after reading");
  for (int id = 0; id < kJobs; ++id) {
    EXPECT_EQ(runs[id].load(), 1) << "job " << id;
    if (id != kRefused) {
      EXPECT_FALSE(out.error(id)) << "job " << id;
    }
  }
  EXPECT_EQ(item_ids().size(), static_cast<std::size_t>(kJobs - 1));
}

// Some failures end the whole transaction, not just the job's savepoint
// (INSERT OR ROLLBACK, a full disk, a job that runs ROLLBACK itself). The
// job at fault fails; every other job of its group commit still commits.
TEST_P(StoreTest, AJobThatEndsTheTransactionFailsAloneInItsBatch) {
  constexpr int kJobs = 40;
  constexpr int kKiller = 17;
  Outcomes out(kJobs);
  run_in_one_batch(out, kJobs, [](int id, Tx& tx) {
    tx.exec(kInsertItem, {id, id, 0.0, "batch"});
    if (id == kKiller) tx.exec_script("ROLLBACK");
  });
  EXPECT_TRUE(out.error(kKiller));
  for (int id = 0; id < kJobs; ++id) {
    if (id == kKiller) continue;
    EXPECT_FALSE(out.error(id)) << "job " << id << ": " << message_of(out.error(id));
  }
  auto ids = item_ids();
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kJobs - 1));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), kKiller), 0);
}

TEST_P(StoreTest, AJobThatGrewTheDatabaseAndFailedLeavesNoTraceForTheNext) {
  // A job that adds thousands of pages and then fails is rolled back: the
  // database shrinks to its old size and the page cache drops every page past
  // it (store/sqlite_library.hpp skips only truncations with nothing to
  // drop). The next jobs reuse those page numbers and must read only their own rows.
  std::string big(3000, 'g');
  EXPECT_THROW(db_->write_sync([&](Tx& tx) {
    for (int i = 0; i < 3000; ++i) tx.exec(kInsertItem, {i, i, 0.0, big});
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  EXPECT_EQ(count_items(), 0);
  std::string small(1500, 's');
  for (int round = 0; round < 3; ++round) {
    db_->write_sync([&](Tx& tx) {
      for (int i = round * 1000; i < (round + 1) * 1000; ++i) tx.exec(kInsertItem, {i, i, 0.0, small});
    });
  }
  ASSERT_EQ(count_items(), 3000);
  db_->read_sync([&](Tx& tx) {
    constexpr Sql kForeign{"test.foreign_rows", "SELECT COUNT(*) FROM t_items WHERE s <> $1"};
    EXPECT_EQ(tx.query_one(kForeign, {small})->i64(0), 0);
  });
  if (!postgres()) {
    EXPECT_TRUE(configure_sqlite()) << "SQLite runs with its default page cache";
    db_->read_sync([](Tx& tx) {
      constexpr Sql kIntegrity{"test.integrity", "PRAGMA integrity_check"};
      EXPECT_EQ(tx.query_one(kIntegrity)->str(0), "ok");
    });
  }
}

TEST_P(StoreTest, ReadsSeeCommittedWrites) {
  EXPECT_EQ(count_items(), 0);
  insert_item(7);
  EXPECT_EQ(item_ids(), (std::vector<std::int64_t>{7}));
  // A read submitted from the write's completion callback sees it too.
  std::promise<std::int64_t> seen;
  db_->submit_write(
      [](Tx& tx) {
        tx.exec(kInsertItem, {8, 8, 0.5, "y"});
      },
      [this, &seen](std::exception_ptr e) {
        if (e) return seen.set_exception(e);
        db_->submit_read([&seen](Tx& tx) { seen.set_value(tx.query_one(kCountItems)->i64(0)); },
                         [](std::exception_ptr) {});
      });
  auto f = seen.get_future();
  ASSERT_EQ(f.wait_for(kPatience), std::future_status::ready);
  EXPECT_EQ(f.get(), 2);
}

TEST_P(StoreTest, ReadJobsAreNotWritable) {
  bool writable = true;
  Dialect dialect = Dialect::kSqlite;
  db_->read_sync([&](Tx& tx) {
    writable = tx.writable();
    dialect = tx.dialect();
  });
  EXPECT_FALSE(writable);
  EXPECT_EQ(dialect, postgres() ? Dialect::kPostgres : Dialect::kSqlite);
  EXPECT_EQ(db_->dialect(), dialect);
  EXPECT_EQ(db_->kind(), GetParam());
  EXPECT_THROW(db_->read_sync([](Tx& tx) { tx.exec(kInsertItem, {1, 1, 0.0, "no"}); }), StoreError);
  EXPECT_EQ(count_items(), 0);
}

TEST_P(StoreTest, ConcurrentWritersLoseNoUpdates) {
  constexpr int kThreads = 8;
  constexpr int kJobsPerThread = 200;
  db_->write_sync([](Tx& tx) { tx.exec(kInsertCounter, {"hits"}); });
  // SQLite runs one writer, so even a read-modify-write is safe there; on
  // PostgreSQL (READ COMMITTED) only the single UPDATE is.
  bool sqlite = !postgres();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int k = 0; k < kJobsPerThread; ++k) {
        try {
          db_->write_sync([sqlite](Tx& tx) {
            if (sqlite) {
              auto n = tx.query_one(kGetCounter, {"hits"})->i64(0);
              tx.exec(kSetCounter, {"hits", n + 1});
            } else {
              tx.exec(kBumpCounter, {"hits"});
            }
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  std::int64_t n = 0;
  db_->read_sync([&n](Tx& tx) { n = tx.query_one(kGetCounter, {"hits"})->i64(0); });
  EXPECT_EQ(n, kThreads * kJobsPerThread);
}

TEST_P(StoreTest, MigrateAppliesEmbeddedMigrationsOnce) {
  const auto& embedded = embedded_migrations();
  EXPECT_EQ(migrate(*db_), static_cast<int>(embedded.size()));
  EXPECT_EQ(migrate(*db_), 0);
  std::vector<std::int64_t> versions;
  db_->read_sync([&](Tx& tx) {
    EXPECT_EQ(tx.query_one(kCountMigrations)->i64(0), static_cast<std::int64_t>(embedded.size()));
    for (const auto& row : tx.query(kMigrationVersions)) versions.push_back(row.i64(0));
  });
  std::vector<std::int64_t> expected;
  for (const auto& m : embedded) expected.push_back(m.version);
  EXPECT_EQ(versions, expected);
}

TEST_P(StoreTest, CloseFinishesQueuedJobsThenRefusesNewOnes) {
  constexpr int kJobs = 50;
  Outcomes out(kJobs);
  for (int id = 0; id < kJobs; ++id) {
    db_->submit_write(
        [id](Tx& tx) {
          tx.exec(kInsertItem, {id, id, 0.0, "queued"});
        },
        out.done(id));
  }
  db_->close();
  ASSERT_TRUE(out.wait());
  for (int id = 0; id < kJobs; ++id) EXPECT_FALSE(out.error(id)) << message_of(out.error(id));

  Outcomes refused(2);
  db_->submit_write([](Tx&) { ADD_FAILURE() << "ran after close"; }, refused.done(0));
  db_->submit_read([](Tx&) { ADD_FAILURE() << "ran after close"; }, refused.done(1));
  ASSERT_TRUE(refused.wait());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(refused.error(i));
    try {
      std::rethrow_exception(refused.error(i));
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Code::kUnavailable);
    } catch (...) {
      ADD_FAILURE() << "not an abonado::Error";
    }
  }
  expect_error_code([&] { db_->write_sync([](Tx&) {}); }, Code::kUnavailable);
  db_->close();  // twice is harmless

  db_ = open_database(url_);
  EXPECT_EQ(count_items(), kJobs);
}

TEST_P(StoreTest, ParamCountMismatchIsALogicErrorAndLeavesTheConnectionUsable) {
  EXPECT_THROW(db_->write_sync([](Tx& tx) {
    tx.exec(kInsertItem, {1, 1, 0.0, "rolled back"});
    tx.exec(kInsertItem, {2, 2});
  }),
               std::logic_error);
  EXPECT_EQ(count_items(), 0);
  // Caught inside the job, it spoils neither the transaction nor the connection.
  db_->write_sync([](Tx& tx) {
    EXPECT_THROW(tx.exec(kInsertItem, {3}), std::logic_error);
    tx.exec(kInsertItem, {4, 4, 0.0, "kept"});
  });
  EXPECT_EQ(item_ids(), (std::vector<std::int64_t>{4}));
  for (bool write : {true, false}) {
    auto errors = on_every_connection(write, [](Tx& tx) {
      EXPECT_THROW(tx.query(kSelectItem, {}), std::logic_error);
      EXPECT_EQ(tx.query(kSelectItem, {4}).size(), 1u);
    });
    for (auto& e : errors) EXPECT_FALSE(e) << message_of(e);
  }
  EXPECT_THROW(db_->read_sync([](Tx& tx) { tx.query(kSelectItem, {1, 2}); }), std::logic_error);
  EXPECT_EQ(count_items(), 1);
}

TEST_P(StoreTest, SqlErrorNamesTheStatement) {
  try {
    db_->read_sync([](Tx& tx) { tx.query(kNoSuchTable); });
    FAIL() << "no error";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("test.no_such_table"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("t_no_such_table"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count_items(), 0);
}

TEST_P(StoreTest, RunsThePostgresTextOnPostgres) {
  std::string text;
  db_->read_sync([&](Tx& tx) { text = tx.query_one(kDialectText)->str(0); });
  EXPECT_EQ(text, postgres() ? "pg" : "portable");
}

// "Take an advisory lock, then count" (login failures, porting PIN checks)
// needs each statement to see what was committed before it: read committed,
// even where the server's default is stricter.
TEST_P(StoreTest, JobsReadCommittedWhateverTheServersDefault) {
  // SQLite has one writer and no isolation levels to choose.
  if (!postgres()) GTEST_SKIP() << "PostgreSQL only";
  const PgDatabase& pg = pg_database();
  std::string err = admin_command(pg.admin_url, "ALTER DATABASE " + pg.name +
                                                    " SET default_transaction_isolation = "
                                                    "'repeatable read'");
  ASSERT_TRUE(err.empty()) << err;
  auto other = open_database(url_);  // new sessions, under the new default
  std::string read_level, write_level;
  other->read_sync([&](Tx& tx) { read_level = tx.query_one(kIsolation)->str(0); });
  other->write_sync([&](Tx& tx) { write_level = tx.query_one(kIsolation)->str(0); });
  other->close();
  EXPECT_EQ(admin_command(pg.admin_url,
                          "ALTER DATABASE " + pg.name + " RESET default_transaction_isolation"),
            "");
  EXPECT_EQ(read_level, "read committed");
  EXPECT_EQ(write_level, "read committed");
}

// A job should let store errors escape; one that swallows one must still never
// be told "committed" for writes that were lost (PostgreSQL drops the whole
// transaction after a failed statement; SQLite drops the statement only).
TEST_P(StoreTest, SwallowedStoreErrorNeverReportsALostWrite) {
  bool committed = true;
  try {
    db_->write_sync([](Tx& tx) {
      tx.exec(kInsertItem, {1, 1, 0.0, "a"});
      try {
        tx.exec(kInsertItem, {1, 1, 0.0, "duplicate"});
      } catch (const UniqueViolation&) {
      }
    });
  } catch (const StoreError&) {
    committed = false;
  }
  EXPECT_EQ(committed, !postgres());
  auto expected = committed ? std::vector<std::int64_t>{1} : std::vector<std::int64_t>{};
  EXPECT_EQ(item_ids(), expected);
}

TEST_P(StoreTest, WritesDoNotWaitBehindALongReadQueue) {
  constexpr int kQueuedReads = 100;
  const int pool = static_cast<int>(db_->stats().readers);
  Gate gate;
  Arrivals blocking(pool);
  Outcomes blockers(pool);
  for (int i = 0; i < pool; ++i) {
    db_->submit_read(
        [&blocking, f = gate.future()](Tx&) {
          blocking.arrive();
          f.wait();
        },
        blockers.done(i));
  }
  ASSERT_TRUE(blocking.wait());  // every read connection is busy now
  std::atomic<int> reads_started{0};
  Outcomes reads(kQueuedReads);
  for (int i = 0; i < kQueuedReads; ++i) {
    db_->submit_read(
        [&reads_started](Tx& tx) {
          ++reads_started;
          tx.query(kCountItems);
        },
        reads.done(i));
  }
  int reads_before_write = -1;
  std::promise<void> write_done;
  db_->submit_write(
      [&](Tx& tx) {
        reads_before_write = reads_started;
        tx.exec(kInsertItem, {1, 1, 0.0, "w"});
      },
      [&](std::exception_ptr e) {
        if (e) return write_done.set_exception(e);
        write_done.set_value();
      });
  EXPECT_EQ(db_->stats().busy_readers, pool);
  auto f = write_done.get_future();
  if (!postgres()) {
    // The SQLite writer has its own connection: it need not wait for a reader at all.
    ASSERT_EQ(f.wait_for(kPatience), std::future_status::ready);
  }
  gate.open();
  ASSERT_EQ(f.wait_for(kPatience), std::future_status::ready);
  f.get();
  // The first connection set free takes the write; the others may start a read meanwhile.
  EXPECT_LT(reads_before_write, pool);
  ASSERT_TRUE(reads.wait());
}

TEST_P(StoreTest, StatsCountJobs) {
  auto before = db_->stats();
  insert_item(1);
  insert_item(2);
  count_items();
  auto after = db_->stats();
  EXPECT_EQ(after.writes - before.writes, 2);
  EXPECT_EQ(after.reads - before.reads, 1);
  EXPECT_GE(after.write_batches - before.write_batches, 1);
  EXPECT_EQ(after.queued_writes, 0);
  EXPECT_EQ(after.queued_reads, 0);
  EXPECT_EQ(after.busy_readers, 0);
  EXPECT_EQ(after.readers, OpenOptions{}.readers);
  std::int64_t batches = 0;
  for (auto n : after.batch_le) batches += n;
  EXPECT_EQ(batches, after.write_batches);
}

TEST_P(StoreTest, RecoversFromALostConnection) {
  if (!postgres()) GTEST_SKIP() << "connection loss is a PostgreSQL matter";
  // Prepare statements on every connection, then have every server session die.
  for (auto& e : on_every_connection(true, [](Tx& tx) { tx.query(kCountItems); })) {
    EXPECT_FALSE(e) << message_of(e);
  }
  for (auto& e : on_every_connection(true, [](Tx& tx) { tx.query(kTerminateSelf); })) {
    ASSERT_TRUE(e);
    EXPECT_THROW(std::rethrow_exception(e), StoreError);
  }
  // Each connection is reset and prepares its statements again.
  std::atomic<int> next_id{1};
  for (auto& e : on_every_connection(true, [&](Tx& tx) {
         tx.query(kCountItems);
         tx.exec(kInsertItem, {next_id++, 0, 0.0, "after reset"});
       })) {
    EXPECT_FALSE(e) << message_of(e);
  }
  EXPECT_EQ(count_items(), db_->stats().readers);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// A directory of its own under the system's temp directory, removed with it.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix) {
    std::random_device random;
    path = std::filesystem::temp_directory_path() /
           (prefix + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

// Runs `sql` on a connection opened with SQLite's own API; a failure fails the test.
void exec_raw(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << sql << ": " << (error ? error : "");
  sqlite3_free(error);
}

// Submits `n` inserts of t_items (ids from `first` on) without waiting, then
// waits for every answer; returns how many failed.
int insert_all_at_once(Database& db, int first, int n, const std::string& text) {
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0;
  int failed = 0;
  for (int i = first; i < first + n; ++i) {
    db.submit_write(
        [&, i](Tx& tx) {
          tx.exec(kInsertItem, {i, i - first, 0.0, text});
        },
        [&](std::exception_ptr e) {
          std::lock_guard lock(mu);
          if (e) ++failed;
          ++answered;
          cv.notify_all();
        });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return answered == n; });
  return failed;
}

// The writer's WAL frames wait in memory until SQLite syncs the WAL at the
// commit (store/wal_buffer.hpp): every commit that returned must be in the
// file even when the process dies the next instant, closing nothing, and a
// connection of another process must read them all, small commits and one
// far larger than a single write of the default VFS.
TEST(SqliteWal, EveryReturnedCommitSurvivesTheProcessDyingRightAfter) {
  ASSERT_TRUE(configure_sqlite());  // as the store does, before this process's own sqlite3_open
  TempDir dir("abonado-wal-test-");
  std::string path = dir.file("store.db");
  constexpr int kSmall = 300;
  constexpr int kBig = 2000;  // rows of one commit, some 4 MB
  std::string text(2000, 'w');
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = open_database("sqlite://" + path);
    db->write_sync([](Tx& tx) { tx.exec_script(kSchema); });
    for (int i = 0; i < kSmall; ++i) {
      db->write_sync([&](Tx& tx) { tx.exec(kInsertItem, {i, i, 0.0, text}); });
    }
    db->write_sync([&](Tx& tx) {
      for (int i = kSmall; i < kSmall + kBig; ++i) tx.exec(kInsertItem, {i, i, 0.0, text});
    });
    std::_Exit(0);  // no destructor, no close: what a crash leaves
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;

  sqlite3* raw = nullptr;  // SQLite's own VFS, as another program would open it
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  auto single = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, sql, -1, &stmt, nullptr), SQLITE_OK) << sql;
    std::string out;
    if (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  };
  EXPECT_EQ(single("SELECT COUNT(*) FROM t_items WHERE length(s) = 2000"),
            std::to_string(kSmall + kBig));
  EXPECT_EQ(single("SELECT SUM(i) FROM t_items"),
            std::to_string((kSmall + kBig - 1) * (kSmall + kBig) / 2));
  EXPECT_EQ(single("PRAGMA integrity_check"), "ok");
  sqlite3_close(raw);
}

// A commit is visible to other connections the moment it returns, whatever
// the writer's synchronous setting and even where SQLite writes part of the
// commit after the WAL's sync (padding to a sector on a device without
// powersafe overwrite, psow=0): the WAL buffer is written before SQLite
// publishes the commit.
TEST(SqliteWal, AnotherConnectionReadsEveryCommitAsSoonAsItReturns) {
  TempDir dir("abonado-wal-read-");
  struct Case {
    const char* name;
    const char* uri_tail;
    const char* sync;
  };
  for (const Case& c : {Case{"full", "", "FULL"}, Case{"normal", "", "NORMAL"},
                        Case{"psow0", "?psow=0", "FULL"}}) {
    SCOPED_TRACE(c.name);
    std::string path = dir.file(std::string(c.name) + ".db");
    sqlite3* writer = nullptr;
    sqlite3* reader = nullptr;
    ASSERT_EQ(sqlite3_open_v2(("file:" + path + c.uri_tail).c_str(), &writer,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                              wal_buffer_vfs()),
              SQLITE_OK);
    exec_raw(writer, "PRAGMA journal_mode=WAL");
    exec_raw(writer, std::string("PRAGMA synchronous=") + c.sync);
    exec_raw(writer, "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)");
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    auto count = [&] {
      sqlite3_stmt* stmt = nullptr;
      sqlite3_prepare_v2(reader, "SELECT COUNT(*) FROM t", -1, &stmt, nullptr);
      int rc = sqlite3_step(stmt);
      std::int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -rc;
      sqlite3_finalize(stmt);
      return n;
    };
    for (int i = 1; i <= 30; ++i) {
      exec_raw(writer, "INSERT INTO t (b) VALUES (hex(randomblob(300)))");
      ASSERT_EQ(count(), i) << "after commit " << i;
    }
    sqlite3_close(reader);
    sqlite3_close(writer);
  }
}

// The group commit syncs the WAL on a thread of its own while the writer goes
// on (the writer's COMMIT writes the frames without syncing them): a job is
// still answered only once its commit is on disk. What the WAL holds unsynced
// is read at the moment each answer is given; one sync serves a whole batch.
TEST(SqliteWal, EveryWriteIsOnDiskWhenItIsAnswered) {
  TempDir dir("abonado-wal-sync-");
  auto db = open_database("sqlite://" + dir.file("store.db"));
  db->write_sync([](Tx& tx) { tx.exec_script(kSchema); });
  std::string text(3000, 's');
  auto syncs_before = db->stats().wal_syncs;
  for (int i = 0; i < 40; ++i) {
    std::promise<std::int64_t> unsynced_when_answered;
    db->submit_write([&](Tx& tx) { tx.exec(kInsertItem, {i, i, 0.0, text}); },
                     [&](std::exception_ptr e) {
                       if (e) {
                         unsynced_when_answered.set_exception(e);
                       } else {
                         unsynced_when_answered.set_value(db->stats().unsynced_wal_bytes);
                       }
                     });
    ASSERT_EQ(unsynced_when_answered.get_future().get(), 0) << "write " << i;
  }
  EXPECT_EQ(db->stats().wal_syncs - syncs_before, 40);  // made by the sync thread

  // Concurrent writes: fewer syncs than writes, and nothing unsynced once all are answered.
  constexpr int kConcurrent = 200;
  syncs_before = db->stats().wal_syncs;
  EXPECT_EQ(insert_all_at_once(*db, 1000, kConcurrent, text), 0);
  auto s = db->stats();
  EXPECT_EQ(s.unsynced_wal_bytes, 0);
  EXPECT_LT(s.wal_syncs - syncs_before, kConcurrent);
  db->close();
}

// With its commits' WAL syncs deferred, a connection's commits leave their
// frames unsynced, but a checkpoint it runs syncs the WAL before copying
// frames into the database, as SQLite needs.
TEST(SqliteWal, ADeferredConnectionsCheckpointStillSyncsTheWal) {
  TempDir dir("abonado-wal-defer-");
  std::string path = dir.file("defer.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            wal_buffer_vfs()),
            SQLITE_OK);
  auto exec = [&](const std::string& sql) { exec_raw(db, sql); };
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)");
  ASSERT_TRUE(defer_wal_syncs(db));
  for (int i = 0; i < 20; ++i) exec("INSERT INTO t (b) VALUES (hex(randomblob(500)))");
  auto wal = wal_sync_of(db);
  ASSERT_TRUE(wal.has_value());
  EXPECT_GT(wal->unsynced_bytes(), 0);  // the commits wrote their frames, unsynced
  exec("PRAGMA wal_checkpoint(PASSIVE)");
  EXPECT_EQ(wal->unsynced_bytes(), 0);
  exec("INSERT INTO t (b) VALUES ('after')");
  EXPECT_GT(wal->unsynced_bytes(), 0);
  EXPECT_EQ(wal->sync(), 0);
  EXPECT_EQ(wal->unsynced_bytes(), 0);
  sqlite3_close(db);
}

// Writes that never pause: the checkpoint thread copies frames while the
// writer appends more and never reaches the WAL's end, from where alone
// SQLite starts a WAL over. The writer copies what is left itself once the
// WAL passes wal_catch_up_pages, so the file stays a fraction of what was
// written through it: below the checkpoint thread's start (1000 pages) the
// writer makes every checkpoint; above it, it takes over from the thread.
TEST(SqliteWal, TheWalStartsOverUnderWritesThatNeverPause) {
  TempDir dir("abonado-wal-restart-");
  std::string text(3000, 'r');
  struct Case {
    int catch_up_pages;
    int jobs;  // 4,000: some 24 MB through the WAL
  };
  for (Case c : {Case{300, 4000}, Case{1500, 12000}}) {
    SCOPED_TRACE(c.catch_up_pages);
    std::string path = dir.file("restart-" + std::to_string(c.catch_up_pages) + ".db");
    OpenOptions opts;
    opts.max_batch = 8;
    opts.wal_catch_up_pages = c.catch_up_pages;
    auto db = open_database("sqlite://" + path, opts);
    db->write_sync([](Tx& tx) { tx.exec_script(kSchema); });
    // All queued at once: the writer never waits for work.
    EXPECT_EQ(insert_all_at_once(*db, 0, c.jobs, text), 0);
    auto s = db->stats();
    EXPECT_GT(s.wal_catch_ups, 0);
    EXPECT_LT(std::filesystem::file_size(path + "-wal") * 4,
              static_cast<std::uintmax_t>(s.wal_bytes))
        << "written through the WAL: " << s.wal_bytes;
    std::int64_t rows = 0;
    db->read_sync([&](Tx& tx) { rows = tx.query_one(kCountItems)->i64(0); });
    EXPECT_EQ(rows, c.jobs);
    db->close();
  }
}

// Lowers this process's file size limit (writes past it fail with EFBIG
// instead of raising SIGXFSZ) until destroyed.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(std::uintmax_t bytes) {
    EXPECT_EQ(getrlimit(RLIMIT_FSIZE, &before_), 0);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit lower = before_;
    lower.rlim_cur = static_cast<rlim_t>(bytes);
    EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &lower), 0);
  }
  ~FileSizeLimit() {
    EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &before_), 0);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  struct rlimit before_ {};
  void (*old_handler_)(int) = nullptr;
};

// A WAL that cannot be written (here the process's file size limit fails
// its writes with EFBIG, SQLITE_IOERR_WRITE; a full disk's ENOSPC is
// SQLITE_FULL, the same path in the WAL buffer) fails the commit that hit it
// and every write after it, even once there is room again: nothing is
// answered as done that is not on disk, and what was answered is all there
// after a restart, nothing of the failed commits.
TEST(SqliteWal, AWriteThatFailsFailsEveryWriteAfterItAndLosesNothingAnswered) {
  TempDir dir("abonado-wal-full-");
  std::string path = dir.file("full.db");
  std::string text(3000, 'f');
  auto count = [](Database& d) {
    std::int64_t n = -1;
    d.read_sync([&](Tx& tx) { n = tx.query_one(kCountItems)->i64(0); });
    return n;
  };
  auto db = open_database("sqlite://" + path);
  db->write_sync([](Tx& tx) { tx.exec_script(kSchema); });
  EXPECT_FALSE(db->write_failure().has_value());
  for (int i = 0; i < 10; ++i) {
    db->write_sync([&](Tx& tx) { tx.exec(kInsertItem, {i, i, 0.0, text}); });
  }
  // The disk fills up: the WAL may grow by a few pages (part of the next
  // commit's frames land), not by the whole commit.
  auto wal_size = std::filesystem::file_size(path + "-wal");
  std::optional<FileSizeLimit> full;
  full.emplace(wal_size + 5 * 4096);
  int ran_after_failure = 0;
  std::exception_ptr big_error;
  try {
    db->write_sync([&](Tx& tx) {
      for (int i = 100; i < 160; ++i) tx.exec(kInsertItem, {i, i, 0.0, text});
    });
  } catch (...) {
    big_error = std::current_exception();
  }
  EXPECT_TRUE(big_error) << "a commit whose frames could not be written was answered as done";
  EXPECT_TRUE(db->write_failure().has_value());  // at once, before any later write
  if (big_error) {
    try {
      std::rethrow_exception(big_error);
    } catch (const StoreError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "not a StoreError: " << e.what();
    }
  }
  // Room again: the WAL's failed write is sticky (part of a frame may be on
  // disk), so the next write is refused unrun.
  full.reset();
  try {
    db->write_sync([&](Tx& tx) {
      ++ran_after_failure;
      tx.exec(kInsertItem, {200, 200, 0.0, "after"});
    });
    ADD_FAILURE() << "a write after a failed WAL write was answered as done";
  } catch (const NotDurableError&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a NotDurableError: " << e.what();
  }
  EXPECT_EQ(ran_after_failure, 0);
  auto why = db->write_failure();  // for /health
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("until the server restarts"), std::string::npos) << *why;
  // Readers still see every commit that was answered, and only those.
  EXPECT_EQ(count(*db), 10);
  db->close();

  auto again = open_database("sqlite://" + path);
  EXPECT_FALSE(again->write_failure().has_value());
  EXPECT_EQ(count(*again), 10);
  again->write_sync([&](Tx& tx) { tx.exec(kInsertItem, {300, 300, 0.0, "restarted"}); });
  EXPECT_EQ(count(*again), 11);
  again->close();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

TEST(OpenDatabase, RejectsBadUrls) {
  for (const char* url : {"mysql://x", "sqlite://", "sqlite:///tmp/dir/", "",
                          "postgresql://127.0.0.1/db?no_such_option=1"}) {
    SCOPED_TRACE(url);
    expect_error_code([url] { open_database(url); }, Code::kInvalidParameter);
  }
}

TEST(OpenDatabase, PostgresErrorsNeverShowThePassword) {
  // Port 1 refuses at once: no server needed.
  for (const char* url : {"postgresql://abonado:s3cr3t-pw@127.0.0.1:1/db",
                          "postgres://abonado@127.0.0.1:1/db?password=s3cr3t-pw",
                          "postgresql://abonado:s3cr3t-pw%zz@127.0.0.1:1/db"}) {
    SCOPED_TRACE(url);
    try {
      open_database(url);
      ADD_FAILURE() << "opened";
    } catch (const std::exception& e) {
      EXPECT_EQ(std::string(e.what()).find("s3cr3t"), std::string::npos) << e.what();
      EXPECT_TRUE(dynamic_cast<const StoreError*>(&e) || dynamic_cast<const Error*>(&e))
          << e.what();
    }
  }
}

}  // namespace
}  // namespace abonado::store

// abonado bench store: durable single-row write jobs per second through
// Database::submit_write with many concurrent writers, group commit against
// one commit per job, in the same run on the same disk.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <iostream>
#include <thread>

#include "app/commands.hpp"
#include "store/async.hpp"

namespace abonado::app {
namespace {

namespace asio = boost::asio;

constexpr store::Sql kCreate{"bench.create",
                             "CREATE TABLE IF NOT EXISTS bench_rows (id BIGINT PRIMARY KEY, "
                             "writer BIGINT NOT NULL, payload TEXT NOT NULL)"};
constexpr store::Sql kClear{"bench.clear", "DELETE FROM bench_rows"};
constexpr store::Sql kInsert{"bench.insert",
                             "INSERT INTO bench_rows (id, writer, payload) VALUES ($1, $2, $3)"};
constexpr store::Sql kCount{"bench.count", "SELECT COUNT(*) FROM bench_rows"};

struct Result {
  double seconds;
  std::int64_t rows;
  double batches;
};

Result run(const std::string& url, bool group_commit, int jobs, int concurrency) {
  store::OpenOptions o;
  o.group_commit = group_commit;
  auto db = store::open_database(url, o);
  db->write_sync([](store::Tx& tx) {
    tx.exec(kCreate);
    tx.exec(kClear);
  });
  auto before = db->stats();
  asio::io_context io(2);
  std::atomic<int> next{0};
  auto start = std::chrono::steady_clock::now();
  for (int w = 0; w < concurrency; ++w) {
    asio::co_spawn(io, [&, w]() -> asio::awaitable<void> {
      for (int i = next++; i < jobs; i = next++) {
        co_await store::write(*db, [&](store::Tx& tx) {
          tx.exec(kInsert, {i, w, "a row of about sixty bytes of payload, like an audit entry"});
        });
      }
    }, asio::detached);
  }
  std::thread second([&io] { io.run(); });
  io.run();
  second.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::int64_t rows = 0;
  db->read_sync([&](store::Tx& tx) { rows = tx.query_one(kCount)->i64(0); });
  auto after = db->stats();
  db->close();
  return {secs, rows,
          static_cast<double>(after.write_batches - before.write_batches)};
}

}  // namespace

int bench_store(const BenchStoreOptions& opts) {
  std::filesystem::path tmp;
  std::string url = opts.db_url;
  if (url.empty()) {
    tmp = std::filesystem::temp_directory_path() /
          ("abonado-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(tmp);
    url = "sqlite://" + (tmp / "bench.db").string();
  }
  try {
    // The baseline commits every job alone: fewer jobs keep its run short.
    int baseline_jobs = std::max(200, opts.jobs / 10);
    auto single = run(url, false, baseline_jobs, opts.concurrency);
    auto group = run(url, true, opts.jobs, opts.concurrency);
    double single_rate = single.rows / single.seconds;
    double group_rate = group.rows / group.seconds;
    std::cout << "database: " << url << "\n";
    std::cout << "one commit per job:  " << single.rows << " jobs in " << single.seconds
              << " s = " << static_cast<long>(single_rate) << " jobs/s\n";
    std::cout << "group commit:        " << group.rows << " jobs in " << group.seconds << " s = "
              << static_cast<long>(group_rate) << " jobs/s, mean batch "
              << group.rows / std::max(1.0, group.batches) << "\n";
    std::cout << "ratio: " << group_rate / single_rate << "x\n";
    if (single.rows != baseline_jobs || group.rows != opts.jobs) {
      std::cerr << "error: acknowledged rows missing\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  if (!tmp.empty()) std::filesystem::remove_all(tmp);
  return 0;
}

}  // namespace abonado::app

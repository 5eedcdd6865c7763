// abonado bench search: loads N generated customers through PartyService
// (skipped when the database holds them already, so reruns reuse it), then
// measures the quick search (PartyService::search on the read pool) from many
// concurrent searches per query kind, next to the ceiling of a primary-key
// SELECT on the same pool in the same run.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <sqlite3.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "app/commands.hpp"
#include "app/demo_data.hpp"
#include "core/error.hpp"
#include "policy/load.hpp"
#include "store/async.hpp"

namespace abonado::app {
namespace {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

// The ceiling: the cheapest read a search could be, one indexed row.
constexpr store::Sql kPartyById{"bench.party_by_id", "SELECT full_name FROM parties WHERE id = $1"};

double ms_since(SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count();
}

struct PhaseResult {
  double seconds = 0;
  std::vector<double> latency_ms;  // submit to result, per search
  std::vector<double> in_job_ms;   // inside the read job only
  std::int64_t hits = 0;           // parties returned in all
  std::int64_t empty = 0;          // searches that found nothing
};

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  auto at = v.begin() + static_cast<std::ptrdiff_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), at, v.end());
  return *at;
}

// Runs `count` reads from `concurrency` coroutines on `threads` threads;
// `job(i, tx)` does the i-th and returns how many results it found.
template <typename Job>
PhaseResult run_phase(store::Database& db, int count, int concurrency, int threads, Job job) {
  PhaseResult r;
  r.latency_ms.resize(static_cast<std::size_t>(count));
  r.in_job_ms.resize(static_cast<std::size_t>(count));
  std::atomic<int> next{0};
  std::atomic<std::int64_t> hits{0}, empty{0};
  asio::io_context io(threads);
  auto start = SteadyClock::now();
  for (int c = 0; c < concurrency; ++c) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          for (int i = next++; i < count; i = next++) {
            auto t0 = SteadyClock::now();
            std::int64_t found = co_await store::read(db, [&](store::Tx& tx) {
              auto t1 = SteadyClock::now();
              std::int64_t n = job(i, tx);
              r.in_job_ms[static_cast<std::size_t>(i)] = ms_since(t1);
              return n;
            });
            r.latency_ms[static_cast<std::size_t>(i)] = ms_since(t0);
            hits += found;
            if (found == 0) ++empty;
          }
        },
        asio::detached);
  }
  std::vector<std::thread> extra;
  for (int t = 1; t < threads; ++t) extra.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : extra) t.join();
  r.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  r.hits = hits;
  r.empty = empty;
  return r;
}

void print_row(const std::string& what, const PhaseResult& r) {
  double n = static_cast<double>(r.latency_ms.size());
  std::printf("| %s | %.0f | %.2f ms | %.2f ms | %.2f ms | %.1f | %lld |\n", what.c_str(),
              n / r.seconds, percentile(r.latency_ms, 0.5), percentile(r.latency_ms, 0.99),
              percentile(r.in_job_ms, 0.99), static_cast<double>(r.hits) / n,
              static_cast<long long>(r.empty));
}

// A Tx that times each named statement of the jobs it serves (one thread).
class TimingTx final : public store::Tx {
 public:
  struct Stat {
    std::int64_t calls = 0;
    std::int64_t rows = 0;
    double ms = 0;
  };
  explicit TimingTx(store::Tx& inner) : inner_(inner) {}
  store::Rows query(const store::Sql& stmt, const store::Params& params) override {
    auto t0 = SteadyClock::now();
    store::Rows rows = inner_.query(stmt, params);
    note(stmt, t0, static_cast<std::int64_t>(rows.size()));
    return rows;
  }
  std::int64_t exec(const store::Sql& stmt, const store::Params& params) override {
    auto t0 = SteadyClock::now();
    std::int64_t n = inner_.exec(stmt, params);
    note(stmt, t0, 0);
    return n;
  }
  void exec_script(std::string_view sql) override { inner_.exec_script(sql); }
  store::Dialect dialect() const override { return inner_.dialect(); }
  bool writable() const override { return inner_.writable(); }
  const std::map<std::string, Stat>& stats() const { return stats_; }

 private:
  void note(const store::Sql& stmt, SteadyClock::time_point t0, std::int64_t rows) {
    Stat& s = stats_[stmt.name];
    ++s.calls;
    s.rows += rows;
    s.ms += ms_since(t0);
  }
  store::Tx& inner_;
  std::map<std::string, Stat> stats_;
};

// Runs `queries` one after the other in one read job and prints where the
// time went, per named statement.
void print_statements(store::Database& db, const party::PartyService& service,
                      const std::string& what, const std::vector<std::string>& queries, int limit) {
  std::map<std::string, TimingTx::Stat> stats;
  double total_ms = 0;
  double cpu_ms = 0;  // the reading thread's CPU time: barely moved by other load on the machine
  db.read_sync([&](store::Tx& tx) {
    TimingTx timed(tx);
    auto t0 = SteadyClock::now();
    double cpu0 = thread_cpu_ms();
    for (const auto& q : queries) service.search(timed, q, limit);
    cpu_ms = thread_cpu_ms() - cpu0;
    total_ms = ms_since(t0);
    stats = timed.stats();
  });
  double n = static_cast<double>(queries.size());
  std::printf("%s: %.3f ms per search, one at a time (%.3f ms CPU)\n", what.c_str(),
              total_ms / n, cpu_ms / n);
  for (const auto& [name, s] : stats) {
    std::printf("  %-28s %5.1f calls %7.1f rows %7.3f ms\n", name.c_str(),
                static_cast<double>(s.calls) / n, static_cast<double>(s.rows) / n, s.ms / n);
  }
}

// Writes the search cards a database loaded before cards existed lacks, as
// the `party.search_cards` job of `serve` does, and reports how long it took.
void fill_cards(store::Database& db, const party::PartyService& service) {
  auto start = SteadyClock::now();
  std::string after;
  std::int64_t batches = 0;
  for (;;) {
    std::optional<std::string> last;
    db.write_sync([&](store::Tx& tx) { last = service.fill_missing_cards(tx, after, 2000); });
    if (!last) break;
    after = *last;
    ++batches;
  }
  if (batches > 1) {
    std::printf("search cards: checked %lld batches of 2,000 parties in %.0f s\n",
                static_cast<long long>(batches),
                std::chrono::duration<double>(SteadyClock::now() - start).count());
  }
}

// Customers in the database (each generated party has one).
std::int64_t customer_count(store::Database& db, const party::PartyService& service) {
  std::int64_t total = 0;
  db.read_sync([&](store::Tx& tx) {
    party::CustomerFilter f;
    f.limit = 1;
    total = service.list_customers(tx, f).second;
  });
  return total;
}

// Loads customers [have, want) and reports the rate.
void load(store::Database& db, const party::PartyService& service, const DemoPeople& people,
          std::int64_t have, std::int64_t want, int per_job) {
  if (have >= want) {
    std::printf("load: skipped, %lld customers already there\n", static_cast<long long>(have));
    return;
  }
  std::printf("load: customers %lld..%lld in write jobs of %d\n", static_cast<long long>(have),
              static_cast<long long>(want - 1), per_job);
  std::fflush(stdout);
  auto before = db.stats();
  auto start = SteadyClock::now();
  auto last_report = start;
  DemoLoad done = load_demo_customers(
      db, service, Actor::system("bench"), people, have, want, per_job, [&](std::int64_t n) {
        if (SteadyClock::now() - last_report < std::chrono::seconds(10)) return;
        last_report = SteadyClock::now();
        double secs = std::chrono::duration<double>(last_report - start).count();
        std::printf("  %lld customers, %.0f/s\n", static_cast<long long>(n),
                    static_cast<double>(n) / secs);
        std::fflush(stdout);
      });
  double secs = std::chrono::duration<double>(SteadyClock::now() - start).count();
  auto after = db.stats();
  double jobs = static_cast<double>(after.writes - before.writes);
  double batches =
      static_cast<double>(std::max<std::int64_t>(1, after.write_batches - before.write_batches));
  std::printf(
      "load: %lld customers added (%lld already there) in %.1f s = %.0f customers/s, "
      "%.1f jobs per commit\n",
      static_cast<long long>(done.added), static_cast<long long>(done.existing), secs,
      static_cast<double>(done.added) / secs, jobs / batches);
}

}  // namespace

int bench_search(const BenchSearchOptions& opts) {
  if (opts.sqlite_mmap_mb > 0) {
    // What `PRAGMA mmap_size` on the store's connections would give: SQLite's
    // process-wide default, settable only before the first connection opens.
    auto bytes = static_cast<sqlite3_int64>(opts.sqlite_mmap_mb) << 20;
    if (sqlite3_config(SQLITE_CONFIG_MMAP_SIZE, bytes, bytes) != SQLITE_OK) {
      std::cerr << "error: cannot set SQLite's mmap size\n";
      return 2;
    }
  }
  try {
    Policy policy = load_policy(opts.operator_name);
    DemoPeople people(policy.country);
    if (opts.customers < 1 || opts.customers > people.capacity()) {
      throw Error(Code::kInvalidParameter,
                  "--customers must be from 1 to " + std::to_string(people.capacity()),
                  "customers");
    }
    if (opts.queries < 1 || opts.concurrency < 1 || opts.readers < 1 || opts.per_job < 1) {
      throw Error(Code::kInvalidParameter,
                  "--queries, --concurrency, --readers and --per-job must be at least 1", "bench");
    }
    store::OpenOptions o;
    o.readers = opts.readers;
    auto db = store::open_database(opts.db_url, o);
    store::migrate(*db);
    SystemClock clock;
    party::PartyService service(clock, policy.phone_region);
    load(*db, service, people, customer_count(*db, service), opts.customers, opts.per_job);
    fill_cards(*db, service);
    std::int64_t n = std::min(opts.customers, customer_count(*db, service));

    // The queries, drawn before timing: existing people's mobiles and
    // documents, common "surname given-name" pairs and rare surnames.
    std::mt19937_64 rng(20261122);
    auto some_person = [&] {
      for (;;) {
        std::int64_t i = std::uniform_int_distribution<std::int64_t>(0, n - 1)(rng);
        if (!DemoPeople::is_organization(i)) return people.customer(i);
      }
    };
    std::vector<std::string> phones, documents, common_names, rare_names, mixed;
    for (int i = 0; i < opts.queries; ++i) {
      DemoCustomer a = some_person();
      phones.push_back(a.mobile_national);
      documents.push_back(some_person().party.documents.front().number);
      common_names.push_back(people.common_name_query(rng()));
      rare_names.push_back(people.rare_name_query(rng()));
    }
    for (int i = 0; i < opts.queries; ++i) {
      const std::vector<std::string>* kind =
          std::array{&phones, &documents, &common_names, &rare_names}[i % 4];
      mixed.push_back((*kind)[static_cast<std::size_t>(i)]);
    }

    int threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto searching = [&](const std::vector<std::string>& queries) {
      return run_phase(*db, opts.queries, opts.concurrency, threads, [&](int i, store::Tx& tx) {
        return static_cast<std::int64_t>(
            service.search(tx, queries[static_cast<std::size_t>(i)], opts.limit).size());
      });
    };
    // Warm the readers' caches the way a server that has run a while has them.
    searching(common_names);
    searching(phones);

    std::vector<std::string> party_ids;
    db->read_sync([&](store::Tx& tx) {
      for (int i = 0; i < std::min(opts.queries, 2000); ++i) {
        auto hits = service.search(tx, documents[static_cast<std::size_t>(i)], 1);
        if (!hits.empty()) party_ids.push_back(hits.front().party_id);
      }
    });
    if (party_ids.empty()) throw std::runtime_error("no party found by document");

    std::printf(
        "\ndatabase: %s (%s), %lld customers, %u cores, %d readers, %d searches in "
        "flight from %d threads, limit %d, %d searches per kind, SQLite mmap %d MB\n",
        opts.db_url.c_str(), std::string(db->kind()).c_str(), static_cast<long long>(n),
        std::thread::hardware_concurrency(), opts.readers, opts.concurrency, threads, opts.limit,
        opts.queries, opts.sqlite_mmap_mb);
    std::printf("| query | searches/s | p50 | p99 | p99 in job | results/search | none found |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    print_row("phone, national (\"" + phones[0] + "\")", searching(phones));
    print_row("document (\"" + documents[0] + "\")", searching(documents));
    print_row("name, surname + given (\"" + common_names[0] + "\")", searching(common_names));
    print_row("name, one rare word (\"" + rare_names[0] + "\")", searching(rare_names));
    print_row("the four kinds in turn", searching(mixed));
    print_row("ceiling: SELECT by primary key",
              run_phase(*db, opts.queries, opts.concurrency, threads, [&](int i, store::Tx& tx) {
                const auto& id = party_ids[static_cast<std::size_t>(i) % party_ids.size()];
                return static_cast<std::int64_t>(tx.query(kPartyById, {id}).size());
              }));
    if (opts.statements) {
      std::printf("\nwhere the time goes, per named statement (%d searches of each kind):\n",
                  std::min(opts.queries, 1000));
      auto first = [&](const std::vector<std::string>& v) {
        return std::vector<std::string>(v.begin(),
                                        v.begin() + std::min<std::size_t>(v.size(), 1000));
      };
      print_statements(*db, service, "phone", first(phones), opts.limit);
      print_statements(*db, service, "document", first(documents), opts.limit);
      print_statements(*db, service, "name, surname + given", first(common_names), opts.limit);
      print_statements(*db, service, "name, one rare word", first(rare_names), opts.limit);
    }
    db->close();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace abonado::app

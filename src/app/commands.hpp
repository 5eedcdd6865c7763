#pragma once
// The subcommands of the `abonado` binary. Each returns the process exit code.

#include <cstdint>
#include <string>
#include <vector>

namespace abonado::app {

struct ServeOptions {
  std::string db_url = "sqlite://./data/abonado.db";
  std::string operator_name = "pe-flash";
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "web/dist";
  std::string outbox_key;  // key file for one-time codes at rest; default beside the data
  std::string files_dir;  // attachments; empty: beside the SQLite file, else ./data/attachments
  std::string sms_url;
  std::string mail_url;
  bool testing = false;
  bool simulate_registries = false;  // the simulated national registry, for demos on loopback
  bool access_log = true;
  int threads = 0;  // 0: one per core
};

struct UserAddOptions {
  std::string db_url = "sqlite://./data/abonado.db";
  std::string username;
  std::string display_name;
  std::vector<std::string> roles;
};

struct SeedOptions {
  std::string db_url = "sqlite://./data/abonado.db";
  std::string operator_name = "pe-flash";
};

struct ImportOptions {
  std::string db_url = "sqlite://./data/abonado.db";
  std::string operator_name = "pe-flash";  // its phone region decides which numbers are valid
  std::string kind;                        // sims | numbers
  std::string file;                        // CSV: the value in the first column
};

struct BenchStoreOptions {
  std::string db_url;  // empty: a fresh SQLite file in a temp dir
  int jobs = 20000;
  int concurrency = 256;
};

struct BenchSearchOptions {
  std::string db_url = "sqlite://./build/bench-search/customers.db";  // kept for reruns
  std::string operator_name = "pe-flash";
  std::int64_t customers = 1'000'000;  // generated first unless already there
  int queries = 20000;                 // searches per query kind
  int concurrency = 16;                // searches in flight
  int readers = 4;                     // read connections, as `serve` opens
  int per_job = 1000;                  // customers per write job while loading
  int limit = 10;                      // results per search, as the API's default
  int sqlite_mmap_mb = 0;              // > 0: SQLite connections map this much of the file
  bool statements = false;             // also print the time per named statement
};

int serve(const ServeOptions& opts);
int migrate(const std::string& db_url);
int user_add(const UserAddOptions& opts);
int seed_demo(const SeedOptions& opts);
// Loads SIM cards or pool numbers from a CSV file. Exit code 0 when every
// row was loaded, 1 when some were rejected (listed), 2 on failure.
int import_stock(const ImportOptions& opts);
int bench_store(const BenchStoreOptions& opts);
int bench_search(const BenchSearchOptions& opts);

// "host:port" -> parts; throws abonado::Error(kInvalidParameter) when malformed.
std::pair<std::string, std::uint16_t> parse_listen(const std::string& listen);
bool is_loopback(const std::string& host);

}  // namespace abonado::app

// abonado: one binary for the server and its tools.

#include <CLI/CLI.hpp>

#include <malloc.h>

#include <iostream>

#include "app/commands.hpp"
#include "app/version.hpp"

int main(int argc, char** argv) {
  // glibc gives the top of each thread's heap back once 128 KiB are free and
  // takes it again with mprotect() on the next request: thousands of system
  // calls a second on the database writer under load. Keep up to 64 MiB.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 4 << 20);
  using namespace abonado::app;
  CLI::App cli{"Abonado: customer care and BSS for telecom operators"};
  cli.require_subcommand(1);

  ServeOptions serve_opts;
  auto* serve_cmd = cli.add_subcommand("serve", "Run the HTTP server");
  serve_cmd->add_option("--db", serve_opts.db_url, "sqlite:///path.db or postgresql://...")
      ->capture_default_str();
  serve_cmd->add_option("--operator", serve_opts.operator_name, "policy pack name or file")
      ->capture_default_str();
  serve_cmd->add_option("--listen", serve_opts.listen, "HOST:PORT (port 0: any)")
      ->capture_default_str();
  serve_cmd->add_option("--web", serve_opts.web_root, "directory of the built web console")
      ->capture_default_str();
  serve_cmd->add_option("--files", serve_opts.files_dir,
                        "directory of uploaded files (default: beside the SQLite database)");
  serve_cmd->add_option("--sms", serve_opts.sms_url,
                        "kannel://user:pass@host:port or file:///abs/sms.jsonl "
                        "(default: sms.jsonl beside the SQLite database)");
  serve_cmd->add_option("--mail", serve_opts.mail_url,
                        "smtp://host:port or file:///abs/mail.jsonl (default: beside the database)");
  serve_cmd->add_option("--outbox-key", serve_opts.outbox_key,
                        "key file encrypting one-time codes at rest (created if missing)");
  serve_cmd->add_option("--threads", serve_opts.threads, "io threads (0: one per core)");
  serve_cmd->add_flag("--simulate-registries", serve_opts.simulate_registries,
                      "answer fingerprint checks with API.md's simulated registry instead of a "
                      "503, and card charges of scheduled top-ups with a simulated provider "
                      "(demo; loopback only)");
  serve_cmd->add_flag("--testing", serve_opts.testing,
                      "testing endpoints and simulated registries (loopback only)");
  serve_cmd->add_flag("!--no-access-log", serve_opts.access_log, "do not log each request");

  std::string migrate_db = "sqlite://./data/abonado.db";
  auto* migrate_cmd = cli.add_subcommand("migrate", "Apply pending database migrations");
  migrate_cmd->add_option("--db", migrate_db)->capture_default_str();

  UserAddOptions user_opts;
  auto* user_cmd = cli.add_subcommand("user", "Manage agents");
  user_cmd->require_subcommand(1);
  auto* user_add_cmd = user_cmd->add_subcommand("add", "Add an agent; the password is read from stdin");
  user_add_cmd->add_option("--db", user_opts.db_url)->capture_default_str();
  user_add_cmd->add_option("--username", user_opts.username)->required();
  user_add_cmd->add_option("--display-name", user_opts.display_name);
  user_add_cmd->add_option("--role", user_opts.roles, "admin, supervisor, operator, sales, "
                                                      "backoffice, retention, postsales, leader")
      ->required();

  SeedOptions seed_opts;
  bool demo = false;
  auto* seed_cmd = cli.add_subcommand("seed", "Load data");
  seed_cmd->add_flag("--demo", demo, "demo agents and data for the operator")->required();
  seed_cmd->add_option("--db", seed_opts.db_url)->capture_default_str();
  seed_cmd->add_option("--operator", seed_opts.operator_name)->capture_default_str();

  ImportOptions import_opts;
  auto* import_cmd = cli.add_subcommand(
      "import", "Load SIM cards or pool numbers from a CSV file (the value in the first column)");
  import_cmd->add_option("kind", import_opts.kind, "sims or numbers")
      ->required()
      ->check(CLI::IsMember({"sims", "numbers"}));
  import_cmd->add_option("file", import_opts.file, "FILE.csv")->required();
  import_cmd->add_option("--db", import_opts.db_url)->capture_default_str();
  import_cmd->add_option("--operator", import_opts.operator_name)->capture_default_str();

  BenchStoreOptions bench_opts;
  auto* bench_cmd = cli.add_subcommand("bench", "Benchmarks");
  bench_cmd->require_subcommand(1);
  auto* bench_store_cmd = bench_cmd->add_subcommand(
      "store", "Durable write jobs/s: group commit against one commit per job");
  bench_store_cmd->add_option("--db", bench_opts.db_url, "default: a temporary SQLite file");
  bench_store_cmd->add_option("--jobs", bench_opts.jobs)->capture_default_str();
  bench_store_cmd->add_option("--concurrency", bench_opts.concurrency)->capture_default_str();

  BenchSearchOptions search_opts;
  auto* bench_search_cmd = bench_cmd->add_subcommand(
      "search", "Quick search per query kind on N generated customers (loaded first if missing)");
  bench_search_cmd->add_option("--db", search_opts.db_url)->capture_default_str();
  bench_search_cmd->add_option("--operator", search_opts.operator_name)->capture_default_str();
  bench_search_cmd->add_option("--customers", search_opts.customers)->capture_default_str();
  bench_search_cmd->add_option("--queries", search_opts.queries, "searches per query kind")
      ->capture_default_str();
  bench_search_cmd->add_option("--concurrency", search_opts.concurrency, "searches in flight")
      ->capture_default_str();
  bench_search_cmd->add_option("--readers", search_opts.readers, "read connections")
      ->capture_default_str();
  bench_search_cmd->add_option("--per-job", search_opts.per_job, "customers per write job")
      ->capture_default_str();
  bench_search_cmd
      ->add_option("--sqlite-mmap-mb", search_opts.sqlite_mmap_mb,
                   "map this much of the SQLite file (0: read(), as `serve` does)")
      ->capture_default_str();
  bench_search_cmd->add_flag("--statements", search_opts.statements,
                             "also print the time per named SQL statement of each query kind");

  cli.add_subcommand("version", "Print the version");

  CLI11_PARSE(cli, argc, argv);

  if (*serve_cmd) return serve(serve_opts);
  if (*migrate_cmd) return migrate(migrate_db);
  if (*user_add_cmd) return user_add(user_opts);
  if (*seed_cmd) return seed_demo(seed_opts);
  if (*import_cmd) return import_stock(import_opts);
  if (*bench_store_cmd) return bench_store(bench_opts);
  if (*bench_search_cmd) return bench_search(search_opts);
  std::cout << "abonado " << kVersion << "\n";
  return 0;
}

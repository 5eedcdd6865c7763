// Wiring: the only place that reads configuration and builds services.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <pthread.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "app/commands.hpp"
#include "app/line_opened.hpp"
#include "app/search_sources.hpp"
#include "app/system_routes.hpp"
#include "app/timeline_sources.hpp"
#include "app/version.hpp"
#include "attachments/routes.hpp"
#include "auth/routes.hpp"
#include "balance/jobs.hpp"
#include "balance/routes.hpp"
#include "care/routes.hpp"
#include "catalog/routes.hpp"
#include "core/error.hpp"
#include "http/idempotency.hpp"
#include "http/server.hpp"
#include "lines/jobs.hpp"
#include "lines/routes.hpp"
#include "notify/routes.hpp"
#include "notify/sender.hpp"
#include "party/routes.hpp"
#include "policy/load.hpp"
#include "store/async.hpp"

namespace abonado::app {
namespace {

namespace asio = boost::asio;

void setup_logging() {
  spdlog::init_thread_pool(65536, 1);
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto logger = std::make_shared<spdlog::async_logger>("abonado", sink, spdlog::thread_pool(),
                                                       spdlog::async_overflow_policy::block);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

auth::LoginRules login_rules(const Policy& p) {
  return {p.auth.max_failed_logins, std::chrono::minutes(p.auth.failed_login_window_minutes),
          std::chrono::minutes(p.auth.lockout_minutes)};
}

// Where files of the installation live by default: beside an SQLite
// database (so that its folder holds everything), else ./data.
std::filesystem::path data_dir(const ServeOptions& opts) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (std::string_view(opts.db_url).starts_with(kSqlite)) {
    return std::filesystem::absolute(
        std::filesystem::path(opts.db_url.substr(kSqlite.size())).parent_path());
  }
  return std::filesystem::absolute("data");
}

std::string or_default(const std::string& given, const std::string& fallback) {
  return given.empty() ? fallback : given;
}

// The URL Kannel calls back with delivery reports.
std::string self_url(const std::string& host, std::uint16_t port) {
  std::string h = host == "0.0.0.0" ? "127.0.0.1" : host == "::" ? "::1" : host;
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(port);
}

std::string operator_label(const std::string& name_or_path) {
  for (const auto& pack : builtin_packs()) {
    if (pack.name == name_or_path) return name_or_path;
  }
  return std::filesystem::path(name_or_path).stem().string();
}

void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const Clock& clock,
                   const auth::AuthService& auth) {
  scheduler.every("auth.purge_expired", std::chrono::minutes(10),
                  [&db, &auth](TimePoint) -> asio::awaitable<void> {
                    co_await store::write(db, [&](store::Tx& tx) { auth.purge_expired(tx); });
                  });
  scheduler.every("idempotency.purge", std::chrono::hours(1),
                  [&db](TimePoint now) -> asio::awaitable<void> {
                    co_await store::write(
                        db, [&](store::Tx& tx) { http::purge_idempotency_keys(tx, now); });
                  });
}

}  // namespace

std::pair<std::string, std::uint16_t> parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  auto bad = [&] {
    return Error(Code::kInvalidParameter,
                 "--listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got '" + listen + "')",
                 "listen");
  };
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) throw bad();
  std::string host = listen.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  int port = 0;
  for (char c : listen.substr(colon + 1)) {
    if (c < '0' || c > '9') throw bad();
    port = port * 10 + (c - '0');
    if (port > 65535) throw bad();
  }
  return {host, static_cast<std::uint16_t>(port)};
}

bool is_loopback(const std::string& host) {
  return host == "::1" || host.starts_with("127.");
}

int serve(const ServeOptions& opts) {
  setup_logging();
  std::string host;
  std::uint16_t port = 0;
  std::unique_ptr<store::Database> db;
  Policy policy;
  std::unique_ptr<notify::Templates> templates;
  std::unique_ptr<notify::SecretKey> outbox_key;
  std::unique_ptr<attachments::BlobStore> blobs;
  auto dir = data_dir(opts);
  try {
    std::tie(host, port) = parse_listen(opts.listen);
    if (opts.simulate_registries && !is_loopback(host)) {
      throw Error(Code::kInvalidParameter,
                  "--simulate-registries is refused unless --listen is a loopback address",
                  "simulate-registries");
    }
    if (opts.testing && !is_loopback(host)) {
      throw Error(Code::kInvalidParameter,
                  "--testing is refused unless --listen is a loopback address", "testing");
    }
    policy = load_policy(opts.operator_name);
    templates = std::make_unique<notify::Templates>(operator_label(opts.operator_name),
                                                    policy.language);
    std::filesystem::create_directories(dir);
    outbox_key = std::make_unique<notify::SecretKey>(
        notify::SecretKey::load_or_create(or_default(opts.outbox_key, (dir / "outbox.key").string())));
    blobs = std::make_unique<attachments::BlobStore>(or_default(opts.files_dir, (dir / "attachments").string()));
    db = store::open_database(opts.db_url);
    int ran = store::migrate(*db);
    if (ran) spdlog::info("applied {} migration(s)", ran);
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    spdlog::shutdown();
    return 2;
  }

  SystemClock system_clock;
  std::unique_ptr<ManualClock> testing_clock;
  if (opts.testing) testing_clock = std::make_unique<ManualClock>(system_clock.now());
  const Clock& clock = testing_clock ? static_cast<const Clock&>(*testing_clock) : system_clock;

  int threads = opts.threads > 0 ? opts.threads
                                 : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  asio::io_context io(threads);
  asio::thread_pool cpu(2);          // argon2id, content sniffing, blob files
  asio::thread_pool notify_pool(notify::Sender::kWave);  // blocking SMS and mail sends
  asio::thread_pool payments_pool(2);                    // blocking charges of scheduled top-ups
  jobs::Scheduler scheduler(io.get_executor(), clock);

  auth::AuthService auth_service(clock, login_rules(policy));
  http::Router router;
  std::unique_ptr<http::Metrics> metrics;
  party::PartyService party_service(clock, policy.phone_region);
  care::Interactions interactions(clock, party_service);
  care::Notes notes(clock, party_service);
  attachments::AttachmentService attachment_service(clock);
  notify::Outbox outbox(clock, *outbox_key, *templates);
  care::Timeline timeline(party_service, interactions, notes, {message_source(outbox)});
  BusinessCalendar calendar = business_calendar(policy);
  lines::Lines lines_service(clock, party_service, lines::line_rules(policy),
                             with_main_balance(clock, policy.currency));
  lines::Inventory inventory(clock, policy.phone_region);
  lines::Activations activations(clock, lines_service, calendar, interactions, outbox);
  lines::ActivationRequests activation_requests(clock, lines_service, calendar, interactions,
                                                outbox, attachment_service);
  lines::PortIns port_ins(clock, lines_service, calendar, interactions, outbox);
  lines::Suspensions suspensions(clock, interactions, policy.language);
  // No connection to the national registry exists in this repository: the
  // simulator answers under --testing or --simulate-registries (loopback
  // only), and fingerprint checks are a 503 otherwise. The donor's PIN rule
  // is the policy's (FL-6: a fixed PIN at launch), so its simulator answers in
  // every mode. Real adapters replace these two lines.
  auto biometric_registry = opts.testing || opts.simulate_registries
                                ? lines::simulated_registry()
                                : lines::unavailable_registry();
  auto clearinghouse =
      lines::simulated_clearinghouse(policy.porting_pin.value_or(PinRule{}), opts.testing);
  // Scheduled top-ups charge the card on file (FL-11); no card payment
  // provider is connected either, so its charges wait unanswered unless
  // simulated.
  auto payments = opts.testing || opts.simulate_registries ? balance::simulated_payments()
                                                           : balance::unavailable_payments();
  catalog::Catalog catalog(policy.catalog ? &*policy.catalog : nullptr, policy.currency);
  balance::BalanceService balance_service(
      clock, catalog,
      {policy.currency, policy.country, policy.phone_region, policy.language, policy.topup,
       policy.calendar.time_zone},
      interactions, outbox);
  balance::UssdMenu ussd_menu(balance_service, catalog, policy, clock);
  auth::SessionCache sessions;
  auth::add_routes(router, {*db, clock, auth_service, cpu, sessions});
  attachments::add_routes(router,
                          {*db, clock, attachment_service, *blobs, policy.attachments, cpu});
  party::add_routes(router, {*db, clock, party_service, policy.country, policy.phone_region,
                             line_products(lines_service)});
  care::add_routes(router, {*db, clock, interactions, notes, timeline});
  notify::add_routes(router, {*db, clock, outbox});
  lines::add_routes(router, {*db, clock, lines_service, inventory, activations, activation_requests,
                             port_ins, *biometric_registry, *clearinghouse, suspensions});
  catalog::add_routes(router, {catalog});
  balance::add_routes(router, {*db, clock, balance_service, ussd_menu});
  add_system_routes(router, {*db, operator_label(opts.operator_name), policy, metrics, scheduler,
                             testing_clock.get()});
  metrics = std::make_unique<http::Metrics>(router);
  // A registry or clearinghouse that hangs shows here before anyone calls.
  metrics->add_gauge("abonado_outside_checks_in_flight", "service=\"biometricRegistry\"",
                     [&r = *biometric_registry] { return r.in_flight(); });
  metrics->add_gauge("abonado_outside_checks_in_flight", "service=\"clearinghouse\"",
                     [&c = *clearinghouse] { return c.in_flight(); });
  register_jobs(scheduler, *db, clock, auth_service);
  // Search cards of parties created before cards existed (party/cards.hpp),
  // a batch a second from where the last one stopped, until there are none.
  scheduler.every("party.search_cards", std::chrono::seconds(1),
                  [&db, &party_service, after = std::string(),
                   done = false](TimePoint) mutable -> asio::awaitable<void> {
                    if (done) co_return;
                    auto last = co_await store::write(*db, [&](store::Tx& tx) {
                      return party_service.fill_missing_cards(tx, after, 500);
                    });
                    if (last) after = *last;
                    else done = true;
                  });
  lines::register_jobs(scheduler, *db, activations, port_ins);
  balance::register_jobs(scheduler, *db, balance_service, *payments, payments_pool);

  auth::SessionAuthenticator authenticator(*db, auth_service, sessions);
  http::ServerOptions server_opts;
  server_opts.host = host;
  server_opts.port = port;
  server_opts.web_root = opts.web_root;
  server_opts.access_log = opts.access_log;
  http::Server server(io, {router, authenticator, *metrics, *db, clock}, server_opts);
  std::unique_ptr<notify::SmsTransport> sms;
  std::unique_ptr<notify::MailTransport> mail;
  try {
    port = server.start();
    // Kannel's delivery reports come back to the port we got.
    sms = notify::make_sms_transport(or_default(opts.sms_url, "file://" + (dir / "sms.jsonl").string()),
                                     {"Abonado", self_url(host, port)}, clock);
    mail = notify::make_mail_transport(
        or_default(opts.mail_url, "file://" + (dir / "mail.jsonl").string()), {}, clock);
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    spdlog::shutdown();
    return 2;
  }
  notify::Sender sender(*db, outbox, clock, *sms, *mail, notify_pool);
  scheduler.every("notify.send", std::chrono::seconds(1),
                  [&sender](TimePoint now) { return sender.run_due(now); });
  scheduler.start();

  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer drain_deadline(io);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    spdlog::info("stopping: finishing requests in flight");
    scheduler.stop();
    server.shutdown([&] {
      drain_deadline.cancel();
      io.stop();
    });
    drain_deadline.expires_after(std::chrono::seconds(30));
    drain_deadline.async_wait([&](const boost::system::error_code& e) {
      if (!e) {
        spdlog::warn("requests still in flight after 30 s; stopping anyway");
        io.stop();
      }
    });
  });

  spdlog::info("abonado {} serving http://{}:{} database={} operator={}{}", kVersion, host, port,
               db->kind(), opts.operator_name, opts.testing ? " (testing)" : "");
  // Tests and scripts read this line to learn the port.
  std::cout << "listening on " << host << ":" << port << std::endl;

  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) {
    workers.emplace_back([&io] {
      pthread_setname_np(pthread_self(), "http-io");
      io.run();
    });
  }
  io.run();
  for (auto& t : workers) t.join();
  cpu.join();
  notify_pool.join();
  payments_pool.join();
  db->close();  // every acknowledged write is already committed; this drains the queues
  spdlog::info("stopped");
  spdlog::shutdown();
  return 0;
}

}  // namespace abonado::app

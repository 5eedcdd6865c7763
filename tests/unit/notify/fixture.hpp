#pragma once
// Shared set-up for the notify tests: a real, migrated database (a temp SQLite file; or, for
// tests parameterised with "postgresql" and when ABONADO_TEST_PG is set, a fresh PostgreSQL
// database dropped afterwards), a server key, pe-flash templates, a manual clock, the Outbox,
// fake transports, and a helper that runs a coroutine to completion.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "notify/service.hpp"
#include "notify/transport.hpp"
#include "store/database.hpp"

namespace abonado::notify::testing {

inline constexpr const char* kSqlite = "sqlite";
inline constexpr const char* kPostgres = "postgresql";

// A directory of its own, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::random_device r;
    path_ = std::filesystem::temp_directory_path() /
            ("abonado-notify-test-" + std::to_string(r()) + std::to_string(r()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs one statement on a PostgreSQL maintenance database; returns the error or "".
inline std::string pg_admin(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
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

inline std::string with_database(const std::string& url, const std::string& name) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto path = url.find_first_of("/?", start);
  if (path == std::string::npos) return url + "/" + name;
  auto query = url.find('?', path);
  return url.substr(0, path) + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// An SMS or mail transport that records what it was given and answers from a script (then
// with `fallback`). Thread-safe: the Sender calls it from its pool.
class FakeTransport final : public SmsTransport, public MailTransport {
 public:
  SendResult send(const Outgoing& m) override {
    std::function<void(const Outgoing&)> hook;
    SendResult r;
    {
      std::lock_guard lock(mu_);
      sent_.push_back(m);
      hook = on_send_;
      if (!script_.empty()) {
        r = script_.front();
        script_.pop_front();
      } else {
        r = fallback_;
      }
    }
    if (hook) hook(m);
    return r;
  }
  void answer(SendResult r) {
    std::lock_guard lock(mu_);
    script_.push_back(std::move(r));
  }
  void set_fallback(SendResult r) {
    std::lock_guard lock(mu_);
    fallback_ = std::move(r);
  }
  void on_send(std::function<void(const Outgoing&)> hook) {
    std::lock_guard lock(mu_);
    on_send_ = std::move(hook);
  }
  std::vector<Outgoing> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }

  static SendResult ok() { return SendResult{true, false, false, "", ""}; }
  static SendResult accepted() { return SendResult{true, false, true, "", ""}; }
  static SendResult transient(std::string why) { return SendResult{false, false, false, "", why}; }
  static SendResult permanent(std::string why) { return SendResult{false, true, false, "", why}; }

 private:
  mutable std::mutex mu_;
  std::vector<Outgoing> sent_;
  std::deque<SendResult> script_;
  SendResult fallback_ = ok();
  std::function<void(const Outgoing&)> on_send_;
};

// Runs `body` on `io` until it completes; rethrows what it throws.
inline void run_coro(boost::asio::io_context& io,
                     std::function<boost::asio::awaitable<void>()> body) {
  auto fut = boost::asio::co_spawn(io, body(), boost::asio::use_future);
  io.run();
  io.restart();
  fut.get();
}

// A migrated database of the test's backend, a key, templates and an Outbox.
class NotifyTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kPostgres) {
      const char* admin = std::getenv("ABONADO_TEST_PG");
      if (!admin || !*admin) GTEST_SKIP() << "ABONADO_TEST_PG is not set";
      std::random_device r;
      pg_name_ = "abonado_notify_" + std::to_string(r()) + std::to_string(r());
      pg_admin_url_ = admin;
      std::string error = pg_admin(pg_admin_url_, "CREATE DATABASE " + pg_name_);
      ASSERT_EQ(error, "") << "cannot create a PostgreSQL database";
      db_ = store::open_database(with_database(pg_admin_url_, pg_name_));
    } else {
      db_ = store::open_database("sqlite://" + dir_.file("notify.db"));
    }
    store::migrate(*db_);
    key_ = std::make_unique<SecretKey>(SecretKey::load_or_create(dir_.file("outbox.key")));
    outbox_ = std::make_unique<Outbox>(clock_, *key_, templates_);
  }

  void TearDown() override {
    if (db_) db_->close();
    db_.reset();
    if (!pg_name_.empty()) {
      std::string error =
          pg_admin(pg_admin_url_, "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
      EXPECT_EQ(error, "");
    }
  }

  // Enqueues `m` in a write job of its own, as `agent`.
  std::string enqueue(const NewMessage& m) {
    std::string id;
    db_->write_sync([&](store::Tx& tx) { id = outbox_->enqueue(tx, agent_, m); });
    return id;
  }
  Message message(const std::string& id) {
    std::optional<Message> m;
    db_->read_sync([&](store::Tx& tx) { m = outbox_->find(tx, id); });
    if (!m) throw std::runtime_error("no message " + id);
    return *m;
  }
  static NewMessage sms(std::string text, std::string to = "+51987654321") {
    NewMessage m;
    m.party_id = "party-1";
    m.channel = Channel::kSms;
    m.recipient = std::move(to);
    m.text = std::move(text);
    return m;
  }
  static NewMessage email(std::string subject, std::string text,
                          std::string to = "maria@example.com") {
    NewMessage m;
    m.party_id = "party-1";
    m.channel = Channel::kEmail;
    m.recipient = std::move(to);
    m.subject = std::move(subject);
    m.text = std::move(text);
    return m;
  }

  TempDir dir_;
  ManualClock clock_{from_epoch_ms(1'800'000'000'000)};
  Templates templates_{"pe-flash", "es"};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<SecretKey> key_;
  std::unique_ptr<Outbox> outbox_;
  Actor agent_{"agent-1", "maria.agent", "req-1", {Role::kOperator}};
  std::string pg_name_;
  std::string pg_admin_url_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace abonado::notify::testing

// The module wired the way app/serve.cpp wires it: transports from --sms/--mail URLs, the
// Sender registered with the scheduler, the testing clock moving time.

#include <gtest/gtest.h>

#include <fstream>

#include "fixture.hpp"
#include "jobs/scheduler.hpp"
#include "notify/sender.hpp"

namespace abonado::notify::testing {
namespace {

namespace asio = boost::asio;

using WiringTest = NotifyTest;

std::vector<std::string> lines_of_file(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

TEST_P(WiringTest, TheSchedulerSendsWhatWasEnqueuedOnceTimeMoves) {
  auto sms = make_sms_transport("file://" + dir_.file("sms.jsonl"), {}, clock_);
  auto mail = make_mail_transport("file://" + dir_.file("mail.jsonl"), {}, clock_);
  asio::io_context io;
  asio::thread_pool notify_pool(2);
  Sender sender(*db_, *outbox_, clock_, *sms, *mail, notify_pool);
  jobs::Scheduler scheduler(io.get_executor(), clock_);
  scheduler.every("notify.send", std::chrono::seconds(1),
                  [&sender](TimePoint now) { return sender.run_due(now); });

  TemplateMessage t;
  t.channel = Channel::kSms;
  t.recipient = "+51987654321";
  t.template_name = "line_activated";
  t.language = "es";
  t.vars = {{"msisdn", "+51987654321"}};
  db_->write_sync([&](store::Tx& tx) { outbox_->enqueue_template(tx, agent_, t); });

  run_coro(io, [&]() -> asio::awaitable<void> { co_await scheduler.run_due(); });
  EXPECT_TRUE(lines_of_file(dir_.file("sms.jsonl")).empty()) << "the clock has not moved";
  clock_.advance(std::chrono::seconds(1));
  run_coro(io, [&]() -> asio::awaitable<void> { co_await scheduler.run_due(); });
  EXPECT_EQ(
      lines_of_file(dir_.file("sms.jsonl")),
      std::vector<std::string>{
          R"({"to":"+51987654321","text":"Flash Mobile: ¡Listo! Tu nuevo celular +51987654321 ya funciona. Consulta tu saldo marcando *555#.","at":")" +
          format_iso(clock_.now()) + R"("})"});
  scheduler.stop();
  notify_pool.join();
  db_->close();  // before `io` goes: job completions post into it
}

INSTANTIATE_TEST_SUITE_P(Backends, WiringTest, ::testing::Values(kSqlite), backend_name);

}  // namespace
}  // namespace abonado::notify::testing

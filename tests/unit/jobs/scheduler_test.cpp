#include "jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <stdexcept>

namespace abonado::jobs {
namespace {

namespace asio = boost::asio;

class SchedulerTest : public ::testing::Test {
 protected:
  // Runs `body` as a coroutine on the io_context until it completes.
  void run(std::function<asio::awaitable<void>()> body) {
    auto fut = asio::co_spawn(io_, body(), asio::use_future);
    io_.run();
    io_.restart();
    fut.get();
  }

  asio::io_context io_;
  ManualClock clock_{from_epoch_ms(1'800'000'000'000)};
};

TEST_F(SchedulerTest, RunsAJobOnlyWhenDueAndOncePerRun) {
  Scheduler s(io_.get_executor(), clock_);
  std::vector<TimePoint> runs;
  s.every("count", std::chrono::minutes(1), [&](TimePoint now) -> asio::awaitable<void> {
    runs.push_back(now);
    co_return;
  });
  run([&]() -> asio::awaitable<void> {
    co_await s.run_due();
    EXPECT_TRUE(runs.empty());  // first due one interval after registration
    clock_.advance(std::chrono::seconds(59));
    co_await s.run_due();
    EXPECT_TRUE(runs.empty());
    clock_.advance(std::chrono::seconds(1));
    co_await s.run_due();
    EXPECT_EQ(runs.size(), 1u);
    if (!runs.empty()) EXPECT_EQ(runs[0], clock_.now());
    clock_.advance(std::chrono::minutes(10));  // ten intervals late: one catch-up run
    co_await s.run_due();
    co_await s.run_due();
    EXPECT_EQ(runs.size(), 2u);
  });
}

TEST_F(SchedulerTest, ARunDueDuringARunWaitsAndThenRunsAgainstTheNewTime) {
  Scheduler s(io_.get_executor(), clock_);
  int active = 0;
  int max_active = 0;
  int runs = 0;
  bool second_done = false;
  s.every("slow", std::chrono::seconds(1), [&](TimePoint) -> asio::awaitable<void> {
    ++active;
    max_active = std::max(max_active, active);
    if (runs == 0) {
      // While this run is in progress, time moves and somebody asks again.
      clock_.advance(std::chrono::seconds(1));
      asio::co_spawn(io_, [&]() -> asio::awaitable<void> {
        co_await s.run_due();
        second_done = true;
      }, asio::detached);
    }
    for (int i = 0; i < 3; ++i) co_await asio::post(io_, asio::use_awaitable);
    --active;
    ++runs;
  });
  clock_.advance(std::chrono::seconds(1));
  run([&]() -> asio::awaitable<void> { co_await s.run_due(); });
  EXPECT_EQ(max_active, 1);
  EXPECT_EQ(runs, 2);
  EXPECT_TRUE(second_done);
}

TEST_F(SchedulerTest, AFailingJobDoesNotStopTheOthers) {
  Scheduler s(io_.get_executor(), clock_);
  int good = 0;
  s.every("bad", std::chrono::seconds(1), [](TimePoint) -> asio::awaitable<void> {
    throw std::runtime_error("boom");
    co_return;
  });
  s.every("good", std::chrono::seconds(1), [&](TimePoint) -> asio::awaitable<void> {
    ++good;
    co_return;
  });
  clock_.advance(std::chrono::seconds(1));
  run([&]() -> asio::awaitable<void> { co_await s.run_due(); });
  EXPECT_EQ(good, 1);
}

}  // namespace
}  // namespace abonado::jobs

#include "jobs/scheduler.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <deque>

namespace abonado::jobs {
namespace asio = boost::asio;

struct Scheduler::Impl : std::enable_shared_from_this<Impl> {
  struct Job {
    std::string name;
    Millis interval;
    JobFn fn;
    TimePoint next_due;
  };

  Impl(asio::any_io_executor ex, const Clock& clock)
      : strand(asio::make_strand(ex)), clock(clock), tick_timer(strand) {}

  asio::strand<asio::any_io_executor> strand;
  const Clock& clock;
  asio::steady_timer tick_timer;
  std::vector<Job> jobs;
  bool started = false;
  bool stopped = false;

  // Serialisation of runs (all state below touched on `strand` only).
  bool running = false;
  std::deque<std::shared_ptr<asio::steady_timer>> waiters;  // woken when a run ends

  asio::awaitable<void> run_jobs_due() {
    TimePoint now = clock.now();
    for (auto& job : jobs) {
      if (job.next_due > now) continue;
      try {
        co_await job.fn(now);
      } catch (const std::exception& e) {
        spdlog::error("job {} failed: {}", job.name, e.what());
      }
      job.next_due = now + job.interval;
    }
  }

  // Called on the strand.
  asio::awaitable<void> run_serialised() {
    while (running) {
      auto t = std::make_shared<asio::steady_timer>(strand, asio::steady_timer::time_point::max());
      waiters.push_back(t);
      boost::system::error_code ec;
      co_await t->async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    running = true;
    try {
      co_await run_jobs_due();
    } catch (...) {
      running = false;
      wake_one();
      throw;
    }
    running = false;
    wake_one();
  }

  void wake_one() {
    if (waiters.empty()) return;
    waiters.front()->cancel();
    waiters.pop_front();
  }

  asio::awaitable<void> tick_loop() {
    auto self = shared_from_this();
    while (!stopped) {
      tick_timer.expires_after(std::chrono::seconds(1));
      boost::system::error_code ec;
      co_await tick_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (stopped) break;
      co_await run_serialised();
    }
  }
};

Scheduler::Scheduler(asio::any_io_executor ex, const Clock& clock)
    : impl_(std::make_shared<Impl>(std::move(ex), clock)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::every(std::string name, Millis interval, JobFn fn) {
  impl_->jobs.push_back(
      Impl::Job{std::move(name), interval, std::move(fn), impl_->clock.now() + interval});
}

void Scheduler::start() {
  impl_->started = true;
  asio::co_spawn(impl_->strand, impl_->tick_loop(), asio::detached);
}

void Scheduler::stop() {
  asio::post(impl_->strand, [impl = impl_] {
    impl->stopped = true;
    impl->tick_timer.cancel();
  });
}

asio::awaitable<void> Scheduler::run_due() {
  auto impl = impl_;
  co_await asio::co_spawn(impl->strand, impl->run_serialised(), asio::use_awaitable);
}

}  // namespace abonado::jobs

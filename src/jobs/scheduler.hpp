#pragma once
// Timed work: each job runs every `interval` of the injected Clock's time. A
// real-time tick (once a second) runs whatever has become due; run_due() does
// the same on demand, which is how the --testing clock endpoints make every
// due job run before they answer. Runs are serialised: a job never overlaps
// itself or another job of this scheduler, and a run_due() that arrives while
// one is in progress runs after it, against the newer time.
//
// A job scans the database for due work (rows with a due time), so running it
// late or twice is harmless; it gets the time it runs for.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string>

#include "core/clock.hpp"

namespace abonado::jobs {

using JobFn = std::function<boost::asio::awaitable<void>(TimePoint now)>;

class Scheduler {
 public:
  Scheduler(boost::asio::any_io_executor ex, const Clock& clock);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Registers a job; first due one interval after start(). Before start() only.
  void every(std::string name, Millis interval, JobFn fn);
  // Starts the real-time tick.
  void start();
  // Stops the tick; a run in progress finishes.
  void stop();
  // Runs every job due at the clock's current time; completes when they have run.
  boost::asio::awaitable<void> run_due();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the tick coroutine, which may outlive a stop()
};

}  // namespace abonado::jobs

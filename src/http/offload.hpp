#pragma once
// Runs CPU-heavy work (password hashing) on a worker pool, or waits for a
// callback, and resumes the awaiting coroutine on its own executor, so io
// threads keep serving.

#include <boost/asio/thread_pool.hpp>

#include <optional>
#include <type_traits>

#include "store/async.hpp"

namespace abonado::http {

// Calls start(done) and suspends until `done(error)` has run, on whatever
// thread the callback API runs it; resumes on the coroutine's executor and
// rethrows `error`. For services that answer through callbacks (registries).
template <typename Start>
boost::asio::awaitable<void> await_callback(Start start) {
  co_await store::detail::await_job(std::move(start));
}

template <typename F>
boost::asio::awaitable<std::invoke_result_t<F&>> offload(boost::asio::thread_pool& pool, F fn) {
  std::optional<std::invoke_result_t<F&>> out;
  co_await store::detail::await_job([&](store::Done done) {
    boost::asio::post(pool, [&fn, &out, done = std::move(done)] {
      std::exception_ptr err;
      try {
        out.emplace(fn());
      } catch (...) {
        err = std::current_exception();
      }
      done(err);
    });
  });
  co_return std::move(*out);
}

}  // namespace abonado::http

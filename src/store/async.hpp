#pragma once
// Coroutine face of Database for Asio code (http/ and routes.cpp only: this
// header pulls in Asio). `co_await store::write(db, fn)` runs fn(Tx&) as a
// durable write job and resumes on the awaiting coroutine's executor with
// fn's result; an exception thrown by fn is rethrown in the coroutine.
// fn and whatever it captures by reference stay alive in the coroutine frame.

#include <utility>  // before Asio's awaitable.hpp with GCC 12

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <optional>
#include <type_traits>

#include "store/database.hpp"

namespace abonado::store {
namespace detail {

// Calls submit(done) and suspends until done(eptr) runs on a database thread.
template <typename Submit>
boost::asio::awaitable<void> await_job(Submit submit) {
  namespace asio = boost::asio;
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
      [&submit](auto handler) {
        auto ex = asio::get_associated_executor(handler);
        // Done must be copyable; the handler is move-only.
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        // The closure gives up the handler and its executor when it runs:
        // a database thread must not be the last owner of io objects, which
        // may be gone once the coroutine has resumed.
        submit([h, ex](std::exception_ptr e) mutable {
          auto where = std::move(ex);
          asio::post(where, [h = std::move(h), e]() mutable { std::move (*h)(e); });
        });
      },
      asio::use_awaitable);
}

template <bool kWrite, typename F>
boost::asio::awaitable<std::invoke_result_t<F&, Tx&>> run(Database& db, F fn) {
  using T = std::invoke_result_t<F&, Tx&>;
  auto submit = [&](auto&& job, Done done) {
    if constexpr (kWrite) {
      db.submit_write(std::forward<decltype(job)>(job), std::move(done));
    } else {
      db.submit_read(std::forward<decltype(job)>(job), std::move(done));
    }
  };
  if constexpr (std::is_void_v<T>) {
    co_await await_job([&](Done done) { submit([&fn](Tx& tx) { fn(tx); }, std::move(done)); });
  } else {
    std::optional<T> out;
    co_await await_job(
        [&](Done done) { submit([&fn, &out](Tx& tx) { out.emplace(fn(tx)); }, std::move(done)); });
    co_return std::move(*out);
  }
}

}  // namespace detail

template <typename F>
auto write(Database& db, F fn) {
  return detail::run<true>(db, std::move(fn));
}

template <typename F>
auto read(Database& db, F fn) {
  return detail::run<false>(db, std::move(fn));
}

}  // namespace abonado::store

#pragma once
// Idempotency-Key on POST: the first response is stored with the key (per
// agent and route, 24 hours) in the same transaction as the change it
// reports; a replay with the same body gets it unchanged, with another body a
// 422. Handlers that create or move money return through commit().

#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/clock.hpp"
#include "http/request.hpp"
#include "store/async.hpp"
#include "store/sql.hpp"

namespace abonado::http {

inline constexpr Millis kIdempotencyTtl = std::chrono::hours(24);

// The request's validated Idempotency-Key (1..128 printable ASCII), empty
// when absent or when the request has no agent. A malformed key is a 400.
std::string idempotency_key(const Request& req);

// The stored response for the request's key: nullopt if none; a 422 if the
// key was used with a different request.
std::optional<Response> find_replay(store::Tx& tx, const Request& req, TimePoint now);

// Thrown inside a write job when a concurrent request with the same key has
// committed first; commit() then answers with that request's response.
class IdempotencyRace : public std::runtime_error {
 public:
  IdempotencyRace() : std::runtime_error("idempotency key taken concurrently") {}
};

// Stores `res` under the request's key (no-op without a key).
void remember(store::Tx& tx, const Request& req, const Response& res, TimePoint now);

// Deletes keys older than the TTL; returns how many.
std::int64_t purge_idempotency_keys(store::Tx& tx, TimePoint now);

// Runs fn(Tx&) -> Response as a durable write job and stores the response
// under the request's Idempotency-Key in the same transaction; a key already
// stored answers with its response and fn does not run.
template <typename F>
boost::asio::awaitable<Response> commit(const Request& req, store::Database& db, const Clock& clock,
                                        F fn) {
  std::exception_ptr refused;
  try {
    co_return co_await store::write(db, [&](store::Tx& tx) {
      // A retry answers with the first response before running anything: the
      // work done the first time (a SIM taken, a request decided) would
      // otherwise refuse it.
      if (auto replay = find_replay(tx, req, clock.now())) return std::move(*replay);
      Response res = fn(tx);
      remember(tx, req, res, clock.now());
      return res;
    });
  } catch (const IdempotencyRace&) {
    // Fall through: answer with the winner's stored response.
  } catch (const store::NotDurableError&) {
    throw;  // its own stored response may be visible, but is not known to be on disk
  } catch (...) {
    // A retry that ran while the first request with its key was still at work
    // (PostgreSQL) fails on what the first one did (the SIM taken, the balance
    // spent): once the first has committed, its answer is the retry's.
    if (idempotency_key(req).empty()) throw;
    refused = std::current_exception();
  }
  auto replay =
      co_await store::read(db, [&](store::Tx& tx) { return find_replay(tx, req, clock.now()); });
  if (!replay) {
    if (refused) std::rethrow_exception(refused);
    throw std::logic_error("idempotency race without a stored response");
  }
  co_return std::move(*replay);
}

}  // namespace abonado::http

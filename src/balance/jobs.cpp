#include "balance/jobs.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "http/offload.hpp"
#include "store/async.hpp"

namespace abonado::balance {
namespace {

constexpr std::int64_t kBatch = 100;

// Runs co_await step(id) for each id that due(tx, now, limit) lists, batch
// after batch.
template <typename Due, typename Step>
boost::asio::awaitable<void> each_due(store::Database& db, TimePoint now, const char* what, Due due,
                                      Step step) {
  for (;;) {
    auto ids = co_await store::read(db, [&](store::Tx& tx) { return due(tx, now, kBatch); });
    int done = 0;
    for (const auto& id : ids) {
      try {
        co_await step(id);
        ++done;
      } catch (const std::exception& e) {
        spdlog::error("{} {} failed: {}", what, id, e.what());
      }
    }
    // A full batch may have more behind it, unless none of it could run.
    if (static_cast<std::int64_t>(ids.size()) < kBatch || done == 0) co_return;
  }
}

// Asks the provider for `c` on `pool` (the charge, or only what became of
// it) and records the answer in a write job.
boost::asio::awaitable<void> charge(store::Database& db, const BalanceService& balance,
                                    const PaymentGateway& payments, boost::asio::thread_pool& pool,
                                    const ScheduledCharge& c, TimePoint now) {
  auto answer = co_await http::offload(pool, [&] {
    return c.lookup_only ? payments.lookup(c.charge.key) : payments.charge(c.charge);
  });
  if (answer.outcome == ChargeResult::Outcome::kUnavailable) {
    spdlog::warn("scheduled top-up {}: no answer from the payment provider: {}", c.charge.key,
                 answer.reason);
  }
  co_await store::write(db, [&](store::Tx& tx) { balance.settle_auto_topup(tx, c, answer, now); });
}

// A run of the scheduled top-ups starts no charge after this long (real
// time), the rest waiting for the next run: the scheduler runs one job at a
// time, and a provider that answers slowly must not hold up the others (the
// outbox's SMS among them) for longer than this and one charge's timeout.
constexpr std::chrono::seconds kChargingTime{10};

// FL-11: first the periods whose charge got no answer in an earlier run (the
// same key again), then every schedule now due, each claimed in a write job
// of its own, charged, and settled in another.
boost::asio::awaitable<void> charge_scheduled_topups(store::Database& db,
                                                     const BalanceService& balance,
                                                     const PaymentGateway& payments,
                                                     boost::asio::thread_pool& pool,
                                                     TimePoint now) {
  auto stop_at = std::chrono::steady_clock::now() + kChargingTime;
  auto out_of_time = [&] { return std::chrono::steady_clock::now() >= stop_at; };
  try {
    auto unanswered = co_await store::read(
        db, [&](store::Tx& tx) { return balance.unanswered_charges(tx, kBatch); });
    for (const auto& c : unanswered) {
      if (out_of_time()) co_return;
      try {
        co_await charge(db, balance, payments, pool, c, now);
      } catch (const std::exception& e) {
        spdlog::error("scheduled top-up {} failed: {}", c.charge.key, e.what());
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("scheduled top-ups waiting for an answer could not be read: {}", e.what());
  }
  co_await each_due(
      db, now, "scheduled top-up",
      [&](store::Tx& tx, TimePoint t, std::int64_t n) {
        return out_of_time() ? std::vector<std::string>{} : balance.due_auto_topups(tx, t, n);
      },
      [&](const std::string& id) -> boost::asio::awaitable<void> {
        if (out_of_time()) co_return;
        auto claimed = co_await store::write(
            db, [&](store::Tx& tx) { return balance.claim_auto_topup(tx, id, now); });
        if (claimed) co_await charge(db, balance, payments, pool, *claimed, now);
      });
}

}  // namespace

void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const BalanceService& balance,
                   const PaymentGateway& payments, boost::asio::thread_pool& pool) {
  scheduler.every("balance.auto_topups", std::chrono::minutes(1),
                  [&db, &balance, &payments, &pool](TimePoint now) {
                    return charge_scheduled_topups(db, balance, payments, pool, now);
                  });
  scheduler.every("balance.plan_ends", std::chrono::minutes(1), [&db, &balance](TimePoint now) {
    return each_due(
        db, now, "end of plan",
        [&balance](store::Tx& tx, TimePoint t, std::int64_t n) {
          return balance.ended_plans(tx, t, n);
        },
        [&db, &balance, now](const std::string& id) {
          return store::write(
              db, [&balance, &id, now](store::Tx& tx) { balance.end_plan(tx, id, now); });
        });
  });
}

}  // namespace abonado::balance

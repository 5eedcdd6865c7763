#include "balance/jobs.hpp"

#include <spdlog/spdlog.h>

#include "store/async.hpp"

namespace abonado::balance {
namespace {

constexpr std::int64_t kBatch = 100;

// Runs step(tx, id, now) in a write job of its own for each id that
// due(tx, now, limit) lists, batch after batch.
template <typename Due, typename Step>
boost::asio::awaitable<void> each_due(store::Database& db, TimePoint now, const char* what, Due due,
                                      Step step) {
  for (;;) {
    auto ids = co_await store::read(db, [&](store::Tx& tx) { return due(tx, now, kBatch); });
    int done = 0;
    for (const auto& id : ids) {
      try {
        co_await store::write(db, [&](store::Tx& tx) { step(tx, id, now); });
        ++done;
      } catch (const std::exception& e) {
        spdlog::error("{} {} failed: {}", what, id, e.what());
      }
    }
    // A full batch may have more behind it, unless none of it could run.
    if (static_cast<std::int64_t>(ids.size()) < kBatch || done == 0) co_return;
  }
}

}  // namespace

void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const BalanceService& balance) {
  scheduler.every("balance.auto_topups", std::chrono::minutes(1), [&db, &balance](TimePoint now) {
    return each_due(
        db, now, "scheduled top-up",
        [&balance](store::Tx& tx, TimePoint t, std::int64_t n) {
          return balance.due_auto_topups(tx, t, n);
        },
        [&balance](store::Tx& tx, const std::string& id, TimePoint t) {
          balance.run_auto_topup(tx, id, t);
        });
  });
  scheduler.every("balance.plan_ends", std::chrono::minutes(1), [&db, &balance](TimePoint now) {
    return each_due(
        db, now, "end of plan",
        [&balance](store::Tx& tx, TimePoint t, std::int64_t n) {
          return balance.ended_plans(tx, t, n);
        },
        [&balance](store::Tx& tx, const std::string& id, TimePoint t) {
          balance.end_plan(tx, id, t);
        });
  });
}

}  // namespace abonado::balance

#include "lines/jobs.hpp"

#include <spdlog/spdlog.h>

#include "store/async.hpp"

namespace abonado::lines {
namespace {

namespace asio = boost::asio;

// Each port in its own write job: one that fails (and is retried on the
// next run) does not hold the others back.
asio::awaitable<void> complete_ports(store::Database& db, const PortIns& ports, TimePoint now) {
  auto due = co_await store::read(db, [&](store::Tx& tx) { return ports.due(tx, now); });
  for (const auto& id : due) {
    try {
      co_await store::write(db, [&](store::Tx& tx) { ports.complete(tx, id, now); });
    } catch (const std::exception& e) {
      spdlog::error("port-in {} did not complete: {}", id, e.what());
    }
  }
}

}  // namespace

void register_jobs(jobs::Scheduler& scheduler, store::Database& db, const Activations& activations,
                   const PortIns& ports) {
  scheduler.every("lines.complete_ports", std::chrono::minutes(1),
                  [&db, &ports](TimePoint now) { return complete_ports(db, ports, now); });
  scheduler.every("lines.purge_pin_checks", std::chrono::hours(1),
                  [&db, &ports](TimePoint now) -> asio::awaitable<void> {
                    co_await store::write(
                        db, [&](store::Tx& tx) { return ports.purge_pin_checks(tx, now); });
                  });
  scheduler.every("lines.expire_activations", std::chrono::minutes(1),
                  [&db, &activations](TimePoint now) -> asio::awaitable<void> {
                    int n = co_await store::write(
                        db, [&](store::Tx& tx) { return activations.expire_stale(tx, now); });
                    if (n > 0)
                      spdlog::info("{} activation(s) expired waiting for a fingerprint", n);
                  });
}

}  // namespace abonado::lines

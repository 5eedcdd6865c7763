#include "notify/sender.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "http/offload.hpp"
#include "store/async.hpp"

namespace abonado::notify {
namespace {

using SteadyClock = std::chrono::steady_clock;

// No send starts later than this into a run, so that a run (and the scheduler, which runs one
// job at a time) is held up by a slow gateway for at most kRunBudget + kSendTimeout, and every
// send ends well inside the lease of its claim.
constexpr Millis kRunBudget = std::chrono::seconds(10);
static_assert(kRunBudget + kSendTimeout < kClaimLease);

}  // namespace

SendResult Sender::send(const Claim& c) {
  try {
    return c.channel == Channel::kSms ? sms_.send(c.out) : mail_.send(c.out);
  } catch (const std::exception& e) {
    SendResult r;
    r.error = std::string("transport error: ") + e.what();
    return r;
  }
}

boost::asio::awaitable<void> Sender::run_due(TimePoint now) {
  auto started = SteadyClock::now();
  for (int batch = 0; batch < kMaxBatches; ++batch) {
    auto claims = co_await store::write(
        db_, [&](store::Tx& tx) { return outbox_.claim_due(tx, now, kClaimBatch); });
    // A gateway that failed once in this run is not tried again until the next run.
    bool sms_down = false;
    bool mail_down = false;
    std::vector<const Claim*> unsent;
    for (const Claim& c : claims) {
      bool& down = c.channel == Channel::kSms ? sms_down : mail_down;
      if (down || SteadyClock::now() - started > kRunBudget) {
        unsent.push_back(&c);
        continue;
      }
      SendResult r = co_await http::offload(pool_, [&] { return send(c); });
      if (!r.ok && !r.permanent) down = true;
      auto at = std::max(now, clock_.now());
      co_await store::write(db_, [&](store::Tx& tx) { outbox_.record(tx, c, r, at); });
    }
    if (!unsent.empty()) {
      spdlog::debug("notify: {} message(s) left for the next run", unsent.size());
      auto at = std::max(now, clock_.now());
      co_await store::write(db_, [&](store::Tx& tx) {
        for (const Claim* c : unsent) outbox_.release(tx, *c, at);
      });
      co_return;  // they are due again at once: the next run takes them
    }
    if (claims.size() < static_cast<std::size_t>(kClaimBatch)) co_return;
  }
}

}  // namespace abonado::notify

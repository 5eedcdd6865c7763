#include "notify/sender.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <mutex>
#include <utility>

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

// Outcome records submitted as write jobs without waiting for each: they
// commit together while the next sends go on (one commit per record made the
// sender wait for a commit per message: ~80 SMS/s under load). wait()
// resumes once every record has committed or failed, with the first failure.
class Records {
 public:
  explicit Records(store::Database& db) : db_(db) {}

  void submit(store::Job job) {
    {
      std::lock_guard lock(mu_);
      ++pending_;
    }
    db_.submit_write(std::move(job), [this](std::exception_ptr e) { finished(e); });
  }

  boost::asio::awaitable<void> wait() {
    co_await store::detail::await_job([this](store::Done done) {
      std::unique_lock lock(mu_);
      if (pending_ > 0) {
        waiter_ = std::move(done);
        return;
      }
      lock.unlock();
      done(nullptr);
    });
    std::lock_guard lock(mu_);
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void finished(std::exception_ptr e) {
    store::Done waiter;
    {
      std::lock_guard lock(mu_);
      if (e && !error_) error_ = e;
      if (--pending_ == 0) waiter = std::move(waiter_);
    }
    if (waiter) waiter(nullptr);
  }

  store::Database& db_;
  std::mutex mu_;
  int pending_ = 0;
  std::exception_ptr error_;
  store::Done waiter_;
};

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
    Records records(db_);
    std::exception_ptr failed;
    try {
      for (const Claim& c : claims) {
        bool& down = c.channel == Channel::kSms ? sms_down : mail_down;
        if (down || SteadyClock::now() - started > kRunBudget) {
          unsent.push_back(&c);
          continue;
        }
        SendResult r = co_await http::offload(pool_, [&] { return send(c); });
        if (!r.ok && !r.permanent) down = true;
        auto at = std::max(now, clock_.now());
        records.submit([this, &c, r, at](store::Tx& tx) { outbox_.record(tx, c, r, at); });
      }
    } catch (...) {
      failed = std::current_exception();
    }
    // Before `claims` and `records` go, whatever happened: the jobs refer to them.
    co_await records.wait();
    if (failed) std::rethrow_exception(failed);
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

#include "notify/sender.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include <boost/asio/post.hpp>

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

boost::asio::awaitable<std::vector<SendResult>> Sender::send_wave(
    const std::vector<const Claim*>& wave) {
  std::vector<SendResult> results(wave.size());
  co_await store::detail::await_job([&](store::Done done) {
    auto left = std::make_shared<std::atomic<std::size_t>>(wave.size());
    for (std::size_t i = 0; i < wave.size(); ++i) {
      boost::asio::post(pool_, [this, &wave, &results, i, left, done] {
        results[i] = send(*wave[i]);  // never throws
        if (left->fetch_sub(1) == 1) done(nullptr);
      });
    }
  });
  co_return results;
}

boost::asio::awaitable<void> Sender::run_due(TimePoint now) {
  auto started = SteadyClock::now();
  for (int batch = 0; batch < kMaxBatches; ++batch) {
    auto claims = co_await store::write(
        db_, [&](store::Tx& tx) { return outbox_.claim_due(tx, now, kClaimBatch); });
    // A gateway that failed in a wave of this run is not tried again until the next run.
    bool sms_down = false;
    bool mail_down = false;
    std::vector<const Claim*> pending;  // in the order claimed
    for (const Claim& c : claims) pending.push_back(&c);
    std::vector<const Claim*> unsent;
    Records records(db_);
    std::exception_ptr failed;
    try {
      while (!pending.empty()) {
        if (SteadyClock::now() - started > kRunBudget) {
          unsent.insert(unsent.end(), pending.begin(), pending.end());
          break;
        }
        // Up to kWave sends at once, never two to one recipient: a customer's
        // messages arrive in the order they were written.
        std::vector<const Claim*> wave;
        std::vector<const Claim*> later;
        std::set<std::pair<Channel, std::string>> recipients;
        for (const Claim* c : pending) {
          bool down = c->channel == Channel::kSms ? sms_down : mail_down;
          if (down) {
            unsent.push_back(c);
          } else if (wave.size() < static_cast<std::size_t>(kWave) &&
                     recipients.emplace(c->channel, c->out.to).second) {
            wave.push_back(c);
          } else {
            later.push_back(c);
          }
        }
        if (wave.empty()) break;
        auto results = co_await send_wave(wave);
        auto at = std::max(now, clock_.now());
        for (std::size_t i = 0; i < wave.size(); ++i) {
          const Claim* c = wave[i];
          const SendResult& r = results[i];
          if (!r.ok && !r.permanent) (c->channel == Channel::kSms ? sms_down : mail_down) = true;
          records.submit([this, c, r, at](store::Tx& tx) { outbox_.record(tx, *c, r, at); });
        }
        pending = std::move(later);
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

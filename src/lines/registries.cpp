#include "lines/registries.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::lines {
namespace {

constexpr int kSimulatedThreads = 2;
constexpr int kMaxSimulatedDelayMs = 10000;

// A pool of worker threads on which blocking client calls run; the answer
// goes to the caller's callback from there.
class Workers {
 public:
  explicit Workers(int threads) : pool_(static_cast<std::size_t>(std::max(1, threads))) {}
  ~Workers() { pool_.join(); }

  // Runs ask() on a worker and gives done(error, answer) what it returned or threw.
  template <typename Ask, typename Done>
  void run(Ask ask, Done done) const {
    ++in_flight_;
    boost::asio::post(pool_, [this, ask = std::move(ask), done = std::move(done)] {
      bool answer = false;
      std::exception_ptr error;
      try {
        answer = ask();
      } catch (...) {
        error = std::current_exception();
      }
      --in_flight_;
      done(error, answer);
    });
  }
  std::int64_t in_flight() const { return in_flight_.load(); }

 private:
  mutable std::atomic<std::int64_t> in_flight_{0};
  mutable boost::asio::thread_pool pool_;  // posting is thread-safe
};

class WorkerRegistry final : public BiometricRegistry {
 public:
  WorkerRegistry(std::unique_ptr<BiometricClient> client, int threads)
      : client_(std::move(client)), workers_(threads) {}

  void verify(const HolderDocument& doc, std::string sample, Done done) const override {
    workers_.run([this, doc, sample = std::move(sample)] { return client_->verify(doc, sample); },
                 std::move(done));
  }
  std::int64_t in_flight() const override { return workers_.in_flight(); }

 private:
  std::unique_ptr<BiometricClient> client_;
  Workers workers_;  // last: joined before the client goes
};

class WorkerClearinghouse final : public Clearinghouse {
 public:
  WorkerClearinghouse(std::unique_ptr<ClearinghouseClient> client, int threads)
      : client_(std::move(client)), workers_(threads) {}

  void check_pin(std::string msisdn, std::string donor_operator, std::string pin,
                 Done done) const override {
    workers_.run([this, msisdn = std::move(msisdn), donor = std::move(donor_operator),
                  pin = std::move(pin)] { return client_->pin_accepted(msisdn, donor, pin); },
                 std::move(done));
  }
  std::int64_t in_flight() const override { return workers_.in_flight(); }

 private:
  std::unique_ptr<ClearinghouseClient> client_;
  Workers workers_;
};

// "DELAY<ms>:rest" waits that long (at most 10 s) and gives back "rest";
// anything else comes back as it is.
std::string_view simulated_delay(std::string_view text) {
  if (!text.starts_with("DELAY")) return text;
  auto colon = text.find(':');
  int ms = 0;
  auto digits = text.substr(5, colon == std::string_view::npos ? 0 : colon - 5);
  std::from_chars(digits.data(), digits.data() + digits.size(), ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(std::clamp(ms, 0, kMaxSimulatedDelayMs)));
  text.remove_prefix(colon == std::string_view::npos ? text.size() : colon + 1);
  return text;
}

class SimulatedClient final : public BiometricClient {
 public:
  bool verify(const HolderDocument& doc, std::string_view sample) const override {
    return equal_secret(simulated_delay(sample), "FP-" + doc.number);
  }
};

// Where no registry is configured: activations wait at the fingerprint step
// with a 503 instead of trusting any sample. Answers at once: nothing to wait for.
class UnavailableRegistry final : public BiometricRegistry {
 public:
  void verify(const HolderDocument&, std::string, Done done) const override {
    done(std::make_exception_ptr(
             Error(Code::kUnavailable,
                   "the national identity registry is not connected: fingerprints cannot be "
                   "checked now",
                   "fingerprint")),
         false);
  }
};

class SimulatedClearinghouse final : public ClearinghouseClient {
 public:
  SimulatedClearinghouse(PinRule rule, bool delays) : rule_(std::move(rule)), delays_(delays) {}
  bool pin_accepted(std::string_view, std::string_view, std::string_view pin) const override {
    if (delays_) pin = simulated_delay(pin);
    // Under --testing, "NOANSWER" is a clearinghouse that does not answer.
    if (delays_ && pin == "NOANSWER") {
      throw Error(Code::kUnavailable, "the portability clearinghouse did not answer", "pin");
    }
    if (rule_.mode != PinMode::kFixed) return false;
    return equal_secret(pin, rule_.fixed_pin);
  }

 private:
  PinRule rule_;
  bool delays_;
};

}  // namespace

std::unique_ptr<BiometricRegistry> on_worker_threads(std::unique_ptr<BiometricClient> client,
                                                     int threads) {
  return std::make_unique<WorkerRegistry>(std::move(client), threads);
}

std::unique_ptr<BiometricRegistry> unavailable_registry() {
  return std::make_unique<UnavailableRegistry>();
}

std::unique_ptr<BiometricRegistry> simulated_registry() {
  return on_worker_threads(std::make_unique<SimulatedClient>(), kSimulatedThreads);
}

std::unique_ptr<Clearinghouse> on_worker_threads(std::unique_ptr<ClearinghouseClient> client,
                                                 int threads) {
  return std::make_unique<WorkerClearinghouse>(std::move(client), threads);
}

std::unique_ptr<Clearinghouse> simulated_clearinghouse(const PinRule& rule, bool delays) {
  return on_worker_threads(std::make_unique<SimulatedClearinghouse>(rule, delays),
                           kSimulatedThreads);
}

}  // namespace abonado::lines

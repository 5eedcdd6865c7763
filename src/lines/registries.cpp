#include "lines/registries.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::lines {
namespace {

constexpr int kSimulatedThreads = 2;
constexpr int kMaxSimulatedDelayMs = 10000;

class WorkerRegistry final : public BiometricRegistry {
 public:
  WorkerRegistry(std::unique_ptr<BiometricClient> client, int threads)
      : client_(std::move(client)), pool_(static_cast<std::size_t>(std::max(1, threads))) {}
  ~WorkerRegistry() override { pool_.join(); }

  void verify(const HolderDocument& doc, std::string sample, Done done) const override {
    boost::asio::post(pool_, [this, doc, sample = std::move(sample), done = std::move(done)] {
      bool match = false;
      std::exception_ptr error;
      try {
        match = client_->verify(doc, sample);
      } catch (...) {
        error = std::current_exception();
      }
      done(error, match);
    });
  }

 private:
  std::unique_ptr<BiometricClient> client_;
  mutable boost::asio::thread_pool pool_;  // posting is thread-safe
};

class SimulatedClient final : public BiometricClient {
 public:
  bool verify(const HolderDocument& doc, std::string_view sample) const override {
    if (sample.starts_with("DELAY")) {
      auto colon = sample.find(':');
      int ms = 0;
      auto digits = sample.substr(5, colon == std::string_view::npos ? 0 : colon - 5);
      std::from_chars(digits.data(), digits.data() + digits.size(), ms);
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::clamp(ms, 0, kMaxSimulatedDelayMs)));
      sample.remove_prefix(colon == std::string_view::npos ? sample.size() : colon + 1);
    }
    return equal_secret(sample, "FP-" + doc.number);
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

class SimulatedClearinghouse final : public Clearinghouse {
 public:
  explicit SimulatedClearinghouse(PinRule rule) : rule_(std::move(rule)) {}
  bool pin_accepted(std::string_view, std::string_view, std::string_view pin) const override {
    if (rule_.mode != PinMode::kFixed) return false;
    return equal_secret(pin, rule_.fixed_pin);
  }

 private:
  PinRule rule_;
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

std::unique_ptr<Clearinghouse> simulated_clearinghouse(const PinRule& rule) {
  return std::make_unique<SimulatedClearinghouse>(rule);
}

}  // namespace abonado::lines

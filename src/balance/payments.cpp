#include "balance/payments.hpp"

#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/ids.hpp"

namespace abonado::balance {
namespace {

using Outcome = ChargeResult::Outcome;

class SimulatedPayments final : public PaymentGateway {
 public:
  ChargeResult charge(const Charge& c) const override {
    std::lock_guard lock(mu_);
    if (auto done = charged_.find(c.key); done != charged_.end()) return done->second;
    ChargeResult r{Outcome::kApproved, "sim-" + sha256_hex(c.key).substr(0, 20), ""};
    if (c.card.find("declined") != std::string::npos) {
      r = {Outcome::kDeclined, "", "the card was declined"};
    } else if (c.card.find("flaky") != std::string::npos && flaky_tried_.insert(c.key).second) {
      return {Outcome::kUnavailable, "", "the payment provider did not answer"};
    }
    charged_.emplace(c.key, r);
    return r;
  }

  ChargeResult lookup(const std::string& key) const override {
    std::lock_guard lock(mu_);
    if (auto done = charged_.find(key); done != charged_.end()) return done->second;
    return {Outcome::kNotCharged, "", ""};
  }

 private:
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, ChargeResult> charged_;  // every answered key
  mutable std::unordered_set<std::string> flaky_tried_;            // keys not answered once
};

class UnavailablePayments final : public PaymentGateway {
 public:
  ChargeResult charge(const Charge&) const override { return unavailable(); }
  ChargeResult lookup(const std::string&) const override { return unavailable(); }

 private:
  static ChargeResult unavailable() {
    return {Outcome::kUnavailable, "", "no payment provider is configured"};
  }
};

}  // namespace

std::unique_ptr<PaymentGateway> simulated_payments() {
  return std::make_unique<SimulatedPayments>();
}

std::unique_ptr<PaymentGateway> unavailable_payments() {
  return std::make_unique<UnavailablePayments>();
}

}  // namespace abonado::balance

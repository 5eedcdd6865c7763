#include "lines/registries.hpp"

#include "core/error.hpp"
#include "core/ids.hpp"

namespace abonado::lines {
namespace {

class SimulatedRegistry final : public BiometricRegistry {
 public:
  bool verify(const HolderDocument& doc, std::string_view sample) const override {
    return equal_secret(sample, "FP-" + doc.number);
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

// Where no registry is configured: activations wait at the fingerprint step
// with a 503 instead of trusting any sample.
class UnavailableRegistry final : public BiometricRegistry {
 public:
  bool verify(const HolderDocument&, std::string_view) const override {
    throw Error(Code::kUnavailable,
                "the national identity registry is not connected: fingerprints cannot be "
                "checked now",
                "fingerprint");
  }
};

}  // namespace

std::unique_ptr<BiometricRegistry> unavailable_registry() {
  return std::make_unique<UnavailableRegistry>();
}

std::unique_ptr<BiometricRegistry> simulated_registry() {
  return std::make_unique<SimulatedRegistry>();
}

std::unique_ptr<Clearinghouse> simulated_clearinghouse(const PinRule& rule) {
  return std::make_unique<SimulatedClearinghouse>(rule);
}

}  // namespace abonado::lines

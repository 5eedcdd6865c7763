#pragma once
// The outside services activation and porting ask: the national identity
// registry (fingerprints, FL-1) and the portability clearinghouse (the donor's
// PIN, FL-6). Both are interfaces so that the rules run against simulators in
// tests. Implementations may block on the network: call them from request
// handlers, never inside a database job. Thread-safe.

#include <memory>
#include <string>
#include <string_view>

#include "lines/model.hpp"
#include "policy/policy.hpp"

namespace abonado::lines {

class BiometricRegistry {
 public:
  virtual ~BiometricRegistry() = default;
  // Whether the fingerprint `sample` belongs to the holder of `doc`.
  virtual bool verify(const HolderDocument& doc, std::string_view sample) const = 0;
};

class Clearinghouse {
 public:
  virtual ~Clearinghouse() = default;
  // Whether the donor operator accepts `pin` for porting `msisdn` (E.164) away.
  virtual bool pin_accepted(std::string_view msisdn, std::string_view donor_operator,
                            std::string_view pin) const = 0;
};

// API.md's testing registry: a sample matches when it is "FP-" + the
// document number. Only under --testing or --simulate-registries (a demo on
// loopback): anywhere else it would let any caller pass FL-1's check.
std::unique_ptr<BiometricRegistry> simulated_registry();
// The registry when no real one is configured (this repository has no
// connection to RENIEC's): every check is a 503 SERVICE_UNAVAILABLE.
std::unique_ptr<BiometricRegistry> unavailable_registry();

// The donor as the policy describes it (FL-6): a fixed PIN ("0000" at launch)
// is always the one sent. A random PIN needs the real clearinghouse, which
// does not exist here: the simulator then accepts no PIN.
std::unique_ptr<Clearinghouse> simulated_clearinghouse(const PinRule& rule);

}  // namespace abonado::lines

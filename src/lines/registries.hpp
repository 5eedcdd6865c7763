#pragma once
// The outside services activation and porting ask: the national identity
// registry (fingerprints, FL-1) and the portability clearinghouse (the donor's
// PIN, FL-6). Both are interfaces so that the rules run against simulators in
// tests. Neither is asked inside a database job.

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lines/model.hpp"
#include "policy/policy.hpp"

namespace abonado::lines {

// A registry client as a real one is written: one blocking request over the
// network per check, bounded by the client's own timeout. Thread-safe.
class BiometricClient {
 public:
  virtual ~BiometricClient() = default;
  // Whether the fingerprint `sample` belongs to the holder of `doc`. Throws
  // Error(kUnavailable) when the registry gives no answer (down, timed out).
  virtual bool verify(const HolderDocument& doc, std::string_view sample) const = 0;
};

// What the routes ask. A check may take seconds: it must not hold the io
// thread that asked, so the answer comes back through a callback.
class BiometricRegistry {
 public:
  // The answer (`error` null) or why there is none (`match` then false).
  using Done = std::function<void(std::exception_ptr error, bool match)>;
  virtual ~BiometricRegistry() = default;
  // Starts the check and returns; `done` runs exactly once, on a thread of the
  // registry's own or before verify returns. Thread-safe.
  virtual void verify(const HolderDocument& doc, std::string sample, Done done) const = 0;
  // Checks started and not yet answered (a gauge in /metrics).
  virtual std::int64_t in_flight() const { return 0; }
};

// Runs `client`'s checks on `threads` worker threads owned by the returned
// registry; at most that many checks wait on the network at once, the rest
// queue. Destroying it waits for the checks under way.
std::unique_ptr<BiometricRegistry> on_worker_threads(std::unique_ptr<BiometricClient> client,
                                                     int threads);

// A clearinghouse client as a real one is written: one blocking request over
// the network per check, bounded by the client's own timeout. Thread-safe.
class ClearinghouseClient {
 public:
  virtual ~ClearinghouseClient() = default;
  // Whether the donor operator accepts `pin` for porting `msisdn` (E.164)
  // away. Throws Error(kUnavailable) when the clearinghouse gives no answer.
  virtual bool pin_accepted(std::string_view msisdn, std::string_view donor_operator,
                            std::string_view pin) const = 0;
};

// What the routes ask; like the registry, it answers through a callback so
// that a slow clearinghouse does not hold the io thread that asked.
class Clearinghouse {
 public:
  // The answer (`error` null) or why there is none (`accepted` then false).
  using Done = std::function<void(std::exception_ptr error, bool accepted)>;
  virtual ~Clearinghouse() = default;
  // Starts the check and returns; `done` runs exactly once, on a thread of
  // the clearinghouse's own. Thread-safe.
  virtual void check_pin(std::string msisdn, std::string donor_operator, std::string pin,
                         Done done) const = 0;
  // Checks started and not yet answered (a gauge in /metrics).
  virtual std::int64_t in_flight() const { return 0; }
};

// Runs `client`'s checks on `threads` worker threads owned by the returned
// clearinghouse, as on_worker_threads does for the registry.
std::unique_ptr<Clearinghouse> on_worker_threads(std::unique_ptr<ClearinghouseClient> client,
                                                 int threads);

// API.md's testing registry: a sample matches when it is "FP-" + the
// document number; "DELAY<ms>:" before a sample answers it that many
// milliseconds later (at most 10 s), as a slow registry would. Runs on worker
// threads like a real client. Only under --testing or --simulate-registries
// (a demo on loopback): anywhere else it would let any caller pass FL-1.
std::unique_ptr<BiometricRegistry> simulated_registry();
// The registry when no real one is configured (this repository has no
// connection to RENIEC's): every check is a 503 SERVICE_UNAVAILABLE.
std::unique_ptr<BiometricRegistry> unavailable_registry();

// The donor as the policy describes it (FL-6): a fixed PIN ("0000" at launch)
// is always the one sent. A random PIN needs the real clearinghouse, which
// does not exist here: the simulator then accepts no PIN. Runs on worker
// threads like a real client. With `delays` (--testing only: a caller could
// otherwise hold its threads), "DELAY<ms>:" before a PIN answers it that
// many milliseconds later (at most 10 s), as a slow clearinghouse would, and
// the PIN "NOANSWER" gets no answer (Error kUnavailable).
std::unique_ptr<Clearinghouse> simulated_clearinghouse(const PinRule& rule, bool delays);

}  // namespace abonado::lines

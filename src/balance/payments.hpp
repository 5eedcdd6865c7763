#pragma once
// The card payment provider that scheduled top-ups charge (FL-11): the first
// top-up of a schedule is paid by the customer with their card; each period
// after it, Abonado asks the provider to charge that card on file again, and
// credits the line only when the provider approves. An interface, so that the
// rules run against a simulator here: no provider is reachable from this
// repository. Never asked inside a database job.

#include <cstdint>
#include <memory>
#include <string>

namespace abonado::balance {

// One charge of a card on file.
struct Charge {
  // The same for every try of one charge (a schedule's period): a provider
  // charges a key at most once and answers a repeated key with its first
  // answer, so a try whose answer was lost (a timeout, a crash) can be made
  // again without charging twice.
  std::string key;
  // The provider's token of the card on file (the schedule's
  // paymentMethod.id); empty when the schedule named none, for the card of
  // its first payment, which a provider keeps as the customer's credential.
  std::string card;
  std::int64_t amount = 0;  // minor units
  std::string currency;     // ISO 4217
  std::string description;  // on the customer's card statement
};

struct ChargeResult {
  enum class Outcome {
    kApproved,     // the money is taken: `reference` is the provider's
    kDeclined,     // final for this key: `reason` says why
    kUnavailable,  // no answer (down, timed out): try the same key again later
    kNotCharged,   // lookup only: nothing was ever charged under the key
  };
  Outcome outcome = Outcome::kUnavailable;
  std::string reference;
  std::string reason;
};

// A provider client as a real one is written: one blocking request over the
// network per charge, bounded by the client's own timeout. Thread-safe.
class PaymentGateway {
 public:
  virtual ~PaymentGateway() = default;
  // Never throws: an error of its own is kUnavailable.
  virtual ChargeResult charge(const Charge& c) const = 0;
  // What became of the charge under `key`, without charging anything: its
  // answer if it was made, kNotCharged if not. For a charge that must no
  // longer be made (its schedule was cancelled meanwhile) but may have been.
  // Never throws.
  virtual ChargeResult lookup(const std::string& key) const = 0;
};

// The testing provider (--testing or --simulate-registries only): a card
// whose token contains "declined" is declined; one whose token contains
// "flaky" gets no answer the first time a key is charged and is approved
// after; any other card is approved. The reference is the same for every try
// of a key, as a real provider's is, and a lookup answers what the charge of
// a key answered.
std::unique_ptr<PaymentGateway> simulated_payments();
// The provider when none is configured: every charge is kUnavailable, so
// scheduled top-ups wait, visibly, and are tried again every run.
std::unique_ptr<PaymentGateway> unavailable_payments();

}  // namespace abonado::balance

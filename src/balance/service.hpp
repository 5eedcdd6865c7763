#pragma once
// The prepaid balance's rules (TMF654; FL-10..FL-14): top-ups by channel with
// receipt or invoice data, scheduled top-ups, purchases of plans and packages
// from the balance, the top-up agents registry and the USSD gateway's key.
//
// Every function runs inside a database job on the Tx it is given. A write
// does all of its work in that job: the ledger rows and bucket updates, the
// top-up or purchase record, its audit record, the customer's interaction
// (care/) and the confirming SMS (notify/ outbox), so a failure anywhere
// leaves nothing behind. The service holds only references and immutable
// values: any thread may call it.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "balance/model.hpp"
#include "balance/payments.hpp"
#include "care/service.hpp"
#include "catalog/catalog.hpp"
#include "core/clock.hpp"
#include "core/roles.hpp"
#include "lines/products.hpp"
#include "notify/service.hpp"
#include "policy/policy.hpp"
#include "store/tx.hpp"

namespace abonado::balance {

// A period of a schedule to charge (claim_auto_topup): the provider is asked
// outside any database job, then settle_auto_topup records its answer.
struct ScheduledCharge {
  std::string product_id;
  TimePoint period_start;
  std::string auto_topup_id;
  Charge charge;
  // The schedule was cancelled, or the line left active, since the claim:
  // the charge must not be made now, only looked up (it may have been made
  // before the answer was lost).
  bool lookup_only = false;
};

// The policy numbers the balance needs.
struct BalanceRules {
  Currency currency;
  std::string country;              // whose RUC rules an invoice's taxId follows
  std::string phone_region;         // to read numbers written without a country code
  std::string language;             // of the SMS sent
  std::optional<TopupRules> topup;  // none: any positive amount
  std::string time_zone = "UTC";    // IANA: where a monthly top-up's "same day" is
};

// Gives a line its main balance at zero when it has none (lines::LineOpened:
// a new line lists its main balance before any top-up, API.md "Balance").
// Returns the main balance, new or already there.
Bucket open_main_balance(store::Tx& tx, const lines::Line& line, const Currency& currency,
                         TimePoint now);

// A top-up to make. Give product_id or msisdn (any written form), not both.
struct NewTopup {
  std::string product_id;
  std::string msisdn;
  std::int64_t amount = 0;     // minor units, positive (the routes parse it exactly)
  std::string currency;        // must be the operator's
  std::string channel;         // one of kTopupChannels
  std::string topup_agent_id;  // channel "agent": the shop, required; otherwise empty
  std::string invoice_type = "boleta";
  std::string tax_id;       // factura: the buyer's RUC, required; boleta: empty
  std::string payment_ref;  // optional card reference
  // Set: also schedule this top-up every period from now on (FL-11), replacing
  // the line's current schedule.
  std::optional<std::string> recurring_period;
};

struct TopupResult {
  Topup topup;
  Bucket main;                        // the main balance after it
  std::optional<AutoTopup> schedule;  // the schedule it created
};

struct NewPurchase {
  std::string product_id;
  std::string msisdn;  // instead of product_id (the USSD menu)
  std::string offering_id;
  std::string channel;  // one of kPurchaseChannels
  // Callers that cannot send an Idempotency-Key (the USSD gateway) name the
  // request: a second purchase with the same key returns the first.
  std::string request_key;
};

struct PurchaseResult {
  Purchase purchase;
  Bucket main;                  // the main balance after the debit
  std::vector<Bucket> granted;  // the allowance buckets
};

// A usage record of the network's mediation (FL-13). Give product_id or msisdn.
struct NewUsage {
  std::string product_id;
  std::string msisdn;
  std::string usage_type;  // one of kUsageTypes
  bool on_net = false;     // voice only
  std::int64_t quantity = 0;
  std::string units;                    // usage_units(usage_type)
  std::optional<TimePoint> usage_date;  // none: now
};

struct NewTopupAgent {
  std::string name;
  std::string brand;
  std::string address;
  std::string district;
};

class BalanceService {
 public:
  // Every reference must outlive this object.
  BalanceService(const Clock& clock, const catalog::Catalog& catalog, BalanceRules rules,
                 const care::Interactions& interactions, const notify::Outbox& outbox)
      : clock_(clock),
        catalog_(catalog),
        rules_(std::move(rules)),
        calendar_(rules_.time_zone, {}),
        interactions_(interactions),
        outbox_(outbox) {}

  const BalanceRules& rules() const { return rules_; }

  // The line's buckets, main balance first, and their total. Error(kNotFound,
  // "product.id") for an unknown line.
  std::pair<std::vector<Bucket>, std::int64_t> buckets(store::Tx& tx, const std::string& product_id,
                                                       std::int64_t offset,
                                                       std::int64_t limit) const;
  // Only the main balance and the allowances usable now, those that expire first first.
  std::pair<std::vector<Bucket>, std::int64_t> live_buckets(store::Tx& tx,
                                                            const std::string& product_id,
                                                            std::int64_t offset,
                                                            std::int64_t limit) const;
  std::optional<Bucket> find_bucket(store::Tx& tx, const std::string& id) const;

  // Tops up the line's main balance (creating it on the first top-up).
  // Errors, each naming its field: kMissingField / kInvalidField (shape),
  // kCurrencyMismatch ("amount.units"), kAmountOutOfRange ("amount.amount"),
  // kInvalidIdDocument ("invoice.taxId": not a valid RUC), kInvalidPhoneNumber
  // ("msisdn"), kNotFound ("product.id", "msisdn", "channel.id"),
  // kLineNotActive (409).
  TopupResult topup(store::Tx& tx, const Actor& by, NewTopup t) const;
  std::optional<Topup> find_topup(store::Tx& tx, const std::string& id) const;
  std::pair<std::vector<Topup>, std::int64_t> topups(store::Tx& tx, const std::string& product_id,
                                                     std::int64_t offset, std::int64_t limit) const;

  // Buys a plan or package from the main balance (FL-14): one debit, one
  // allowance bucket per allowance valid for the offering's validity, and for
  // a plan the line's offering. kUnknownOffering ("offeringId"),
  // kNotFound ("productId"), kLineNotActive, kInsufficientBalance (409: the
  // balance, if any, stays as it was).
  PurchaseResult purchase(store::Tx& tx, const Actor& by, NewPurchase p) const;
  std::optional<PurchaseResult> find_purchase(store::Tx& tx, const std::string& id) const;
  // Whether a purchase was made under NewPurchase::request_key `key`.
  bool purchased_with_key(store::Tx& tx, const std::string& key) const;
  // Ids of plan purchases whose validity has ended by `now` and whose end is
  // not processed yet, earliest first.
  std::vector<std::string> ended_plans(store::Tx& tx, TimePoint now, std::int64_t limit) const;
  // FL-13: once a plan's validity ends, the line goes back to the standard
  // tariff unless it has bought a plan since that is still valid. Marks the
  // purchase's end processed; doing it twice changes nothing. Audited.
  void end_plan(store::Tx& tx, const std::string& purchase_id, TimePoint now) const;

  // FL-13: rates a usage record and charges it in this transaction: the line's
  // allowance buckets of its type valid at its date cover what they can (for an
  // on-net call the on-net minutes first), those that expire first first; the rest
  // is taken from the main balance at the standard tariff, rounded up to the
  // currency's minor unit. Errors: kInvalidField ("usageType", "quantity.units",
  // "quantity.amount", "onNet"), kInvalidDate ("usageDate": in the future),
  // kNotFound, kLineNotActive, kInsufficientBalance (409 "quantity": nothing changes;
  // a prepaid line is not let into debt).
  Usage charge_usage(store::Tx& tx, const Actor& by, NewUsage n) const;
  std::optional<Usage> find_usage(store::Tx& tx, const std::string& id) const;
  // The line's usage, latest first; kNotFound ("product.id") for an unknown line.
  std::pair<std::vector<Usage>, std::int64_t> usages(store::Tx& tx, const std::string& product_id,
                                                     std::int64_t offset, std::int64_t limit) const;

  // Scheduled top-ups (FL-11) of a line, newest first; kNotFound for an unknown line.
  std::vector<AutoTopup> auto_topups(store::Tx& tx, const std::string& product_id) const;
  std::optional<AutoTopup> find_auto_topup(store::Tx& tx, const std::string& id) const;
  // Stops a schedule; kNotFound ("id"), kConflict when already cancelled.
  AutoTopup cancel_auto_topup(store::Tx& tx, const Actor& by, const std::string& id) const;
  // Ids of the schedules due at `now`, earliest first.
  std::vector<std::string> due_auto_topups(store::Tx& tx, TimePoint now, std::int64_t limit) const;
  // Claims the period of schedule `id` that is due at `now`: records it as
  // charging under the unique key (line, period start) and returns the charge
  // to ask the payment provider for, outside this job. Records it as skipped
  // instead when the line is no longer active, or when an earlier period's
  // charge still has no answer (so that a provider's outage never ends in
  // several periods charged at once). A period already claimed is not
  // claimed again. Moves the schedule to the first period after `now`
  // (periods missed while the job could not run are not made up: one charge
  // per run at most).
  std::optional<ScheduledCharge> claim_auto_topup(store::Tx& tx, const std::string& id,
                                                  TimePoint now) const;
  // Periods claimed whose charge has no answer yet (a provider that was down,
  // a crash between the charge and its answer), oldest first: ask again;
  // lookup_only once the schedule or the line is no longer active.
  std::vector<ScheduledCharge> unanswered_charges(store::Tx& tx, std::int64_t limit) const;
  // Records the provider's answer to `c`: approved, the line is topped up by
  // the amount charged (the top-up's paymentRef is the provider's reference);
  // declined, the period ends without a top-up and the customer is told by
  // SMS; never charged (a lookup), the period ends skipped; no answer, the
  // period stays charging. An answer for a period already ended changes
  // nothing. Returns whether a top-up was made.
  bool settle_auto_topup(store::Tx& tx, const ScheduledCharge& c, const ChargeResult& r,
                         TimePoint now) const;

  // Top-up agents (FL-12).
  TopupAgent add_agent(store::Tx& tx, const Actor& by, NewTopupAgent a) const;
  // Sets an agent's status to "active" or "inactive" (only active agents
  // are listed and take top-ups). Audited. Throws Error: kInvalidField
  // ("status"), kNotFound ("id"), kConflict ("status") when it already has it.
  TopupAgent set_agent_status(store::Tx& tx, const Actor& by, const std::string& id,
                              const std::string& status) const;
  std::optional<TopupAgent> find_agent(store::Tx& tx, const std::string& id) const;
  std::pair<std::vector<TopupAgent>, std::int64_t> agents(
      store::Tx& tx, const std::optional<std::string>& district, std::int64_t offset,
      std::int64_t limit) const;

  // The USSD gateway's shared secret: a new random key replaces the old one
  // (only its hash is stored); returned once. Audited.
  std::string new_gateway_key(store::Tx& tx, const Actor& by) const;
  bool gateway_key_valid(store::Tx& tx, const std::string& key) const;

 private:
  // Credits `draft` (id, amount, channel... filled in) to the line's main
  // balance and writes the top-up, its interaction, audit record and SMS;
  // returns the top-up and the main balance after it.
  TopupResult credit(store::Tx& tx, const Actor& by, const lines::Line& line, Topup draft,
                     TimePoint now) const;
  // Records the customer's contact for a top-up or purchase made by `channel`.
  // The customer's interaction for a top-up or purchase; its id goes into
  // the caller's audit record, which covers it.
  std::string record_contact(store::Tx& tx, const Actor& by, const lines::Line& line,
                             std::string_view channel, std::string reason,
                             std::string description) const;
  // The charge of schedule `a`'s period starting at `period_start`.
  ScheduledCharge charge_of(const AutoTopup& a, TimePoint period_start) const;

  const Clock& clock_;
  const catalog::Catalog& catalog_;
  BalanceRules rules_;
  BusinessCalendar calendar_;  // the operator's zone; no holidays (periods ignore them)
  const care::Interactions& interactions_;
  const notify::Outbox& outbox_;
};

}  // namespace abonado::balance

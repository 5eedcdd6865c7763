#pragma once
// Prepaid balance (TMF654; FL-10..FL-14): a line's buckets, the ledger every
// change of a bucket goes through, top-ups, scheduled top-ups, purchases of
// plans and packages, and the agents where customers top up in cash. Values
// here are already validated. Amounts are integers: minor units of the
// operator's currency for money, MB, minutes or SMS for allowances.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_calendar.hpp"
#include "core/clock.hpp"

namespace abonado::balance {

// Where a top-up was paid (TMF654 channel.name): the web by card for any
// number (FL-10), the customer's own account by card (FL-11), cash at an
// agent (FL-12), the USSD menu, or an agent of the call center.
inline constexpr std::array<std::string_view, 5> kTopupChannels = {"web", "account", "agent",
                                                                   "ussd", "callCenter"};
// Where a plan or package was bought (FL-14).
inline constexpr std::array<std::string_view, 4> kPurchaseChannels = {"web", "account", "ussd",
                                                                      "callCenter"};
// Scheduled top-ups may only be paid by a card on file.
inline constexpr std::array<std::string_view, 2> kAutoTopupChannels = {"web", "account"};
// TMF654 RecurringPeriodType.
inline constexpr std::array<std::string_view, 3> kRecurringPeriods = {"weekly", "fortnightly",
                                                                      "monthly"};
// boleta: a receipt; factura: a tax invoice, which needs the buyer's RUC (FL-10).
inline constexpr std::array<std::string_view, 2> kInvoiceTypes = {"boleta", "factura"};

// TMF654 UsageType of a bucket.
inline constexpr std::string_view kMonetary = "monetary";

struct Bucket {
  std::string id;
  std::string product_id;
  std::string party_id;
  std::string usage_type;            // monetary | data | voice | sms
  std::optional<std::string> scope;  // "onNet": voice to the operator's own numbers
  std::string units;                 // currency code, "MB", "minutes", "SMS"
  std::int64_t remaining = 0;        // always the sum of the bucket's ledger
  std::optional<std::string> offering_id;
  std::optional<std::string> purchase_id;
  TimePoint valid_from;
  std::optional<TimePoint> valid_to;  // exclusive; none for the main balance
  TimePoint created_at;
  TimePoint updated_at;

  bool expired_at(TimePoint t) const { return valid_to && *valid_to <= t; }
};

// One change of one bucket. Append-only.
struct LedgerEntry {
  std::string id;
  std::string bucket_id;
  std::string product_id;
  std::string party_id;
  std::int64_t amount = 0;  // signed
  std::int64_t balance_after = 0;
  std::string reason;  // topup | purchase | grant | usage
  std::string ref_id;  // the top-up or purchase
  TimePoint created_at;
};

struct Topup {
  std::string id;
  std::string product_id;
  std::string party_id;
  std::string msisdn;
  std::int64_t amount = 0;
  std::string currency;
  std::string channel;  // one of kTopupChannels
  std::optional<std::string> topup_agent_id;
  std::string invoice_type;  // one of kInvoiceTypes
  std::optional<std::string> tax_id;
  std::optional<std::string> payment_ref;
  std::optional<std::string> auto_topup_id;
  std::int64_t balance_after = 0;
  std::string bucket_id;  // the main balance it went to
  std::optional<std::string> created_by;
  TimePoint created_at;
};

// One period of a schedule (FL-11). A period is charging from the moment it
// is claimed until the payment provider answers, then completed (the line
// topped up) or declined; skipped when it was not charged (the line was not
// active, an earlier period's charge had no answer yet, or the schedule was
// cancelled before its charge was made).
struct AutoTopupRun {
  std::string product_id;
  TimePoint period_start;
  std::string auto_topup_id;
  std::string outcome;                  // charging | completed | declined | skipped
  std::optional<std::string> topup_id;  // completed: the top-up made
  std::optional<std::string> reason;    // skipped, declined, or the last try's failure
  TimePoint created_at;
  // Not asked of the provider yet unless set (an aggregate may leave them out).
  std::optional<std::string> charge_ref{};  // completed: the provider's reference
  std::int64_t attempts = 0;                // charges asked of the provider
  std::optional<TimePoint> tried_at{};      // when the provider was last asked
};

// A top-up repeated every period (FL-11).
struct AutoTopup {
  std::string id;
  std::string product_id;
  std::string party_id;
  std::string period;  // one of kRecurringPeriods
  std::int64_t amount = 0;
  std::string channel;
  std::string invoice_type;
  std::optional<std::string> tax_id;
  std::optional<std::string> payment_ref;
  std::string status;     // active | cancelled
  TimePoint next_run_at;  // the start of the next period to top up
  std::optional<std::string> created_by;
  TimePoint created_at;
  TimePoint updated_at;
  std::optional<AutoTopupRun> last_run;  // read with the schedule; not part of it
};

struct Purchase {
  std::string id;
  std::string product_id;
  std::string party_id;
  std::string offering_id;
  std::string offering_kind;  // plan | package
  std::int64_t price = 0;
  std::string currency;
  std::string channel;  // one of kPurchaseChannels
  TimePoint valid_to;
  std::optional<std::string> request_key;  // set by callers without Idempotency-Key (USSD)
  std::optional<std::string> created_by;
  TimePoint created_at;
};

// TMF635 usage types the network reports, and the units of each (those of the
// allowance buckets that cover them).
inline constexpr std::array<std::string_view, 3> kUsageTypes = {"voice", "sms", "data"};
std::string_view usage_units(std::string_view usage_type);  // "minutes", "SMS", "MB"

// What one allowance bucket covered of a usage.
struct UsagePart {
  std::string bucket_id;
  std::int64_t quantity = 0;
};

// A usage record of the network, rated (FL-13): allowances first, the rest from
// the main balance at the standard tariff.
struct Usage {
  std::string id;
  std::string product_id;
  std::string party_id;
  std::string msisdn;
  std::string usage_type;  // one of kUsageTypes
  bool on_net = false;     // voice to the operator's own numbers
  std::int64_t quantity = 0;
  std::string units;
  std::vector<UsagePart> allowances;
  std::int64_t tariff_quantity = 0;  // what no allowance covered
  std::int64_t charged = 0;          // minor units from the main balance
  std::string currency;
  TimePoint usage_date;
  std::optional<std::string> created_by;
  TimePoint created_at;
};

// A shop where customers top up in cash (FL-12).
struct TopupAgent {
  std::string id;
  std::string name;
  std::string brand;  // on the sign: Flash, or an older brand (Inkacel, Virgin)
  std::string address;
  std::string district;
  std::string status;  // active | inactive
  TimePoint created_at;
  TimePoint updated_at;
};

// The first start of a period later than `t` (FL-11) of a schedule that began at
// `anchor`: anchor + k weeks, k fortnights or k months (k >= 1). Months are
// counted in the operator's local time (`calendar`) from the anchor itself, so a
// schedule begun on Jan 31 runs on Feb 28 and then Mar 31, not Mar 28. Unknown
// periods are a programmer error.
TimePoint next_period(TimePoint anchor, TimePoint t, std::string_view period,
                      const BusinessCalendar& calendar);

}  // namespace abonado::balance

#pragma once
// The *555# USSD menu (FL-14, FL-15) in the gateway convention of
// REFERENCE.md section 7: each step of a session arrives with every choice
// so far in `text`, joined by '*' ("" first, then "2", "2*1", "2*1*1"), and
// the reply starts with "CON " (the menu goes on) or "END " (it is over).
//
//   ""        main menu: 1 balance, 2 buy a plan, 3 buy a package, 4 customer service
//   "1"       the balance and allowances, END
//   "2"       the plans, numbered; "2*k" plan k and its price, 1 confirm / 2 cancel;
//   "2*k*1"   buys it from the balance (an SMS confirms), END
//   "3..."    the same for packages
//   "4"       customer service numbers and hours from the policy, END
//
// Anything else (a number that is not an active line of ours, a choice out
// of range, a step too many) ends politely; the menu never answers with an
// error. Screens are in Spanish: the menu is Flash's (the policy's language);
// the brand and the code come from the policy.
//
// Immutable: any thread may call it. Every reference must outlive it.

#include <optional>
#include <string>

#include "balance/service.hpp"
#include "catalog/catalog.hpp"
#include "core/business_calendar.hpp"
#include "core/error.hpp"
#include "policy/policy.hpp"

namespace abonado::balance {

struct UssdRequest {
  std::string session_id;
  std::string service_code;  // "*555#"
  std::string phone_number;  // the subscriber, any written form
  std::string text;          // the choices so far, '*'-joined
};

// What a step answers, and the purchase to make first when it confirms one.
struct UssdStep {
  std::string reply;  // "CON ..." or "END ..."
  std::optional<NewPurchase> purchase;
};

class UssdMenu {
 public:
  UssdMenu(const BalanceService& balance, const catalog::Catalog& catalog, const Policy& policy,
           const Clock& clock)
      : balance_(balance),
        catalog_(catalog),
        policy_(policy),
        calendar_(business_calendar(policy)),
        clock_(clock) {}

  // Decides the reply to a step, reading only. When the step confirms a
  // purchase, the caller makes step.purchase in a write job and answers
  // step.reply if it succeeds, or purchase_failed() if it throws.
  UssdStep step(store::Tx& tx, const UssdRequest& r) const;
  // The END reply for a purchase refused with `e` (insufficient balance...).
  std::string purchase_failed(const Error& e) const;
  // The END reply for a request the gateway sent malformed.
  std::string malformed() const;

 private:
  std::string balance_screen(store::Tx& tx, const std::string& product_id) const;
  std::string service_screen() const;
  std::string bye() const;  // "Marca *555# para empezar de nuevo."
  UssdStep offer_steps(OfferingKind kind, const std::vector<std::string>& choices,
                       const std::string& product_id, const std::string& session_id) const;

  const BalanceService& balance_;
  const catalog::Catalog& catalog_;
  const Policy& policy_;
  BusinessCalendar calendar_;
  const Clock& clock_;
};

}  // namespace abonado::balance

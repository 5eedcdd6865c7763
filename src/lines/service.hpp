#pragma once
// Lines (TMF637 products) and the rules every way of opening one shares: who
// holds it (FL-3: at most the policy's number of live lines per identity
// document, checked under the document's lock in the transaction that opens
// the line), which SIM and number it takes, and what it leaves behind (audit,
// the quick search's phone term). Activation in the app, the form channel and
// ports in (activation.hpp, requests.hpp, porting.hpp) build on it.
//
// Every function runs inside a database job on the Tx it is given. Built once
// by app/; immutable afterwards, so any thread may call it.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/roles.hpp"
#include "lines/model.hpp"
#include "party/service.hpp"
#include "policy/policy.hpp"
#include "store/tx.hpp"

namespace abonado::lines {

// The policy's numbers for lines, with what applies when a pack leaves one out.
struct LineRules {
  std::optional<int> max_active_lines;        // FL-3; none: no limit
  int biometric_attempts = 5;                 // FL-2
  int session_minutes = 30;                   // FL-7
  int number_quarantine_days = 0;             // before a number a line gave up is handed out
  int target_minutes = 0;                     // FL-1, from the SIM's scan to the match; 0: none
  std::vector<std::string> app_documents;     // FL-1; empty: nobody uses the app
  std::vector<std::string> form_categories;   // FL-4
  std::vector<FormDocuments> form_documents;  // FL-4; unlisted categories need one
  int form_business_days = 3;                 // FL-4
  int port_hours = 24;                        // FL-9
  int pin_attempts = 5;                       // FL-6: wrong PINs for one number...
  int pin_lock_hours = 24;                    // ...within these hours
  std::vector<std::string> donors;            // FL-6: operators ported from; empty: any
  std::string phone_region;                   // numbers of the pool: the operator's mobiles
  std::string language;                       // of the messages to customers
};
LineRules line_rules(const Policy& policy);

struct ProductFilter {
  std::optional<std::string> party_id;
  std::optional<std::string> status;
  std::optional<std::string> msisdn;  // E.164
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

// What opens a line: the party, the document it counts against, the SIM and
// number reserved for it, and the channel (app | form).
struct OpenLine {
  std::string product_id;
  std::string party_id;
  std::string holder_doc;
  std::string iccid;
  std::string msisdn;
  std::string channel;
};

// What another module adds to a line in the transaction that opens it (app/
// wires balance/'s main balance: the module lines/ itself cannot name).
using LineOpened = std::function<void(store::Tx&, const Line&)>;

class Lines {
 public:
  // The clock and the party service must outlive this object.
  Lines(const Clock& clock, const party::PartyService& parties, LineRules rules,
        LineOpened opened = {})
      : clock_(clock), parties_(parties), rules_(std::move(rules)), opened_(std::move(opened)) {}

  const LineRules& rules() const { return rules_; }

  // The party, or Error(kNotFound, `field`).
  party::Party party(store::Tx& tx, const std::string& id, const std::string& field) const;
  // FL-3: the one document all of a party's lines count against, whichever
  // channel opens them: the first the party holds of a type the app takes
  // (DNI), else its first. Error(kInvalidField, "partyId") when it has none.
  HolderDocument holder_document(const party::Party& p) const;
  // holder_document(p) when the app may activate `p` (FL-1), or
  // Error(kAppNotAllowed, "partyId") saying which form category to use (FL-4).
  HolderDocument app_document(const party::Party& p) const;

  // FL-3 at the start of an activation or request (409 LINE_LIMIT_REACHED).
  // Takes the document's lock on PostgreSQL.
  void check_line_limit(store::Tx& tx, const std::string& holder_doc,
                        const std::string& party_id) const;
  // Reserves the SIM for `product_id`: Error(kSimNotFound / kSimNotAvailable,
  // field "iccid") when it is unknown or not in stock.
  void reserve_sim(store::Tx& tx, const std::string& iccid, const std::string& product_id) const;
  // Reserves the oldest free number for `product_id` whose attempts the
  // document has not used up: Error(kNoNumberAvailable) when there is none.
  std::string reserve_number(store::Tx& tx, const std::string& holder_doc,
                             const std::string& product_id) const;
  // Gives back what a reservation took (SIM, and the number when given).
  void release(store::Tx& tx, const std::string& iccid,
               const std::optional<std::string>& msisdn) const;

  // Opens the line (FL-3 checked again under the document's lock: the last
  // word when two activations race), assigns SIM and number, indexes the
  // number for the quick search, audits and calls `opened`. Throws
  // Error(kLineLimitReached).
  Line open_line(store::Tx& tx, const Actor& by, const OpenLine& o) const;
  // Moves a line to the number a port brought in (FL-9); the old number goes
  // back to stock.
  Line change_number(store::Tx& tx, const Actor& by, const std::string& id,
                     const std::string& e164) const;

  std::optional<Line> find(store::Tx& tx, const std::string& id) const;
  std::pair<std::vector<Line>, std::int64_t> list(store::Tx& tx, const ProductFilter& f) const;
  // The lines of each party, in the order of `party_ids` (the quick search).
  std::vector<std::vector<Line>> of_parties(store::Tx& tx,
                                            const std::vector<std::string>& party_ids) const;

 private:
  const Clock& clock_;
  const party::PartyService& parties_;
  LineRules rules_;
  LineOpened opened_;
};

}  // namespace abonado::lines

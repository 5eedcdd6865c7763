#pragma once
// Activation in the app (FL-1..FL-3, FL-7): a brand leader reserves a SIM and
// a number for a party, the party's fingerprint is checked against the
// national registry (registries.hpp, called by the route outside any
// database job), and a match opens the line. Failures count per document and
// number; the policy's last one rejects the activation and frees what it held
// (FL-2), and the customer goes to the form channel (FL-5). After the match
// the activation is the line's open session until the leader closes it or
// the policy's minutes pass; a port may start within it (FL-7).
//
// Every function runs inside a database job on the Tx it is given. Built once
// by app/; immutable afterwards, so any thread may call it.

#include <optional>
#include <string>

#include "care/service.hpp"
#include "core/business_calendar.hpp"
#include "lines/service.hpp"
#include "notify/service.hpp"

namespace abonado::lines {

struct NewActivation {
  std::string party_id;
  std::string iccid;  // validated (core/iccid.hpp)
};

// "DNI:PE:12345678" back into its parts.
HolderDocument holder_from_key(const std::string& key);

// Whether `by` may see and act on `a`: a brand leader only on the activations
// they started (another leader must not read the customer's data, spend the
// fingerprint attempts or cancel it); the admin, and the roles that port
// numbers from the customer's account, on any. Others are told it does not exist.
bool reaches(const Actor& by, const Activation& a);
// Whether `by` sees every activation, port and form request (the system, the
// admin, the call center and the back office), not only the brand leader's own.
bool sees_every_case(const Actor& by);

class Activations {
 public:
  // All must outlive this object.
  Activations(const Clock& clock, const Lines& lines, const BusinessCalendar& calendar,
              const care::Interactions& interactions, const notify::Outbox& outbox)
      : clock_(clock),
        lines_(lines),
        calendar_(calendar),
        interactions_(interactions),
        outbox_(outbox) {}

  // Reserves the SIM and a number and waits for the fingerprint; or, when
  // `by` already started one for this party with this SIM that still waits,
  // or matched one within the session's minutes whose line is active with its
  // number, returns that one (resumed). Throws Error: kNotFound (partyId),
  // kAppNotAllowed, kLineLimitReached, kSimNotFound, kSimNotAvailable,
  // kNoNumberAvailable.
  ActivationView start(store::Tx& tx, const Actor& by, const NewActivation& n) const;
  // nullopt also when `by` does not reach it.
  std::optional<ActivationView> find(store::Tx& tx, const Actor& by, const std::string& id) const;

  // The document to check a fingerprint against. Throws Error: kNotFound
  // (also when `by` does not reach it), kBiometricAttemptsExhausted (the
  // activation was rejected), kActivationNotPending.
  HolderDocument pending_document(store::Tx& tx, const Actor& by, const std::string& id) const;
  // Records the registry's answer (the same checks again, under the row's
  // lock). A match opens the line and texts the customer the number; the
  // last failure rejects the activation. Throws as pending_document, and
  // kLineLimitReached when the document filled its lines meanwhile.
  BiometricOutcome record_check(store::Tx& tx, const Actor& by, const std::string& id,
                                bool match) const;

  // Ends the session (FL-7); an activation still waiting for the fingerprint
  // is cancelled and its SIM and number go back to stock. Ended ones are
  // returned unchanged.
  Activation close(store::Tx& tx, const Actor& by, const std::string& id) const;
  // Ends an activation whose match FL-3 refused: cancelled, its SIM and number
  // back in stock, if it still waits for the fingerprint. One that ended or
  // was activated meanwhile is left as it is. Throws only kNotFound.
  void end_refused(store::Tx& tx, const Actor& by, const std::string& id) const;
  // Gives up activations that waited for the fingerprint longer than the
  // policy's session minutes; returns how many.
  int expire_stale(store::Tx& tx, TimePoint now) const;

  // FL-1's target measured: the activations matched from local day `first`
  // to local day `last` (both included, the operator's zone), all or one
  // leader's, against the pack's activation.target_minutes.
  const BusinessCalendar& calendar() const { return calendar_; }
  ActivationReport report(store::Tx& tx, std::chrono::year_month_day first,
                          std::chrono::year_month_day last,
                          const std::optional<std::string>& agent_id) const;

 private:
  int attempts_left(store::Tx& tx, const Activation& a) const;
  // Throws kNotFound when there is none or `by` does not reach it.
  Activation locked(store::Tx& tx, const Actor& by, const std::string& id) const;
  void end_pending(store::Tx& tx, const Actor& by, Activation& a, std::string_view status) const;

  const Clock& clock_;
  const Lines& lines_;
  const BusinessCalendar& calendar_;
  const care::Interactions& interactions_;
  const notify::Outbox& outbox_;
};

}  // namespace abonado::lines

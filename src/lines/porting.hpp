#pragma once
// Portability in (FL-6..FL-9): a customer brings their number from another
// operator onto a Flash line, from an open activation session (FL-7) or from
// their account (FL-8). The donor's PIN is checked by the Clearinghouse
// (registries.hpp, called by the route outside any database job); the port
// then completes after the policy's hours (FL-9) by complete(), run by a
// job: the line takes the number brought in, its temporary number goes back
// to the pool and the customer gets an SMS. From start to end the port holds
// its number's row in the pool (portingIn), so a load of the same number
// into stock cannot slip in between (repo.hpp).
//
// Every function runs inside a database job on the Tx it is given. Built once
// by app/; immutable afterwards, so any thread may call it.

#include <optional>
#include <string>
#include <vector>

#include "care/service.hpp"
#include "core/business_calendar.hpp"
#include "lines/service.hpp"
#include "notify/service.hpp"

namespace abonado::lines {

struct NewPortIn {
  std::string product_id;
  std::string msisdn;  // validated E.164 mobile of the operator's country
  std::string donor_operator;
  std::optional<std::string> activation_id;
};

// A PIN check counted against its number: its id, and how many more the
// number may have within the policy's hours after this one.
struct PinCheck {
  std::string id;
  int left = 0;        // wrong PINs the number may still take once this one is judged
  TimePoint retry_at;  // when, if this one is wrong and the last, the number may be tried again
};

class PortIns {
 public:
  // All must outlive this object.
  PortIns(const Clock& clock, const Lines& lines, const BusinessCalendar& calendar,
          const care::Interactions& interactions, const notify::Outbox& outbox)
      : clock_(clock),
        lines_(lines),
        calendar_(calendar),
        interactions_(interactions),
        outbox_(outbox) {}

  // What may refuse a port before the donor is asked. Throws Error:
  // kNotFound (productId; activationId, also one of another leader), kLineNotActive, kInvalidField
  // (activationId of another line), kActivationSessionClosed,
  // kNumberAlreadyOurs, kPortInProgress.
  void check(store::Tx& tx, const Actor& by, const NewPortIn& n) const;
  // FL-6: counts a check of the PIN for n.msisdn before the donor is asked,
  // so that parallel guesses each see the others (under the number's lock on
  // PostgreSQL). Error(kPortingPinAttemptsExhausted, "pin") when the number
  // had the policy's number of checks within its hours; those that started a
  // port do not count, nor those the donor did not answer (forget_pin_check).
  PinCheck claim_pin_check(store::Tx& tx, const Actor& by, const NewPortIn& n) const;
  void forget_pin_check(store::Tx& tx, const std::string& id) const;
  // Forgets the checks that no longer count at `now` (a job); returns how many.
  std::int64_t purge_pin_checks(store::Tx& tx, TimePoint now) const;
  // Checks again and starts the port, due after the policy's hours.
  // Throws as check(), and kNumberAlreadyOurs when a load of the number into
  // stock won the race for it.
  PortIn start(store::Tx& tx, const Actor& by, const NewPortIn& n) const;
  // nullopt also for a brand leader's view of a port they did not start (see reaches()).
  std::optional<PortIn> find(store::Tx& tx, const Actor& by, const std::string& id) const;

  // The ports into a line `by` may read (find()), newest first, and how many.
  // Error(kNotFound, "productId") for an unknown line.
  std::pair<std::vector<PortIn>, std::int64_t> of_line(store::Tx& tx, const Actor& by,
                                                       const std::string& product_id,
                                                       std::int64_t offset,
                                                       std::int64_t limit) const;
  // Ids of ports due at `now` (for the job, which completes each in its own job).
  std::vector<std::string> due(store::Tx& tx, TimePoint now) const;
  // Completes the port if it is still in progress and due; false otherwise.
  // A port whose number another line or activation holds (stock loaded
  // before ports held their number) ends failed instead, for good: the line
  // keeps its temporary number, and the failure is audited and recorded as
  // an interaction.
  bool complete(store::Tx& tx, const std::string& id, TimePoint now) const;

 private:
  bool may_read(store::Tx& tx, const Actor& by, const PortIn& p) const;
  void fail(store::Tx& tx, PortIn& p, const std::string& reason, TimePoint now) const;

  const Clock& clock_;
  const Lines& lines_;
  const BusinessCalendar& calendar_;
  const care::Interactions& interactions_;
  const notify::Outbox& outbox_;
};

}  // namespace abonado::lines

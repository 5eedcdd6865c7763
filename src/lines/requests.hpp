#pragma once
// The form channel (FL-4, FL-5): who may not use the app (foreigners,
// persons with a disability, companies, and customers the app rejected)
// send a request with copies of their documents. The SIM is reserved at
// once; the back office works the queue by due date (the policy's business
// days) and completes a request, which opens the line under the same rules
// as the app (FL-3) and emails the customer, or rejects it with a reason
// that reaches the customer by email (else an SMS to their own mobile asks
// them to get in touch).
//
// Every function runs inside a database job on the Tx it is given. Built once
// by app/; immutable afterwards, so any thread may call it.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attachments/service.hpp"
#include "care/service.hpp"
#include "core/business_calendar.hpp"
#include "lines/service.hpp"
#include "notify/service.hpp"

namespace abonado::lines {

struct NewRequest {
  std::string category;
  std::string party_id;
  std::string iccid;                   // validated (core/iccid.hpp)
  std::vector<std::string> documents;  // attachment ids
};

class ActivationRequests {
 public:
  // All must outlive this object.
  ActivationRequests(const Clock& clock, const Lines& lines, const BusinessCalendar& calendar,
                     const care::Interactions& interactions, const notify::Outbox& outbox,
                     const attachments::AttachmentService& attachments)
      : clock_(clock),
        lines_(lines),
        calendar_(calendar),
        interactions_(interactions),
        outbox_(outbox),
        attachments_(attachments) {}

  // Throws Error: kInvalidField (category, documents[i]), kMissingField
  // (documents: fewer than the category needs), kNotFound (partyId,
  // documents[i]), kLineLimitReached, kSimNotFound, kSimNotAvailable.
  ActivationRequest create(store::Tx& tx, const Actor& by, const NewRequest& n) const;
  // With the party's name and how the completion will reach them (find and
  // list); nullopt also for a brand leader's view of a request they did not send.
  std::optional<ActivationRequest> find(store::Tx& tx, const Actor& by,
                                        const std::string& id) const;
  // By due date, oldest first, and the total count before paging.
  std::pair<std::vector<ActivationRequest>, std::int64_t> list(
      store::Tx& tx, const std::optional<std::string>& status, std::int64_t offset,
      std::int64_t limit) const;
  // Throws Error: kNotFound, kRequestAlreadyDecided, kLineLimitReached, kNoNumberAvailable.
  ActivationRequest complete(store::Tx& tx, const Actor& by, const std::string& id) const;
  // `reason`, without the blanks around it, is 1..500 characters of printed
  // lines (kMissingField / kInvalidField "reason").
  ActivationRequest reject(store::Tx& tx, const Actor& by, const std::string& id,
                           const std::string& reason) const;

 private:
  void check_category(store::Tx& tx, const std::string& category, const party::Party& p) const;
  ActivationRequest pending(store::Tx& tx, const std::string& id) const;
  void describe(store::Tx& tx, ActivationRequest& r) const;

  const Clock& clock_;
  const Lines& lines_;
  const BusinessCalendar& calendar_;
  const care::Interactions& interactions_;
  const notify::Outbox& outbox_;
  const attachments::AttachmentService& attachments_;
};

}  // namespace abonado::lines

#pragma once
// Suspending and resuming a line (TMF637 PATCH of the product's status): the
// back office moves a line between active and suspended, and only between
// those two. A suspended line still counts against its document (FL-3) and
// cannot be topped up or buy a plan (balance/ refuses with LINE_NOT_ACTIVE).
// Each move is audited and recorded as a contact with the customer.
//
// Every function runs inside a database job on the Tx it is given. Built once
// by app/; immutable afterwards, so any thread may call it.

#include <string>
#include <string_view>
#include <utility>

#include "care/service.hpp"
#include "core/clock.hpp"
#include "core/roles.hpp"
#include "lines/model.hpp"
#include "store/tx.hpp"

namespace abonado::lines {

class Suspensions {
 public:
  // Both must outlive this object; `language` is the policy's (the contact's words).
  Suspensions(const Clock& clock, const care::Interactions& interactions, std::string language)
      : clock_(clock), interactions_(interactions), language_(std::move(language)) {}

  // An active line becomes suspended. Throws Error: kNotFound ("id"),
  // kLineNotActive ("status") when the line is not active.
  Line suspend(store::Tx& tx, const Actor& by, const std::string& id) const;
  // A suspended line becomes active again. Throws Error: kNotFound ("id"),
  // kConflict ("status") when the line is not suspended.
  Line resume(store::Tx& tx, const Actor& by, const std::string& id) const;

 private:
  Line move(store::Tx& tx, const Actor& by, const std::string& id, std::string_view from,
            std::string_view to) const;

  const Clock& clock_;
  const care::Interactions& interactions_;
  std::string language_;
};

}  // namespace abonado::lines

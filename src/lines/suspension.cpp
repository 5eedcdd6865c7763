#include "lines/suspension.hpp"

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "lines/contacts.hpp"
#include "lines/json.hpp"
#include "lines/repo.hpp"

namespace abonado::lines {
namespace {

// Why a line in `status` cannot leave `from`.
Error refused(const std::string& status, std::string_view from) {
  if (from == kLineActive) {
    return Error(Code::kLineNotActive,
                 "the line is " + status + ", not active: only an active line can be suspended",
                 "status");
  }
  return Error(Code::kConflict,
               "the line is " + status + ", not suspended: only a suspended line can be resumed",
               "status");
}

}  // namespace

Line Suspensions::suspend(store::Tx& tx, const Actor& by, const std::string& id) const {
  return move(tx, by, id, kLineActive, kLineSuspended);
}

Line Suspensions::resume(store::Tx& tx, const Actor& by, const std::string& id) const {
  return move(tx, by, id, kLineSuspended, kLineActive);
}

Line Suspensions::move(store::Tx& tx, const Actor& by, const std::string& id, std::string_view from,
                       std::string_view to) const {
  auto before = find_line(tx, id);
  if (!before) throw Error(Code::kNotFound, "no product with id " + id, "id");
  auto now = clock_.now();
  // The conditional move decides between two requests changing the line at once.
  if (before->status != from || !repo::move_line(tx, id, from, to, now)) {
    throw refused(
        before->status != from ? before->status : find_line(tx, id).value_or(*before).status, from);
  }
  Line after = *before;
  after.status = std::string(to);
  after.updated_at = now;
  bool suspending = to == kLineSuspended;
  auth::record(tx, by, now,
               {suspending ? "product.suspend" : "product.resume", "product", id,
                line_json(*before).dump(), line_json(after).dump()});
  interactions_.record(
      tx, by,
      contact(after.party_id, "web", "outbound",
              words(language_,
                    suspending ? care::ContactText::kSuspension : care::ContactText::kResumption),
              after.status,
              words(language_,
                    suspending ? care::ContactText::kSuspended : care::ContactText::kResumed,
                    {{"msisdn", national_number(after.msisdn)}}),
              id));
  return after;
}

}  // namespace abonado::lines

#pragma once
// Lines (TMF637 product instances) as other modules see them: balance, USSD
// and the quick search look a line up by id or by its current number. Every
// function runs inside a database job on the Tx it is given.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace abonado::lines {

struct Line {
  std::string id;
  std::string party_id;
  std::optional<std::string> customer_id;
  std::string msisdn;  // E.164, the current number
  std::optional<std::string> iccid;
  std::string status;                      // active | suspended | terminated | portedOut
  std::optional<std::string> offering_id;  // current plan; nullopt: standard tariff (FL-13)
  TimePoint created_at;
  TimePoint updated_at;
};

// The columns of `products` that make a Line, in line_from's order; SQL
// text in lines/ selects them with this macro.
#define ABONADO_LINE_COLUMNS \
  "id, party_id, customer_id, msisdn, iccid, status, offering_id, created_at, updated_at"
// A Line from a row of ABONADO_LINE_COLUMNS.
Line line_from(const store::Row& r);

std::optional<Line> find_line(store::Tx& tx, const std::string& id);
// The live (active or suspended) line with this number, else the most recent
// line that had it. `e164` must be in E.164 form ("+51987654321").
std::optional<Line> find_line_by_msisdn(store::Tx& tx, const std::string& e164);
// The lines of a party, oldest first.
std::vector<Line> lines_of_party(store::Tx& tx, const std::string& party_id);

// Sets the line's current plan (nullopt: back to the standard tariff). The
// caller audits the change. Returns false when there is no such line.
bool set_offering(store::Tx& tx, const std::string& id,
                  const std::optional<std::string>& offering_id, TimePoint at);

}  // namespace abonado::lines

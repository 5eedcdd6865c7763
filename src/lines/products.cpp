#include "lines/products.hpp"

namespace abonado::lines {
namespace {

using store::Sql;

#define LINE_COLUMNS ABONADO_LINE_COLUMNS
constexpr Sql kSelectLine{"lines.select", "SELECT " LINE_COLUMNS " FROM products WHERE id = $1"};
// A live line first, then the newest that had the number.
constexpr Sql kLineByMsisdn{
    "lines.by_msisdn",
    "SELECT " LINE_COLUMNS
    " FROM products WHERE msisdn = $1 "
    "ORDER BY CASE WHEN status IN ('active', 'suspended') THEN 0 ELSE 1 END, created_at DESC "
    "LIMIT 1"};
constexpr Sql kLinesOfParty{"lines.of_party",
                            "SELECT " LINE_COLUMNS
                            " FROM products WHERE party_id = $1 ORDER BY created_at, id"};
#undef LINE_COLUMNS
constexpr Sql kSetOffering{"lines.set_offering",
                           "UPDATE products SET offering_id = $2, updated_at = $3 WHERE id = $1"};

}  // namespace

Line line_from(const store::Row& r) {
  Line l;
  l.id = r.str(0);
  l.party_id = r.str(1);
  l.customer_id = r.opt_str(2);
  l.msisdn = r.str(3);
  l.iccid = r.opt_str(4);
  l.status = r.str(5);
  l.offering_id = r.opt_str(6);
  l.created_at = from_epoch_ms(r.i64(7));
  l.updated_at = from_epoch_ms(r.i64(8));
  return l;
}

std::optional<Line> find_line(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectLine, {id});
  if (!row) return std::nullopt;
  return line_from(*row);
}

std::optional<Line> find_line_by_msisdn(store::Tx& tx, const std::string& e164) {
  auto row = tx.query_one(kLineByMsisdn, {e164});
  if (!row) return std::nullopt;
  return line_from(*row);
}

std::vector<Line> lines_of_party(store::Tx& tx, const std::string& party_id) {
  std::vector<Line> out;
  for (const auto& r : tx.query(kLinesOfParty, {party_id})) out.push_back(line_from(r));
  return out;
}

bool set_offering(store::Tx& tx, const std::string& id,
                  const std::optional<std::string>& offering_id, TimePoint at) {
  return tx.exec(kSetOffering, {id, offering_id, to_epoch_ms(at)}) > 0;
}

}  // namespace abonado::lines

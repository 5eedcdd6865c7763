#include "party/cards.hpp"

#include "party/repo.hpp"

namespace abonado::party::cards {
namespace {

using store::Sql;

constexpr Sql kPut{
    "card.put",
    "INSERT INTO search_cards (party_id, full_name, trading_name, party_json, customers_json, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (party_id) DO UPDATE SET "
    "full_name = excluded.full_name, trading_name = excluded.trading_name, "
    "party_json = excluded.party_json, customers_json = excluded.customers_json, "
    "updated_at = excluded.updated_at"};
constexpr Sql kLoad{
    "card.load_many",
    "SELECT party_id, full_name, trading_name, party_json, customers_json FROM search_cards "
    "WHERE party_id IN (SELECT value FROM json_each($1))",
    "SELECT party_id, full_name, trading_name, party_json, customers_json FROM search_cards "
    "WHERE party_id IN (SELECT json_array_elements_text($1::json))"};
constexpr Sql kPartiesAfter{
    "card.parties_after",
    "SELECT p.id, CASE WHEN EXISTS (SELECT 1 FROM search_cards c WHERE c.party_id = p.id) "
    "THEN 1 ELSE 0 END FROM parties p "
    "WHERE p.id > $1 ORDER BY p.id LIMIT $2"};

}  // namespace

void put(store::Tx& tx, const Card& card, TimePoint at) {
  tx.exec(kPut, {card.party_id, card.full_name, card.trading_name, card.party_json,
                 card.customers_json, to_epoch_ms(at)});
}

std::vector<Card> load(store::Tx& tx, const std::vector<std::string>& ids) {
  std::vector<Card> out;
  if (ids.empty()) return out;
  for (const auto& r : tx.query(kLoad, {repo::ids_json(ids)})) {
    out.push_back(Card{r.str(0), r.str(1), r.str(2), r.str(3), r.str(4)});
  }
  return out;
}

std::vector<std::pair<std::string, bool>> parties_after(store::Tx& tx, const std::string& after,
                                                        int limit) {
  std::vector<std::pair<std::string, bool>> out;
  for (const auto& r : tx.query(kPartiesAfter, {after, limit})) {
    out.emplace_back(r.str(0), r.i64(1) != 0);
  }
  return out;
}

}  // namespace abonado::party::cards

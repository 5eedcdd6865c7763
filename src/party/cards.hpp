#pragma once
// Search cards: each party as the quick search shows it (the party and its
// customers with their accounts, rendered to JSON), kept beside the tables
// they come from. A search then reads one row per hit instead of five tables
// per hit, which is what keeps it fast at millions of customers.
//
// PartyService rewrites a party's card in the same transaction as every
// change to the party, its customers or their accounts; a change made
// anywhere else must call PartyService::refresh_card. A party without a card
// (created before cards existed) is rendered from its tables until the
// backfill job (PartyService::fill_missing_cards) gets to it.

#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "store/tx.hpp"

namespace abonado::party::cards {

struct Card {
  std::string party_id;
  std::string full_name;
  std::string trading_name;
  std::string party_json;      // party_json(party), a JSON object
  std::string customers_json;  // customer_json of each customer, a JSON array
};

void put(store::Tx& tx, const Card& card, TimePoint at);
// The cards of `ids` that exist, in no particular order.
std::vector<Card> load(store::Tx& tx, const std::vector<std::string>& ids);
// Up to `limit` parties after `after` in id order, each with whether it has a card.
std::vector<std::pair<std::string, bool>> parties_after(store::Tx& tx, const std::string& after,
                                                        int limit);

}  // namespace abonado::party::cards

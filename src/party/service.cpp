#include "party/service.hpp"

#include <algorithm>
#include <unordered_map>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "party/cards.hpp"
#include "party/json.hpp"
#include "party/repo.hpp"

namespace abonado::party {
namespace {

// Contract numbers are sequential per operator database, from this value.
constexpr std::int64_t kFirstContractNumber = 10000001;

// Upper-case letters and digits of `text`: how document and contract numbers
// are compared in searches ("4567890-1a lp" -> "45678901ALP").
std::string alnum_upper(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// The search terms of a document number: its letters and digits, and for a
// CI with a complement ("4567890-1A") the number alone too, which is how most
// callers read it out.
std::vector<std::string> document_terms(const std::string& number) {
  std::vector<std::string> terms{alnum_upper(number)};
  if (auto dash = number.find('-'); dash != std::string::npos && dash > 0) {
    terms.push_back(alnum_upper(number.substr(0, dash)));
  }
  return terms;
}

void index_party(store::Tx& tx, const Party& p) {
  auto words = search_tokens(p.full_name);
  for (auto& word : search_tokens(p.trading_name)) words.push_back(std::move(word));
  for (const auto& word : words) repo::add_search_term(tx, "name", word, p.id);
  // Every two different words, in byte order ("quispe rosa"): a search for
  // two whole words is then one lookup, however common each word is.
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (std::size_t j = i + 1; j < words.size(); ++j) {
      repo::add_search_term(tx, "pair", words[i] + " " + words[j], p.id);
    }
  }
  for (const auto& d : p.documents) {
    for (const auto& term : document_terms(d.number)) repo::add_search_term(tx, "doc", term, p.id);
  }
  for (const auto& c : p.contacts) {
    if (!c.phone_e164.empty()) repo::add_search_term(tx, "phone", c.phone_e164, p.id);
  }
}

// Scores a name hit: an exact word counts more than a prefix.
int name_score(const std::string& full_name, const std::string& trading_name,
               const std::vector<std::string>& words) {
  auto have = search_tokens(full_name + " " + trading_name);
  int score = 0;
  for (const auto& w : words) {
    if (std::find(have.begin(), have.end(), w) != have.end()) score += 2;
    else score += 1;
  }
  return score;
}

// Parties whose names have every word of `words` (the first four choose, as
// they always have; name_score ranks by all), for `room` hits: first those
// with every word whole (they rank first, see name_score); when they do not
// fill the room, up to `prefix_candidates` whose words start with the
// query's. Parties in `taken` are left out.
std::vector<std::string> name_candidates(store::Tx& tx, const std::vector<std::string>& words,
                                         int room, int prefix_candidates,
                                         const std::vector<std::string>& taken) {
  std::vector<std::string> used(words.begin(),
                                words.begin() + std::min<std::ptrdiff_t>(std::ssize(words), 4));
  // A word that starts no name term leaves nothing to find: a phone number or
  // a document typed as several words stops here, after one seek per word.
  auto starts_some = repo::name_term_counts(tx, used, 1);
  if (std::find(starts_some.begin(), starts_some.end(), 0) != starts_some.end()) return {};
  std::vector<std::string> out;
  auto keep = [&](std::vector<std::string> found) {
    for (auto& id : found) {
      bool seen = std::find(taken.begin(), taken.end(), id) != taken.end() ||
                  std::find(out.begin(), out.end(), id) != out.end();
      if (!seen) out.push_back(std::move(id));
    }
  };
  keep(repo::parties_by_whole_words(tx, used, room + static_cast<int>(taken.size())));
  if (static_cast<int>(out.size()) >= room) return out;

  // The prefix walk goes through the terms of the first word and checks the
  // others per party: it costs about (hits wanted) / (share of the first
  // word's parties that have the others). The word with the fewest terms goes
  // first ("quispe ivanov" walks the few Ivanovs, not the many Quispes), then
  // the longest.
  constexpr int kCountCap = 500;  // enough to tell a rare word from a common one
  std::vector<std::int64_t> counts = repo::name_term_counts(tx, used, kCountCap);
  std::vector<std::size_t> order(used.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (counts[a] != counts[b]) return counts[a] < counts[b];
    return used[a].size() > used[b].size();
  });
  std::vector<std::string> sorted;
  for (std::size_t i : order) sorted.push_back(used[i]);
  keep(repo::parties_by_name_prefixes(tx, sorted, prefix_candidates));
  return out;
}

// The card of a party with these customers (see cards.hpp).
cards::Card card_of(const Party& p, const std::vector<Customer>& customers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : customers) list.push_back(customer_json(c));
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  return {p.id, p.full_name, p.trading_name, party_json(p).dump(-1, ' ', false, kReplace),
          list.dump(-1, ' ', false, kReplace)};
}

// The card of a party, read from its tables; nullopt when there is no such party.
std::optional<cards::Card> card_from_tables(store::Tx& tx, const std::string& party_id) {
  auto party = repo::load_party(tx, party_id);
  if (!party) return std::nullopt;
  return card_of(*party, repo::customers_of_parties(tx, {party_id}).front());
}

}  // namespace

void check_customer_status(const std::string& status) {
  static const char* const kStates[] = {"initialized", "active", "suspended", "closed"};
  if (std::none_of(std::begin(kStates), std::end(kStates),
                   [&](const char* s) { return status == s; })) {
    throw Error(Code::kInvalidField,
                "status must be one of initialized, active, suspended, closed", "status");
  }
}

void check_account(const NewAccount& a) {
  if (a.billing_cycle_day < 1 || a.billing_cycle_day > 28) {
    throw Error(Code::kInvalidField, "billingCycleDay must be from 1 to 28", "billingCycleDay");
  }
  if (a.invoice_type.empty() || a.invoice_type.size() > 40) {
    throw Error(Code::kInvalidField, "invoiceType must have 1 to 40 characters", "invoiceType");
  }
  if (a.name.size() > 200) {
    throw Error(Code::kInvalidField, "name must have at most 200 characters", "name");
  }
}

Party PartyService::create_party(store::Tx& tx, const Actor& by, NewParty n) const {
  auto now = clock_.now();
  Party p;
  p.id = new_id(now);
  p.kind = n.kind;
  p.given_name = std::move(n.given_name);
  p.family_name = std::move(n.family_name);
  p.full_name = n.kind == PartyKind::kIndividual ? p.given_name + " " + p.family_name
                                                  : std::move(n.name);
  p.trading_name = std::move(n.trading_name);
  p.birth_date = std::move(n.birth_date);
  p.disability = n.disability;
  p.status = "initialized";
  p.created_at = now;
  p.updated_at = now;
  for (const auto& d : n.documents) {
    Identification id = identification_of(d);
    if (auto owner = repo::document_owner(tx, id)) {
      throw Error(Code::kDuplicateParty,
                  "a party with " + id.type + " " + id.display + " already exists (" + *owner + ")",
                  "identificationId");
    }
    p.documents.push_back(std::move(id));
  }
  for (auto& c : n.contacts) {
    c.id = new_id(now);
    p.contacts.push_back(std::move(c));
  }
  repo::insert_party(tx, p);
  index_party(tx, p);
  cards::put(tx, card_of(p, {}), now);
  auth::record(tx, by, now,
               {"party.create", "party", p.id, std::nullopt, party_json(p).dump()});
  return p;
}

std::optional<Party> PartyService::find_party(store::Tx& tx, const std::string& id) const {
  return repo::load_party(tx, id);
}

bool PartyService::party_exists(store::Tx& tx, const std::string& id) const {
  return repo::party_exists(tx, id);
}

Customer PartyService::create_customer(store::Tx& tx, const Actor& by, NewCustomer n) const {
  auto party = repo::load_party(tx, n.party_id);
  if (!party) {
    throw Error(Code::kNotFound, "no party with id " + n.party_id, "engagedParty.id");
  }
  for (const auto& a : n.accounts) check_account(a);
  auto now = clock_.now();
  Customer c;
  c.id = new_id(now);
  c.party_id = party->id;
  c.contract_number = std::to_string(repo::next_in_sequence(tx, "contract", kFirstContractNumber));
  c.name = n.name.empty() ? party->full_name : n.name;
  c.status = "initialized";
  c.created_at = now;
  c.updated_at = now;
  repo::insert_customer(tx, c);
  repo::add_search_term(tx, "contract", c.contract_number, c.party_id);
  for (const auto& a : n.accounts) {
    BillingAccount acc;
    acc.id = new_id(now);
    acc.customer_id = c.id;
    acc.party_id = c.party_id;
    acc.name = a.name.empty() ? c.name : a.name;
    acc.billing_cycle_day = a.billing_cycle_day;
    acc.invoice_type = a.invoice_type;
    acc.billing_address = a.billing_address;
    acc.admin_party_id = a.admin_party_id;
    acc.state = "active";
    acc.created_at = now;
    acc.updated_at = now;
    repo::insert_account(tx, acc);
    c.accounts.push_back(std::move(acc));
  }
  refresh_card(tx, c.party_id);
  auth::record(tx, by, now,
               {"customer.create", "customer", c.id, std::nullopt, customer_json(c).dump()});
  return c;
}

std::optional<Customer> PartyService::find_customer(store::Tx& tx, const std::string& id) const {
  return repo::load_customer(tx, id);
}

std::pair<std::vector<Customer>, std::int64_t> PartyService::list_customers(
    store::Tx& tx, const CustomerFilter& f) const {
  return repo::list_customers(tx, f);
}

Customer PartyService::update_customer(store::Tx& tx, const Actor& by, const std::string& id,
                                       const CustomerPatch& patch) const {
  auto before = repo::load_customer(tx, id, true);
  if (!before) throw Error(Code::kNotFound, "no customer with id " + id, "id");
  Customer after = *before;
  if (patch.name) {
    if (patch.name->empty() || patch.name->size() > 200) {
      throw Error(Code::kInvalidField, "name must have 1 to 200 characters", "name");
    }
    after.name = *patch.name;
  }
  if (patch.status) {
    check_customer_status(*patch.status);
    after.status = *patch.status;
  }
  if (patch.status_reason) after.status_reason = *patch.status_reason;
  after.updated_at = clock_.now();
  repo::update_customer(tx, after);
  refresh_card(tx, after.party_id);
  auth::record(tx, by, after.updated_at,
               {"customer.update", "customer", id, customer_json(*before).dump(),
                customer_json(after).dump()});
  return after;
}

BillingAccount PartyService::add_account(store::Tx& tx, const Actor& by,
                                         const std::string& customer_id,
                                         const NewAccount& a) const {
  check_account(a);
  auto customer = repo::load_customer(tx, customer_id);
  if (!customer) throw Error(Code::kNotFound, "no customer with id " + customer_id, "customer.id");
  if (a.admin_party_id && !repo::load_party(tx, *a.admin_party_id)) {
    throw Error(Code::kNotFound, "no party with id " + *a.admin_party_id, "contact.id");
  }
  auto now = clock_.now();
  BillingAccount acc;
  acc.id = new_id(now);
  acc.customer_id = customer->id;
  acc.party_id = customer->party_id;
  acc.name = a.name.empty() ? customer->name : a.name;
  acc.billing_cycle_day = a.billing_cycle_day;
  acc.invoice_type = a.invoice_type;
  acc.billing_address = a.billing_address;
  acc.admin_party_id = a.admin_party_id;
  acc.state = "active";
  acc.created_at = now;
  acc.updated_at = now;
  repo::insert_account(tx, acc);
  refresh_card(tx, acc.party_id);
  auth::record(tx, by, now,
               {"billingAccount.create", "billingAccount", acc.id, std::nullopt,
                account_json(acc).dump()});
  return acc;
}

std::optional<BillingAccount> PartyService::find_account(store::Tx& tx,
                                                         const std::string& id) const {
  return repo::load_account(tx, id);
}

void PartyService::index_phone(store::Tx& tx, const std::string& party_id,
                               const std::string& e164) const {
  repo::add_search_term(tx, "phone", e164, party_id);
}

void PartyService::unindex_phone(store::Tx& tx, const std::string& party_id,
                                 const std::string& e164) const {
  auto party = repo::load_party(tx, party_id);
  if (party && std::any_of(party->contacts.begin(), party->contacts.end(),
                           [&](const ContactMedium& c) { return c.phone_e164 == e164; })) {
    return;
  }
  repo::remove_search_term(tx, "phone", e164, party_id);
}

std::vector<SearchHit> PartyService::search(store::Tx& tx, std::string_view query,
                                            int limit) const {
  // Parties found, best first, and how; loaded together at the end.
  std::vector<std::string> ids;
  std::vector<const char*> how;
  std::unordered_map<std::string, cards::Card> loaded;  // cards of hits already read, by id
  auto seen = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  auto add = [&](const std::vector<std::string>& found, const char* kind) {
    for (const auto& id : found) {
      if (static_cast<int>(ids.size()) >= limit) return;
      if (seen(id)) continue;
      ids.push_back(id);
      how.push_back(kind);
    }
  };
  if (auto e164 = phone_search_key(query, region_)) {
    add(repo::parties_by_term(tx, "phone", *e164, limit), "phone");
  }
  std::string key = alnum_upper(query);
  if (!key.empty()) {
    add(repo::parties_by_term(tx, "contract", key, limit), "contract");
    add(repo::parties_by_term(tx, "doc", key, limit), "document");
    // "4567890 LP": the number alone, without the department.
    auto first = alnum_upper(query.substr(0, query.find(' ')));
    if (first != key) add(repo::parties_by_term(tx, "doc", first, limit), "document");
    // "10117410-2": a DNI with its printed check character; "4567890-1A": a CI
    // with its complement (also indexed under the number alone).
    if (auto dash = query.find('-'); dash != std::string_view::npos && dash >= 5) {
      auto number = alnum_upper(query.substr(0, dash));
      if (number.size() >= 5 && number != key && number != first) {
        add(repo::parties_by_term(tx, "doc", number, limit), "document");
      }
    }
  }
  auto words = search_tokens(query);
  if (!words.empty() && static_cast<int>(ids.size()) < limit) {
    // Longest words first: they narrow the search most.
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    int room = limit - static_cast<int>(ids.size());
    std::vector<std::string> candidates = name_candidates(tx, words, room, limit * 4, ids);
    struct Ranked {
      int score;
      std::string full_name;
      std::string id;
    };
    std::vector<Ranked> ranked;
    std::vector<std::string> unranked = candidates;
    if (static_cast<int>(candidates.size()) <= room) {
      // Every candidate is shown: read their cards now and rank them by those names.
      for (auto& card : cards::load(tx, candidates)) {
        ranked.push_back({name_score(card.full_name, card.trading_name, words), card.full_name,
                          card.party_id});
        std::erase(unranked, card.party_id);
        std::string id = card.party_id;
        loaded.emplace(std::move(id), std::move(card));
      }
    }
    // Ranked by name alone, so that only the hits shown are read in full.
    for (auto& n : repo::party_names(tx, unranked)) {
      ranked.push_back({name_score(n.full_name, n.trading_name, words), std::move(n.full_name),
                        std::move(n.id)});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.full_name < b.full_name;
    });
    for (auto& r : ranked) {
      if (static_cast<int>(ids.size()) >= limit) break;
      ids.push_back(std::move(r.id));
      how.push_back("name");
    }
  }
  std::vector<std::string> to_load;
  for (const auto& id : ids) {
    if (!loaded.contains(id)) to_load.push_back(id);
  }
  for (auto& card : cards::load(tx, to_load)) {
    std::string id = card.party_id;
    loaded.emplace(std::move(id), std::move(card));
  }
  std::vector<SearchHit> hits;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto it = loaded.find(ids[i]);
    if (it == loaded.end()) {
      // No card yet (see cards.hpp): shown from the tables.
      auto card = card_from_tables(tx, ids[i]);
      if (!card) continue;
      it = loaded.emplace(ids[i], std::move(*card)).first;
    }
    auto& card = it->second;
    hits.push_back(SearchHit{std::move(card.party_id), std::move(card.party_json),
                             std::move(card.customers_json), how[i]});
  }
  return hits;
}

void PartyService::refresh_card(store::Tx& tx, const std::string& party_id) const {
  // Whoever rewrites the card last must read the tables after the other's
  // commit: without the lock two concurrent changes each render the card
  // without the other's change, and the later write wins.
  if (!repo::lock_party(tx, party_id)) return;
  if (auto card = card_from_tables(tx, party_id)) cards::put(tx, *card, clock_.now());
}

std::optional<std::string> PartyService::fill_missing_cards(store::Tx& tx,
                                                           const std::string& after,
                                                           int limit) const {
  auto batch = cards::parties_after(tx, after, limit);
  if (batch.empty()) return std::nullopt;
  for (const auto& [id, has_card] : batch) {
    if (!has_card) refresh_card(tx, id);
  }
  return batch.back().first;
}

}  // namespace abonado::party

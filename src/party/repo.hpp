#pragma once
// SQL of the party module (internal: only party/service.cpp includes this).

#include <optional>
#include <string>
#include <vector>

#include "party/model.hpp"
#include "party/service.hpp"
#include "store/tx.hpp"

namespace abonado::party::repo {

void insert_party(store::Tx& tx, const Party& p);
std::optional<std::string> document_owner(store::Tx& tx, const Identification& doc);
std::optional<Party> load_party(store::Tx& tx, const std::string& id);
bool party_exists(store::Tx& tx, const std::string& id);
// party_exists, holding the party's row until the transaction ends (PostgreSQL).
bool lock_party(store::Tx& tx, const std::string& id);
// The parties with these ids, in the order of `ids`; unknown ids are left out.
std::vector<Party> load_parties(store::Tx& tx, const std::vector<std::string>& ids);

// The next value of a named sequence, starting at `first`.
std::int64_t next_in_sequence(store::Tx& tx, const std::string& name, std::int64_t first);

void insert_customer(store::Tx& tx, const Customer& c);
void update_customer(store::Tx& tx, const Customer& c);
// `lock`: hold the customer's row until the transaction ends (PostgreSQL; write jobs only).
std::optional<Customer> load_customer(store::Tx& tx, const std::string& id, bool lock = false);
std::vector<Customer> customers_of_party(store::Tx& tx, const std::string& party_id);
// customers_of_party for each of `party_ids`, in their order, in two statements.
std::vector<std::vector<Customer>> customers_of_parties(store::Tx& tx,
                                                        const std::vector<std::string>& party_ids);
std::pair<std::vector<Customer>, std::int64_t> list_customers(store::Tx& tx,
                                                              const CustomerFilter& f);

void insert_account(store::Tx& tx, const BillingAccount& a);
std::optional<BillingAccount> load_account(store::Tx& tx, const std::string& id);

void add_search_term(store::Tx& tx, std::string_view kind, const std::string& term,
                     const std::string& party_id);
void remove_search_term(store::Tx& tx, std::string_view kind, const std::string& term,
                        const std::string& party_id);
// Parties with an exact term of `kind`.
std::vector<std::string> parties_by_term(store::Tx& tx, std::string_view kind,
                                         const std::string& term, int limit);
// How many name terms start with each word (the first 4), counting no
// further than `cap`, in one statement.
std::vector<std::int64_t> name_term_counts(store::Tx& tx, const std::vector<std::string>& words,
                                           int cap);
// At most `limit` parties having every word (the first 4 different ones) as
// a whole name word. Two words are one lookup of their pair term.
std::vector<std::string> parties_by_whole_words(store::Tx& tx, std::vector<std::string> words,
                                                int limit);
// At most `limit` parties having, for every word (at most 4), a name term
// starting with it. The first word's terms are walked in term order (its
// whole word first) and the others checked per party, so the first word
// should be the one with the fewest terms.
std::vector<std::string> parties_by_name_prefixes(store::Tx& tx,
                                                  const std::vector<std::string>& words, int limit);

// The names a name hit is ranked by, in the order of `ids`.
struct PartyName {
  std::string id;
  std::string full_name;
  std::string trading_name;
};
std::vector<PartyName> party_names(store::Tx& tx, const std::vector<std::string>& ids);

// `ids` as a JSON array of strings: the parameter of the batch loads, which
// read it with json_each (SQLite) or json_array_elements_text (PostgreSQL).
std::string ids_json(const std::vector<std::string>& ids);

}  // namespace abonado::party::repo

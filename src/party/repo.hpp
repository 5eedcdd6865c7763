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

// The next value of a named sequence, starting at `first`.
std::int64_t next_in_sequence(store::Tx& tx, const std::string& name, std::int64_t first);

void insert_customer(store::Tx& tx, const Customer& c);
void update_customer(store::Tx& tx, const Customer& c);
std::optional<Customer> load_customer(store::Tx& tx, const std::string& id);
std::vector<Customer> customers_of_party(store::Tx& tx, const std::string& party_id);
std::pair<std::vector<Customer>, std::int64_t> list_customers(store::Tx& tx,
                                                              const CustomerFilter& f);

void insert_account(store::Tx& tx, const BillingAccount& a);
std::optional<BillingAccount> load_account(store::Tx& tx, const std::string& id);

void add_search_term(store::Tx& tx, std::string_view kind, const std::string& term,
                     const std::string& party_id);
// Parties with an exact term of `kind`.
std::vector<std::string> parties_by_term(store::Tx& tx, std::string_view kind,
                                         const std::string& term, int limit);
// Parties having, for every word, a name term starting with it (at most 4 words).
std::vector<std::string> parties_by_name_prefixes(store::Tx& tx,
                                                  const std::vector<std::string>& words,
                                                  int limit);

}  // namespace abonado::party::repo

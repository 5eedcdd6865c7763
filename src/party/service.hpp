#pragma once
// Parties, customers and billing accounts, and the quick search every call
// starts with (CC-0). Every function runs inside a database job on the Tx it
// is given; writes are audited in the same transaction.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/roles.hpp"
#include "party/model.hpp"
#include "store/tx.hpp"

namespace abonado::party {

struct NewParty {
  PartyKind kind = PartyKind::kIndividual;
  std::string given_name;
  std::string family_name;
  std::string name;  // organizations: legal name
  std::string trading_name;
  std::optional<std::string> birth_date;  // validated YYYY-MM-DD
  bool disability = false;
  std::vector<IdDocument> documents;
  std::vector<ContactMedium> contacts;  // ids are assigned here
};

struct NewAccount {
  std::string name;
  int billing_cycle_day = 1;
  std::string invoice_type;
  std::optional<PostalAddress> billing_address;
  std::optional<std::string> admin_party_id;
};

struct NewCustomer {
  std::string party_id;
  std::string name;  // defaults to the party's name
  std::vector<NewAccount> accounts;
};

struct CustomerPatch {
  std::optional<std::string> name;
  std::optional<std::string> status;
  std::optional<std::string> status_reason;
};

struct CustomerFilter {
  std::optional<std::string> status;
  std::optional<std::string> party_id;
  std::int64_t offset = 0;
  std::int64_t limit = 20;
};

// A party found by the quick search, already rendered: party_json of the
// party, and customer_json of each of its customers (see cards.hpp).
struct SearchHit {
  std::string party_id;
  std::string party_json;      // a JSON object
  std::string customers_json;  // a JSON array
  std::string matched_by;      // phone | contract | document | name
};

class PartyService {
 public:
  // `region` is the operator's phone region (policy phone_region), used to
  // read phone numbers written without a country code in searches.
  PartyService(const Clock& clock, std::string region) : clock_(clock), region_(std::move(region)) {}

  // Throws Error(kDuplicateParty) when one of its documents already identifies a party.
  Party create_party(store::Tx& tx, const Actor& by, NewParty p) const;
  std::optional<Party> find_party(store::Tx& tx, const std::string& id) const;
  bool party_exists(store::Tx& tx, const std::string& id) const;

  // Throws Error(kNotFound, field "engagedParty.id") for an unknown party.
  Customer create_customer(store::Tx& tx, const Actor& by, NewCustomer c) const;
  std::optional<Customer> find_customer(store::Tx& tx, const std::string& id) const;
  std::pair<std::vector<Customer>, std::int64_t> list_customers(store::Tx& tx,
                                                                const CustomerFilter& f) const;
  Customer update_customer(store::Tx& tx, const Actor& by, const std::string& id,
                           const CustomerPatch& patch) const;
  BillingAccount add_account(store::Tx& tx, const Actor& by, const std::string& customer_id,
                             const NewAccount& a) const;
  std::optional<BillingAccount> find_account(store::Tx& tx, const std::string& id) const;

  // Best first: exact phone, contract and document matches, then names whose
  // words start with every word of the query (accents and case ignored).
  std::vector<SearchHit> search(store::Tx& tx, std::string_view query, int limit) const;

  // Rewrites the party's search card from its tables: for changes to a
  // party, its customers or their accounts made outside this class.
  void refresh_card(store::Tx& tx, const std::string& party_id) const;
  // Writes the missing cards (parties created before cards existed) among
  // the `limit` parties after `after` in id order; returns the last id looked
  // at, or nullopt when there were none: the backfill job's cursor.
  std::optional<std::string> fill_missing_cards(store::Tx& tx, const std::string& after,
                                                int limit) const;

  // Makes the party findable by a number it was given outside its contact
  // media (a line's number: lines/ calls these when a line opens or changes
  // number). `e164` is a validated E.164 number. Unindexing keeps the term
  // when the number is also one of the party's contact media.
  void index_phone(store::Tx& tx, const std::string& party_id, const std::string& e164) const;
  void unindex_phone(store::Tx& tx, const std::string& party_id, const std::string& e164) const;

 private:
  const Clock& clock_;
  std::string region_;
};

// Checks the rules of the customer and account fields (status names, cycle
// day 1..28...). Throws Error(kInvalidField) naming the field.
void check_customer_status(const std::string& status);
void check_account(const NewAccount& a);

}  // namespace abonado::party

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

struct SearchHit {
  Party party;
  std::vector<Customer> customers;
  std::string matched_by;  // phone | contract | document | name
};

class PartyService {
 public:
  // `region` is the operator's phone region (policy phone_region), used to
  // read phone numbers written without a country code in searches.
  PartyService(const Clock& clock, std::string region) : clock_(clock), region_(std::move(region)) {}

  // Throws Error(kDuplicateParty) when one of its documents already identifies a party.
  Party create_party(store::Tx& tx, const Actor& by, NewParty p) const;
  std::optional<Party> find_party(store::Tx& tx, const std::string& id) const;

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

 private:
  const Clock& clock_;
  std::string region_;
};

// Checks the rules of the customer and account fields (status names, cycle
// day 1..28...). Throws Error(kInvalidField) naming the field.
void check_customer_status(const std::string& status);
void check_account(const NewAccount& a);

}  // namespace abonado::party

#include "party/service.hpp"

#include <algorithm>

#include "auth/audit.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "party/json.hpp"
#include "party/repo.hpp"

namespace abonado::party {
namespace {

// Contract numbers are sequential per operator database, from this value.
constexpr std::int64_t kFirstContractNumber = 10000001;

void index_party(store::Tx& tx, const Party& p) {
  for (const auto& word : search_tokens(p.full_name)) repo::add_search_term(tx, "name", word, p.id);
  for (const auto& word : search_tokens(p.trading_name)) {
    repo::add_search_term(tx, "name", word, p.id);
  }
  for (const auto& d : p.documents) repo::add_search_term(tx, "doc", d.number, p.id);
  for (const auto& c : p.contacts) {
    if (!c.phone_e164.empty()) repo::add_search_term(tx, "phone", c.phone_e164, p.id);
  }
}

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

// Scores a name hit: an exact word counts more than a prefix.
int name_score(const Party& p, const std::vector<std::string>& words) {
  auto have = search_tokens(p.full_name + " " + p.trading_name);
  int score = 0;
  for (const auto& w : words) {
    if (std::find(have.begin(), have.end(), w) != have.end()) score += 2;
    else score += 1;
  }
  return score;
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
  auth::record(tx, by, now,
               {"party.create", "party", p.id, std::nullopt, party_json(p).dump()});
  return p;
}

std::optional<Party> PartyService::find_party(store::Tx& tx, const std::string& id) const {
  return repo::load_party(tx, id);
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
  auto before = repo::load_customer(tx, id);
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
  auth::record(tx, by, now,
               {"billingAccount.create", "billingAccount", acc.id, std::nullopt,
                account_json(acc).dump()});
  return acc;
}

std::optional<BillingAccount> PartyService::find_account(store::Tx& tx,
                                                         const std::string& id) const {
  return repo::load_account(tx, id);
}

std::vector<SearchHit> PartyService::search(store::Tx& tx, std::string_view query,
                                            int limit) const {
  std::vector<SearchHit> hits;
  auto add = [&](const std::vector<std::string>& ids, const char* how) {
    for (const auto& id : ids) {
      if (static_cast<int>(hits.size()) >= limit) return;
      bool seen = std::any_of(hits.begin(), hits.end(),
                              [&](const SearchHit& h) { return h.party.id == id; });
      if (seen) continue;
      if (auto p = repo::load_party(tx, id)) {
        hits.push_back(SearchHit{std::move(*p), repo::customers_of_party(tx, id), how});
      }
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
  }
  auto words = search_tokens(query);
  if (!words.empty() && static_cast<int>(hits.size()) < limit) {
    // Longest words first: they narrow the intersection most.
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    std::vector<SearchHit> by_name;
    for (const auto& id : repo::parties_by_name_prefixes(tx, words, limit * 4)) {
      bool seen = std::any_of(hits.begin(), hits.end(),
                              [&](const SearchHit& h) { return h.party.id == id; });
      if (seen) continue;
      if (auto p = repo::load_party(tx, id)) by_name.push_back(SearchHit{std::move(*p), {}, "name"});
    }
    std::stable_sort(by_name.begin(), by_name.end(), [&](const SearchHit& a, const SearchHit& b) {
      int sa = name_score(a.party, words), sb = name_score(b.party, words);
      if (sa != sb) return sa > sb;
      return a.party.full_name < b.party.full_name;
    });
    for (auto& h : by_name) {
      if (static_cast<int>(hits.size()) >= limit) break;
      h.customers = repo::customers_of_party(tx, h.party.id);
      hits.push_back(std::move(h));
    }
  }
  return hits;
}

}  // namespace abonado::party

#include "party/repo.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"
#include "party/json.hpp"

namespace abonado::party::repo {
namespace {

using store::Sql;

constexpr Sql kInsertParty{
    "party.insert",
    "INSERT INTO parties (id, kind, given_name, family_name, full_name, trading_name, birth_date, "
    "disability, status, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
constexpr Sql kInsertDocument{
    "party.insert_document",
    "INSERT INTO party_identifications (id_type, country, number, party_id, display) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"};
constexpr Sql kDocumentOwner{
    "party.document_owner",
    "SELECT party_id FROM party_identifications WHERE id_type = $1 AND country = $2 "
    "AND number = $3"};
constexpr Sql kInsertContact{
    "party.insert_contact",
    "INSERT INTO contact_media (id, party_id, medium_type, preferred, value, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
#define PARTY_COLUMNS                                                                    \
  "id, kind, given_name, family_name, full_name, trading_name, birth_date, disability, " \
  "status, created_at, updated_at"
constexpr Sql kSelectParty{"party.select", "SELECT " PARTY_COLUMNS " FROM parties WHERE id = $1"};
constexpr Sql kPartyExists{"party.exists", "SELECT 1 FROM parties WHERE id = $1"};
// Changes of one party's customers and accounts take turns at its card (PostgreSQL).
// NO KEY UPDATE: their rows' foreign keys hold the party FOR KEY SHARE, which
// FOR UPDATE would wait for in both of two such changes (a deadlock).
constexpr Sql kLockParty{"party.lock", "SELECT 1 FROM parties WHERE id = $1",
                         "SELECT 1 FROM parties WHERE id = $1 FOR NO KEY UPDATE"};
constexpr Sql kSelectDocuments{
    "party.select_documents",
    "SELECT id_type, country, number, display FROM party_identifications WHERE party_id = $1 "
    "ORDER BY id_type, number"};
constexpr Sql kSelectContacts{
    "party.select_contacts",
    "SELECT id, medium_type, preferred, value FROM contact_media WHERE party_id = $1 "
    "ORDER BY preferred DESC, created_at, id"};
// Batch loads for the quick search: $1 is a JSON array of ids, one round
// trip for all the hits of a search.
#define IDS_SQLITE "(SELECT value FROM json_each($1))"
#define IDS_PG "(SELECT json_array_elements_text($1::json))"
constexpr Sql kSelectParties{"party.select_many",
                             "SELECT " PARTY_COLUMNS " FROM parties WHERE id IN " IDS_SQLITE,
                             "SELECT " PARTY_COLUMNS " FROM parties WHERE id IN " IDS_PG};
constexpr Sql kDocumentsOfParties{
    "party.documents_of_many",
    "SELECT party_id, id_type, country, number, display FROM party_identifications "
    "WHERE party_id IN " IDS_SQLITE " ORDER BY id_type, number",
    "SELECT party_id, id_type, country, number, display FROM party_identifications "
    "WHERE party_id IN " IDS_PG " ORDER BY id_type, number"};
constexpr Sql kContactsOfParties{
    "party.contacts_of_many",
    "SELECT party_id, id, medium_type, preferred, value FROM contact_media "
    "WHERE party_id IN " IDS_SQLITE " ORDER BY preferred DESC, created_at, id",
    "SELECT party_id, id, medium_type, preferred, value FROM contact_media "
    "WHERE party_id IN " IDS_PG " ORDER BY preferred DESC, created_at, id"};
constexpr Sql kPartyNames{"search.party_names",
                          "SELECT id, full_name, trading_name FROM parties WHERE id IN " IDS_SQLITE,
                          "SELECT id, full_name, trading_name FROM parties WHERE id IN " IDS_PG};
#undef PARTY_COLUMNS

constexpr Sql kNextInSequence{
    "party.next_in_sequence",
    "INSERT INTO sequences (name, value) VALUES ($1, $2) "
    "ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1 RETURNING value"};

#define CUSTOMER_COLUMNS \
  "id, party_id, contract_number, name, status, status_reason, created_at, updated_at"
constexpr Sql kInsertCustomer{
    "customer.insert",
    "INSERT INTO customers (" CUSTOMER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Sql kUpdateCustomer{
    "customer.update",
    "UPDATE customers SET name = $2, status = $3, status_reason = $4, updated_at = $5 "
    "WHERE id = $1"};
constexpr Sql kSelectCustomer{"customer.select",
                              "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = $1"};
// Two agents changing one customer take turns (PostgreSQL): each patch applies to the
// other's result instead of writing back a copy read before it.
constexpr Sql kLockCustomer{"customer.lock", "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = $1",
                            "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = $1 FOR UPDATE"};
constexpr Sql kCustomersOfParty{
    "customer.of_party",
    "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE party_id = $1 ORDER BY created_at, id"};
constexpr Sql kListCustomers{
    "customer.list",
    "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE ($1 IS NULL OR status = $1) "
    "AND ($2 IS NULL OR party_id = $2) ORDER BY contract_number LIMIT $3 OFFSET $4",
    "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE ($1::text IS NULL OR status = $1) "
    "AND ($2::text IS NULL OR party_id = $2) ORDER BY contract_number LIMIT $3 OFFSET $4"};
constexpr Sql kCountCustomers{
    "customer.count",
    "SELECT COUNT(*) FROM customers WHERE ($1 IS NULL OR status = $1) "
    "AND ($2 IS NULL OR party_id = $2)",
    "SELECT COUNT(*) FROM customers WHERE ($1::text IS NULL OR status = $1) "
    "AND ($2::text IS NULL OR party_id = $2)"};
constexpr Sql kCustomersOfParties{
    "customer.of_parties",
    "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE party_id IN " IDS_SQLITE
    " ORDER BY created_at, id",
    "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE party_id IN " IDS_PG
    " ORDER BY created_at, id"};
#undef CUSTOMER_COLUMNS

#define ACCOUNT_COLUMNS                                                                      \
  "id, party_id, customer_id, name, billing_cycle_day, invoice_type, billing_address_json, " \
  "admin_party_id, state, created_at, updated_at"
constexpr Sql kInsertAccount{
    "account.insert", "INSERT INTO billing_accounts (" ACCOUNT_COLUMNS
                      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
constexpr Sql kSelectAccount{"account.select",
                             "SELECT " ACCOUNT_COLUMNS " FROM billing_accounts WHERE id = $1"};
constexpr Sql kAccountsOfCustomer{
    "account.of_customer", "SELECT " ACCOUNT_COLUMNS
                           " FROM billing_accounts WHERE customer_id = $1 ORDER BY created_at, id"};
constexpr Sql kAccountsOfCustomers{
    "account.of_customers",
    "SELECT " ACCOUNT_COLUMNS " FROM billing_accounts WHERE customer_id IN " IDS_SQLITE
    " ORDER BY created_at, id",
    "SELECT " ACCOUNT_COLUMNS " FROM billing_accounts WHERE customer_id IN " IDS_PG
    " ORDER BY created_at, id"};
#undef ACCOUNT_COLUMNS

constexpr Sql kInsertTerm{
    "search.insert_term",
    "INSERT INTO search_terms (kind, term, party_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr Sql kDeleteTerm{
    "search.delete_term",
    "DELETE FROM search_terms WHERE kind = $1 AND term = $2 AND party_id = $3"};
constexpr Sql kPartiesByTerm{
    "search.by_term",
    "SELECT party_id FROM search_terms WHERE kind = $1 AND term = $2 ORDER BY party_id LIMIT $3"};
// One statement per word count. The terms starting with the first word are
// walked in key order (so its exact word comes first); each other word must
// start a name term of the same party, which the index on (party_id, kind,
// term) answers without touching the table. The walk stops at the limit
// instead of materialising every word's range. A party may come twice (two of
// its words start with the first): the caller keeps the first.
#define NAME_WORD(lo, hi)                                                        \
  " AND EXISTS (SELECT 1 FROM search_terms u WHERE u.party_id = t.party_id AND " \
  "u.kind = 'name' AND u.term >= " lo " AND u.term < " hi ")"
#define BY_NAME                                                                   \
  "SELECT t.party_id FROM search_terms t WHERE t.kind = 'name' AND t.term >= $1 " \
  "AND t.term < $2"
constexpr Sql kByName1{"search.by_name1", BY_NAME " LIMIT $3"};
constexpr Sql kByName2{"search.by_name2", BY_NAME NAME_WORD("$3", "$4") " LIMIT $5"};
constexpr Sql kByName3{"search.by_name3",
                       BY_NAME NAME_WORD("$3", "$4") NAME_WORD("$5", "$6") " LIMIT $7"};
constexpr Sql kByName4{"search.by_name4", BY_NAME NAME_WORD("$3", "$4") NAME_WORD("$5", "$6")
                                              NAME_WORD("$7", "$8") " LIMIT $9"};
// Two whole words: one key lookup in the pairs index_party writes; a third
// and fourth word are checked per party.
#define BY_PAIR "SELECT t.party_id FROM search_terms t WHERE t.kind = 'pair' AND t.term = $1"
constexpr Sql kByPair{"search.by_pair", BY_PAIR " LIMIT $2"};
constexpr Sql kByPair1{"search.by_pair1", BY_PAIR NAME_WORD("$2", "$3") " LIMIT $4"};
constexpr Sql kByPair2{"search.by_pair2",
                       BY_PAIR NAME_WORD("$2", "$3") NAME_WORD("$4", "$5") " LIMIT $6"};
#undef BY_PAIR
#undef BY_NAME
#undef NAME_WORD
// How many name terms start with each word, counting no further than the cap
// (the last parameter): one statement for the words of a query.
#define COUNT_WORD(lo, hi, cap)                                                           \
  "(SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE kind = 'name' AND term >= " lo \
  " AND term < " hi " LIMIT " cap ") AS capped)"
constexpr Sql kNameTermCounts1{"search.name_term_counts1",
                               "SELECT "                     //
                               COUNT_WORD("$1", "$2", "$3")  //
};
constexpr Sql kNameTermCounts2{"search.name_term_counts2",
                               "SELECT "                          //
                               COUNT_WORD("$1", "$2", "$5") ", "  //
                               COUNT_WORD("$3", "$4", "$5")       //
};
constexpr Sql kNameTermCounts3{"search.name_term_counts3",
                               "SELECT "                          //
                               COUNT_WORD("$1", "$2", "$7") ", "  //
                               COUNT_WORD("$3", "$4", "$7") ", "  //
                               COUNT_WORD("$5", "$6", "$7")       //
};
constexpr Sql kNameTermCounts4{"search.name_term_counts4",
                               "SELECT "                          //
                               COUNT_WORD("$1", "$2", "$9") ", "  //
                               COUNT_WORD("$3", "$4", "$9") ", "  //
                               COUNT_WORD("$5", "$6", "$9") ", "  //
                               COUNT_WORD("$7", "$8", "$9")       //
};
#undef COUNT_WORD

#undef IDS_SQLITE
#undef IDS_PG

const char* kind_name(PartyKind k) {
  return k == PartyKind::kIndividual ? "individual" : "organization";
}

std::optional<std::string> non_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

Customer customer_from(const store::Row& r) {
  Customer c;
  c.id = r.str(0);
  c.party_id = r.str(1);
  c.contract_number = r.str(2);
  c.name = r.str(3);
  c.status = r.str(4);
  c.status_reason = r.opt_str(5);
  c.created_at = from_epoch_ms(r.i64(6));
  c.updated_at = from_epoch_ms(r.i64(7));
  return c;
}

BillingAccount account_from(const store::Row& r) {
  BillingAccount a;
  a.id = r.str(0);
  a.party_id = r.str(1);
  a.customer_id = r.str(2);
  a.name = r.str(3);
  a.billing_cycle_day = static_cast<int>(r.i64(4));
  a.invoice_type = r.str(5);
  if (auto json = r.opt_str(6)) a.billing_address = address_from_json_text(*json);
  a.admin_party_id = r.opt_str(7);
  a.state = r.str(8);
  a.created_at = from_epoch_ms(r.i64(9));
  a.updated_at = from_epoch_ms(r.i64(10));
  return a;
}

Party party_from(const store::Row& r) {
  Party p;
  p.id = r.str(0);
  p.kind = r.str(1) == "organization" ? PartyKind::kOrganization : PartyKind::kIndividual;
  p.given_name = r.opt_str(2).value_or("");
  p.family_name = r.opt_str(3).value_or("");
  p.full_name = r.str(4);
  p.trading_name = r.opt_str(5).value_or("");
  p.birth_date = r.opt_str(6);
  p.disability = r.i64(7) != 0;
  p.status = r.str(8);
  p.created_at = from_epoch_ms(r.i64(9));
  p.updated_at = from_epoch_ms(r.i64(10));
  return p;
}

// Columns from `at` on: id_type, country, number, display.
Identification document_from(const store::Row& r, std::size_t at) {
  return Identification{r.str(at), r.str(at + 1), r.str(at + 2), r.str(at + 3)};
}

// Columns from `at` on: id, medium_type, preferred, value.
ContactMedium contact_from(const store::Row& r, std::size_t at) {
  ContactMedium c;
  c.id = r.str(at);
  c.medium_type = r.str(at + 1);
  c.preferred = r.i64(at + 2) != 0;
  std::string value = r.str(at + 3);
  if (c.medium_type == "email") {
    c.email = std::move(value);
  } else if (c.medium_type == "postalAddress") {
    c.address = address_from_json_text(value);
  } else {
    c.phone_e164 = std::move(value);
  }
  return c;
}

// `ids` as a JSON array of strings, the parameter of the batch loads.
std::string json_array(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (const auto& id : ids) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char ch : id) {
      if (ch == '"' || ch == '\\') {
        out += '\\';
        out += ch;
      } else if (static_cast<unsigned char>(ch) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", ch);
        out += buf;
      } else {
        out += ch;
      }
    }
    out += '"';
  }
  return out + "]";
}

void load_accounts(store::Tx& tx, Customer& c) {
  for (const auto& r : tx.query(kAccountsOfCustomer, {c.id})) c.accounts.push_back(account_from(r));
}

// The smallest string above every string starting with `prefix` (U+FFFF
// sorts after every character a folded word can hold).
std::string prefix_end(const std::string& prefix) { return prefix + "\xEF\xBF\xBF"; }

// The smallest string above `word` and below every longer word starting with
// it (a folded word holds no control characters), so that [word, word_end)
// holds the whole word alone.
std::string word_end(const std::string& word) { return word + "\x01"; }

}  // namespace

std::string ids_json(const std::vector<std::string>& ids) { return json_array(ids); }

void insert_party(store::Tx& tx, const Party& p) {
  auto created = to_epoch_ms(p.created_at);
  tx.exec(kInsertParty, {p.id, kind_name(p.kind), non_empty(p.given_name),
                         non_empty(p.family_name), p.full_name, non_empty(p.trading_name),
                         p.birth_date, p.disability, p.status, created,
                         to_epoch_ms(p.updated_at)});
  for (const auto& d : p.documents) {
    // A concurrent request may have taken the document since the caller checked.
    if (tx.exec(kInsertDocument, {d.type, d.country, d.number, p.id, d.display}) == 0) {
      throw Error(Code::kDuplicateParty, "a party with " + d.type + " " + d.display + " already exists",
                  "identificationId");
    }
  }
  for (const auto& c : p.contacts) {
    std::string value = c.medium_type == "email"           ? c.email
                        : c.medium_type == "postalAddress" ? address_to_json_text(*c.address)
                                                           : c.phone_e164;
    tx.exec(kInsertContact, {c.id, p.id, c.medium_type, c.preferred, value, created});
  }
}

std::optional<std::string> document_owner(store::Tx& tx, const Identification& doc) {
  auto row = tx.query_one(kDocumentOwner, {doc.type, doc.country, doc.number});
  if (!row) return std::nullopt;
  return row->str(0);
}

bool party_exists(store::Tx& tx, const std::string& id) {
  return tx.query_one(kPartyExists, {id}).has_value();
}

bool lock_party(store::Tx& tx, const std::string& id) {
  return tx.query_one(kLockParty, {id}).has_value();
}

std::optional<Party> load_party(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectParty, {id});
  if (!row) return std::nullopt;
  Party p = party_from(*row);
  for (const auto& r : tx.query(kSelectDocuments, {id})) p.documents.push_back(document_from(r, 0));
  for (const auto& r : tx.query(kSelectContacts, {id})) p.contacts.push_back(contact_from(r, 0));
  return p;
}

std::vector<Party> load_parties(store::Tx& tx, const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  std::string json = json_array(ids);
  std::unordered_map<std::string, Party> by_id;
  for (const auto& r : tx.query(kSelectParties, {json})) {
    Party p = party_from(r);
    std::string id = p.id;
    by_id.emplace(std::move(id), std::move(p));
  }
  // Rows come in the single-party order; appending keeps it per party.
  for (const auto& r : tx.query(kDocumentsOfParties, {json})) {
    if (auto it = by_id.find(r.str(0)); it != by_id.end()) {
      it->second.documents.push_back(document_from(r, 1));
    }
  }
  for (const auto& r : tx.query(kContactsOfParties, {json})) {
    if (auto it = by_id.find(r.str(0)); it != by_id.end()) {
      it->second.contacts.push_back(contact_from(r, 1));
    }
  }
  std::vector<Party> out;
  for (const auto& id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(std::move(it->second));
    by_id.erase(id);
  }
  return out;
}

std::vector<PartyName> party_names(store::Tx& tx, const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  std::unordered_map<std::string, PartyName> by_id;
  for (const auto& r : tx.query(kPartyNames, {json_array(ids)})) {
    by_id.emplace(r.str(0), PartyName{r.str(0), r.str(1), r.opt_str(2).value_or("")});
  }
  std::vector<PartyName> out;
  for (const auto& id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(std::move(it->second));
    by_id.erase(id);
  }
  return out;
}

std::int64_t next_in_sequence(store::Tx& tx, const std::string& name, std::int64_t first) {
  return tx.query_one(kNextInSequence, {name, first})->i64(0);
}

void insert_customer(store::Tx& tx, const Customer& c) {
  tx.exec(kInsertCustomer, {c.id, c.party_id, c.contract_number, c.name, c.status,
                            c.status_reason, to_epoch_ms(c.created_at),
                            to_epoch_ms(c.updated_at)});
}

void update_customer(store::Tx& tx, const Customer& c) {
  tx.exec(kUpdateCustomer, {c.id, c.name, c.status, c.status_reason, to_epoch_ms(c.updated_at)});
}

std::optional<Customer> load_customer(store::Tx& tx, const std::string& id, bool lock) {
  auto row = tx.query_one(lock ? kLockCustomer : kSelectCustomer, {id});
  if (!row) return std::nullopt;
  Customer c = customer_from(*row);
  load_accounts(tx, c);
  return c;
}

std::vector<Customer> customers_of_party(store::Tx& tx, const std::string& party_id) {
  std::vector<Customer> out;
  for (const auto& r : tx.query(kCustomersOfParty, {party_id})) {
    out.push_back(customer_from(r));
    load_accounts(tx, out.back());
  }
  return out;
}

std::vector<std::vector<Customer>> customers_of_parties(store::Tx& tx,
                                                        const std::vector<std::string>& party_ids) {
  std::vector<std::vector<Customer>> out(party_ids.size());
  if (party_ids.empty()) return out;
  std::unordered_map<std::string, std::size_t> slot;
  for (std::size_t i = 0; i < party_ids.size(); ++i) slot.emplace(party_ids[i], i);
  std::vector<std::string> customer_ids;
  for (const auto& r : tx.query(kCustomersOfParties, {json_array(party_ids)})) {
    Customer c = customer_from(r);
    auto it = slot.find(c.party_id);
    if (it == slot.end()) continue;
    customer_ids.push_back(c.id);
    out[it->second].push_back(std::move(c));
  }
  if (customer_ids.empty()) return out;
  std::unordered_map<std::string, Customer*> by_id;
  for (auto& list : out) {
    for (auto& c : list) by_id.emplace(c.id, &c);
  }
  for (const auto& r : tx.query(kAccountsOfCustomers, {json_array(customer_ids)})) {
    BillingAccount a = account_from(r);
    if (auto it = by_id.find(a.customer_id); it != by_id.end()) {
      it->second->accounts.push_back(std::move(a));
    }
  }
  return out;
}

std::pair<std::vector<Customer>, std::int64_t> list_customers(store::Tx& tx,
                                                              const CustomerFilter& f) {
  std::vector<Customer> out;
  for (const auto& r : tx.query(kListCustomers, {f.status, f.party_id, f.limit, f.offset})) {
    out.push_back(customer_from(r));
    load_accounts(tx, out.back());
  }
  return {std::move(out), tx.query_one(kCountCustomers, {f.status, f.party_id})->i64(0)};
}

void insert_account(store::Tx& tx, const BillingAccount& a) {
  std::optional<std::string> address;
  if (a.billing_address) address = address_to_json_text(*a.billing_address);
  tx.exec(kInsertAccount, {a.id, a.party_id, a.customer_id, a.name, a.billing_cycle_day,
                           a.invoice_type, address, a.admin_party_id, a.state,
                           to_epoch_ms(a.created_at), to_epoch_ms(a.updated_at)});
}

std::optional<BillingAccount> load_account(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectAccount, {id});
  if (!row) return std::nullopt;
  return account_from(*row);
}

void add_search_term(store::Tx& tx, std::string_view kind, const std::string& term,
                     const std::string& party_id) {
  tx.exec(kInsertTerm, {kind, term, party_id});
}

void remove_search_term(store::Tx& tx, std::string_view kind, const std::string& term,
                        const std::string& party_id) {
  tx.exec(kDeleteTerm, {kind, term, party_id});
}

std::vector<std::string> parties_by_term(store::Tx& tx, std::string_view kind,
                                         const std::string& term, int limit) {
  std::vector<std::string> out;
  for (const auto& r : tx.query(kPartiesByTerm, {kind, term, limit})) out.push_back(r.str(0));
  return out;
}

std::vector<std::int64_t> name_term_counts(store::Tx& tx, const std::vector<std::string>& words,
                                           int cap) {
  static const Sql* const kByWords[] = {&kNameTermCounts1, &kNameTermCounts2, &kNameTermCounts3,
                                        &kNameTermCounts4};
  std::size_t n = std::min<std::size_t>(words.size(), 4);
  if (n == 0) return {};
  store::Params params;
  for (std::size_t i = 0; i < n; ++i) {
    params.emplace_back(words[i]);
    params.emplace_back(prefix_end(words[i]));
  }
  params.emplace_back(cap);
  auto row = tx.query_one(*kByWords[n - 1], params);
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(row->i64(i));
  return out;
}

std::vector<std::string> parties_by_whole_words(store::Tx& tx, std::vector<std::string> words,
                                                int limit) {
  // Distinct words, at most 4, in the caller's order.
  std::vector<std::string> distinct;
  for (auto& w : words) {
    if (distinct.size() < 4 && std::find(distinct.begin(), distinct.end(), w) == distinct.end()) {
      distinct.push_back(std::move(w));
    }
  }
  if (distinct.empty()) return {};
  store::Params params;
  const Sql* stmt = &kByName1;
  std::size_t rest = 1;  // words after those the first range covers
  if (distinct.size() == 1) {
    params = {distinct[0], word_end(distinct[0])};
  } else {
    static const Sql* const kByPairAnd[] = {&kByPair, &kByPair1, &kByPair2};
    const std::string& a = std::min(distinct[0], distinct[1]);
    const std::string& b = std::max(distinct[0], distinct[1]);
    params = {a + " " + b};
    stmt = kByPairAnd[distinct.size() - 2];
    rest = 2;
  }
  for (std::size_t i = rest; i < distinct.size(); ++i) {
    params.emplace_back(distinct[i]);
    params.emplace_back(word_end(distinct[i]));
  }
  params.emplace_back(limit);
  std::vector<std::string> out;
  for (const auto& r : tx.query(*stmt, params)) out.push_back(r.str(0));
  return out;
}

std::vector<std::string> parties_by_name_prefixes(store::Tx& tx,
                                                  const std::vector<std::string>& words,
                                                  int limit) {
  static const Sql* const kByWords[] = {&kByName1, &kByName2, &kByName3, &kByName4};
  std::size_t n = std::min<std::size_t>(words.size(), 4);
  if (n == 0) return {};
  store::Params params;
  for (std::size_t i = 0; i < n; ++i) {
    params.emplace_back(words[i]);
    params.emplace_back(prefix_end(words[i]));
  }
  params.emplace_back(limit);
  // A prefix walk may meet a party twice (two of its words start with the first word).
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& r : tx.query(*kByWords[n - 1], params)) {
    std::string id = r.str(0);
    if (seen.insert(id).second) out.push_back(std::move(id));
  }
  return out;
}

}  // namespace abonado::party::repo

#include "party/repo.hpp"

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
constexpr Sql kSelectParty{
    "party.select",
    "SELECT id, kind, given_name, family_name, full_name, trading_name, birth_date, disability, "
    "status, created_at, updated_at FROM parties WHERE id = $1"};
constexpr Sql kSelectDocuments{
    "party.select_documents",
    "SELECT id_type, country, number, display FROM party_identifications WHERE party_id = $1 "
    "ORDER BY id_type, number"};
constexpr Sql kSelectContacts{
    "party.select_contacts",
    "SELECT id, medium_type, preferred, value FROM contact_media WHERE party_id = $1 "
    "ORDER BY preferred DESC, created_at, id"};
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
#undef ACCOUNT_COLUMNS

constexpr Sql kInsertTerm{
    "search.insert_term",
    "INSERT INTO search_terms (kind, term, party_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"};
constexpr Sql kPartiesByTerm{
    "search.by_term",
    "SELECT party_id FROM search_terms WHERE kind = $1 AND term = $2 ORDER BY party_id LIMIT $3"};
// One statement per word count: each word is a prefix range on the key.
constexpr Sql kByName1{
    "search.by_name1",
    "SELECT DISTINCT party_id FROM search_terms WHERE kind = 'name' AND term >= $1 AND term < $2 "
    "LIMIT $3"};
constexpr Sql kByName2{
    "search.by_name2",
    "SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $1 AND term < $2 "
    "INTERSECT SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $3 AND term < $4 "
    "LIMIT $5"};
constexpr Sql kByName3{
    "search.by_name3",
    "SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $1 AND term < $2 "
    "INTERSECT SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $3 AND term < $4 "
    "INTERSECT SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $5 AND term < $6 "
    "LIMIT $7"};
constexpr Sql kByName4{
    "search.by_name4",
    "SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $1 AND term < $2 "
    "INTERSECT SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $3 AND term < $4 "
    "INTERSECT SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $5 AND term < $6 "
    "INTERSECT SELECT party_id FROM search_terms WHERE kind = 'name' AND term >= $7 AND term < $8 "
    "LIMIT $9"};

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

void load_accounts(store::Tx& tx, Customer& c) {
  for (const auto& r : tx.query(kAccountsOfCustomer, {c.id})) c.accounts.push_back(account_from(r));
}

// The smallest string above every string starting with `prefix` (U+FFFF
// sorts after every character a folded word can hold).
std::string prefix_end(const std::string& prefix) { return prefix + "\xEF\xBF\xBF"; }

}  // namespace

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

std::optional<Party> load_party(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectParty, {id});
  if (!row) return std::nullopt;
  Party p;
  p.id = row->str(0);
  p.kind = row->str(1) == "organization" ? PartyKind::kOrganization : PartyKind::kIndividual;
  p.given_name = row->opt_str(2).value_or("");
  p.family_name = row->opt_str(3).value_or("");
  p.full_name = row->str(4);
  p.trading_name = row->opt_str(5).value_or("");
  p.birth_date = row->opt_str(6);
  p.disability = row->i64(7) != 0;
  p.status = row->str(8);
  p.created_at = from_epoch_ms(row->i64(9));
  p.updated_at = from_epoch_ms(row->i64(10));
  for (const auto& r : tx.query(kSelectDocuments, {id})) {
    p.documents.push_back(Identification{r.str(0), r.str(1), r.str(2), r.str(3)});
  }
  for (const auto& r : tx.query(kSelectContacts, {id})) {
    ContactMedium c;
    c.id = r.str(0);
    c.medium_type = r.str(1);
    c.preferred = r.i64(2) != 0;
    std::string value = r.str(3);
    if (c.medium_type == "email") {
      c.email = std::move(value);
    } else if (c.medium_type == "postalAddress") {
      c.address = address_from_json_text(value);
    } else {
      c.phone_e164 = std::move(value);
    }
    p.contacts.push_back(std::move(c));
  }
  return p;
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

std::optional<Customer> load_customer(store::Tx& tx, const std::string& id) {
  auto row = tx.query_one(kSelectCustomer, {id});
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

std::vector<std::string> parties_by_term(store::Tx& tx, std::string_view kind,
                                         const std::string& term, int limit) {
  std::vector<std::string> out;
  for (const auto& r : tx.query(kPartiesByTerm, {kind, term, limit})) out.push_back(r.str(0));
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
  std::vector<std::string> out;
  for (const auto& r : tx.query(*kByWords[n - 1], params)) out.push_back(r.str(0));
  return out;
}

}  // namespace abonado::party::repo

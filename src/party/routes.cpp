#include "party/routes.hpp"

#include <charconv>
#include <chrono>

#include "core/business_calendar.hpp"
#include "core/email.hpp"
#include "core/error.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "http/idempotency.hpp"
#include "http/json.hpp"
#include "http/tmf.hpp"
#include "party/json.hpp"
#include "store/async.hpp"

namespace abonado::party {
namespace {

using boost::asio::awaitable;
using http::Json;
using http::Request;
using http::Response;

constexpr const char* kIndividualPath = "/tmf-api/party/v4/individual";
constexpr const char* kOrganizationPath = "/tmf-api/party/v4/organization";
constexpr const char* kCustomerPath = "/tmf-api/customerManagement/v4/customer";
constexpr const char* kAccountPath = "/tmf-api/accountManagement/v4/billingAccount";

const Json& required_array(const Json& body, const char* key, bool allow_empty) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (allow_empty) {
      static const Json kEmpty = Json::array();
      return kEmpty;
    }
    throw Error(Code::kMissingField, std::string("field '") + key + "' is required", key);
  }
  if (!it->is_array()) throw Error(Code::kInvalidField, std::string(key) + " must be a list", key);
  if (!allow_empty && it->empty()) {
    throw Error(Code::kMissingField, std::string(key) + " needs at least one item", key);
  }
  if (it->size() > 20) throw Error(Code::kInvalidField, std::string(key) + " has too many items", key);
  return *it;
}

const Json& object_at(const Json& parent, const char* key, const std::string& path) {
  auto it = parent.find(key);
  if (it == parent.end() || !it->is_object()) {
    throw Error(Code::kMissingField, path + " must be an object", path);
  }
  return *it;
}

std::optional<std::string> birth_date(const Json& body, const Clock& clock) {
  auto text = http::optional_string(body, "birthDate", 10);
  if (!text) return std::nullopt;
  auto parsed = parse_iso_date(*text);
  if (!parsed) {
    throw Error(Code::kInvalidDate, "birthDate must be a date written YYYY-MM-DD", "birthDate");
  }
  auto ymd = *parsed;
  auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock.now())};
  if (std::chrono::sys_days{ymd} > std::chrono::sys_days{today} || ymd.year() < std::chrono::year{1900}) {
    throw Error(Code::kInvalidDate, "birthDate must be between 1900 and today", "birthDate");
  }
  return text;
}

std::vector<IdDocument> documents(const Json& body, const char* key, const std::string& country) {
  std::vector<IdDocument> out;
  const Json& items = required_array(body, key, false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    if (!items[i].is_object()) throw Error(Code::kInvalidField, path + " must be an object", path);
    auto type = http::required_string(items[i], "identificationType", 20);
    auto number = http::required_string(items[i], "identificationId", 40);
    auto issuer = http::optional_string(items[i], "issuingCountry", 2).value_or(country);
    out.push_back(http::at_field(path + ".identificationId",
                           [&] { return parse_id_document(type, number, issuer); }));
  }
  return out;
}

PostalAddress address_from(const Json& c, const std::string& path, const std::string& country) {
  std::string addr_country = http::optional_string(c, "country", 2).value_or(country);
  auto street1 = http::optional_string(c, "street1", 300);
  if (addr_country == "BO" && street1 && !c.contains("street")) {
    return http::at_field(path + ".street1", [&] { return parse_bo_address(*street1); });
  }
  PostalAddress a;
  a.country = addr_country;
  a.city = http::optional_string(c, "city", 100).value_or("");
  a.street = http::optional_string(c, "street", 200).value_or(street1.value_or(""));
  a.number = http::optional_string(c, "number", 20).value_or("");
  a.between_a = http::optional_string(c, "betweenA", 200).value_or("");
  a.between_b = http::optional_string(c, "betweenB", 200).value_or("");
  a.corner = http::optional_string(c, "corner", 200).value_or("");
  a.building = http::optional_string(c, "building", 200).value_or("");
  a.condominium = http::optional_bool(c, "condominium").value_or(false);
  a.block = http::optional_string(c, "block", 40).value_or("");
  a.floor = http::optional_string(c, "floor", 40).value_or("");
  a.apartment = http::optional_string(c, "apartment", 40).value_or("");
  a.zone = http::optional_string(c, "zone", 100).value_or("");
  a.neighbourhood = http::optional_string(c, "neighbourhood", 100).value_or("");
  a.rural = http::optional_bool(c, "rural").value_or(false);
  a.observations = http::optional_string(c, "observations", 1000).value_or("");
  if (a.country == "BO") {
    http::at_field(path, [&] {
      validate_address(a);
      return 0;
    });
  } else if (a.street.empty() || a.city.empty()) {
    throw Error(Code::kInvalidAddress, "an address needs at least a street and a city", path);
  }
  return a;
}

std::vector<ContactMedium> contacts(const Json& body, const std::string& country,
                                    const std::string& region) {
  std::vector<ContactMedium> out;
  const Json& items = required_array(body, "contactMedium", true);
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string path = "contactMedium[" + std::to_string(i) + "]";
    if (!items[i].is_object()) throw Error(Code::kInvalidField, path + " must be an object", path);
    ContactMedium m;
    m.medium_type = http::required_string(items[i], "mediumType", 20);
    m.preferred = http::optional_bool(items[i], "preferred").value_or(false);
    const Json& c = object_at(items[i], "characteristic", path + ".characteristic");
    std::string cpath = path + ".characteristic";
    if (m.medium_type == "mobile" || m.medium_type == "phone") {
      auto text = http::required_string(c, "phoneNumber", 40);
      auto phone = http::at_field(cpath + ".phoneNumber", [&] { return parse_phone(text, region); });
      if (m.medium_type == "mobile" && phone.kind != PhoneKind::kMobile &&
          phone.kind != PhoneKind::kFixedOrMobile) {
        throw Error(Code::kInvalidPhoneNumber, text + " is not a mobile number",
                    cpath + ".phoneNumber");
      }
      m.phone_e164 = phone.e164;
    } else if (m.medium_type == "email") {
      auto text = http::required_string(c, "emailAddress", 254);
      m.email = http::at_field(cpath + ".emailAddress", [&] { return normalize_email(text); });
    } else if (m.medium_type == "postalAddress") {
      m.address = address_from(c, cpath, country);
    } else {
      throw Error(Code::kInvalidField, "mediumType must be mobile, phone, email or postalAddress",
                  path + ".mediumType");
    }
    out.push_back(std::move(m));
  }
  return out;
}

// An optional name (a trading name, a customer's, an account's) as printed on
// contracts and bills: at most one line of text; blank or absent is no name.
std::optional<std::string> printed_name(const Json& body, const char* key,
                                        const std::string& field) {
  auto name = http::optional_string(body, key, 200);
  if (!name) return name;
  if (line_problem(*name) == LineProblem::kBlank) return std::string();
  check_line(*name, 200, field);
  return name;
}

awaitable<Response> create_individual(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"givenName", "familyName", "birthDate", "individualIdentification",
                           "contactMedium", "disability", "@type"});
  NewParty n;
  n.kind = PartyKind::kIndividual;
  // Names are printed on contracts and written into emails: one line of text each.
  n.given_name = http::required_string(body, "givenName", 100);
  check_line(n.given_name, 100, "givenName");
  n.family_name = http::required_string(body, "familyName", 100);
  check_line(n.family_name, 100, "familyName");
  n.birth_date = birth_date(body, d.clock);
  n.disability = http::optional_bool(body, "disability").value_or(false);
  n.documents = documents(body, "individualIdentification", d.country);
  n.contacts = contacts(body, d.country, d.region);
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Party p = d.service.create_party(tx, req.agent(), n);
    return http::json_response(201, party_json(p))
        .with_header("Location", std::string(kIndividualPath) + "/" + p.id);
  });
}

awaitable<Response> create_organization(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"name", "tradingName", "organizationIdentification", "contactMedium",
                           "@type"});
  NewParty n;
  n.kind = PartyKind::kOrganization;
  n.name = http::required_string(body, "name", 200);
  check_line(n.name, 200, "name");
  n.trading_name = printed_name(body, "tradingName", "tradingName").value_or("");
  n.documents = documents(body, "organizationIdentification", d.country);
  n.contacts = contacts(body, d.country, d.region);
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Party p = d.service.create_party(tx, req.agent(), n);
    return http::json_response(201, party_json(p))
        .with_header("Location", std::string(kOrganizationPath) + "/" + p.id);
  });
}

awaitable<Response> get_party(RouteDeps d, Request& req, PartyKind kind) {
  const std::string& id = req.param("id");
  auto p = co_await store::read(d.db, [&](store::Tx& tx) { return d.service.find_party(tx, id); });
  if (!p || p->kind != kind) throw Error(Code::kNotFound, "no such party: " + id, "id");
  co_return http::json_response(200, party_json(*p));
}

NewAccount account_from(const Json& a, const std::string& path, const std::string& country) {
  if (!a.is_object()) throw Error(Code::kInvalidField, path + " must be an object", path);
  NewAccount n;
  n.name = printed_name(a, "name", path + ".name").value_or("");
  n.billing_cycle_day = static_cast<int>(http::at_field(path + ".billingCycleDay", [&] {
    return http::required_int(a, "billingCycleDay", 1, 28);
  }));
  n.invoice_type = http::at_field(path + ".invoiceType",
                            [&] { return http::required_string(a, "invoiceType", 40); });
  if (auto it = a.find("billingAddress"); it != a.end() && !it->is_null()) {
    if (!it->is_object()) {
      throw Error(Code::kInvalidField, path + ".billingAddress must be an object",
                  path + ".billingAddress");
    }
    n.billing_address = address_from(*it, path + ".billingAddress", country);
  }
  if (auto it = a.find("contact"); it != a.end() && !it->is_null()) {
    n.admin_party_id = http::at_field(path + ".contact.id",
                                [&] { return http::required_string(*it, "id", 64); });
  }
  return n;
}

awaitable<Response> create_customer(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"name", "engagedParty", "account", "@type"});
  NewCustomer n;
  n.name = printed_name(body, "name", "name").value_or("");
  n.party_id = http::at_field("engagedParty.id", [&] {
    return http::required_string(object_at(body, "engagedParty", "engagedParty"), "id", 64);
  });
  const Json& accounts = required_array(body, "account", true);
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    n.accounts.push_back(account_from(accounts[i], "account[" + std::to_string(i) + "]", d.country));
  }
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    Customer c = d.service.create_customer(tx, req.agent(), n);
    return http::json_response(201, customer_json(c))
        .with_header("Location", std::string(kCustomerPath) + "/" + c.id);
  });
}

awaitable<Response> get_customer(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto c =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.service.find_customer(tx, id); });
  if (!c) throw Error(Code::kNotFound, "no customer with id " + id, "id");
  co_return http::json_response(200, customer_json(*c));
}

awaitable<Response> list_customers(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  CustomerFilter f;
  if (auto* v = q.filter("status")) f.status = *v;
  if (auto* v = q.filter("engagedParty.id")) f.party_id = *v;
  f.offset = q.offset;
  f.limit = q.limit;
  auto [items, total] =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.service.list_customers(tx, f); });
  Json out = Json::array();
  for (const auto& c : items) out.push_back(customer_json(c));
  co_return http::list_response(q, std::move(out), total);
}

awaitable<Response> patch_customer(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"name", "status", "statusReason"});
  CustomerPatch p;
  p.name = printed_name(body, "name", "name");
  p.status = http::optional_string(body, "status", 20);
  p.status_reason = http::optional_string(body, "statusReason", 500);
  const std::string& id = req.param("id");
  auto c = co_await store::write(
      d.db, [&](store::Tx& tx) { return d.service.update_customer(tx, req.agent(), id, p); });
  co_return http::json_response(200, customer_json(c));
}

awaitable<Response> create_account(RouteDeps d, Request& req) {
  Json body = http::parse_body(req);
  http::only_fields(body, {"name", "customer", "billingCycleDay", "invoiceType", "billingAddress",
                           "contact", "@type"});
  std::string customer_id = http::at_field("customer.id", [&] {
    return http::required_string(object_at(body, "customer", "customer"), "id", 64);
  });
  Json fields = body;
  fields.erase("customer");
  NewAccount n = account_from(fields, "body", d.country);
  co_return co_await http::commit(req, d.db, d.clock, [&](store::Tx& tx) {
    BillingAccount a = d.service.add_account(tx, req.agent(), customer_id, n);
    return http::json_response(201, account_json(a))
        .with_header("Location", std::string(kAccountPath) + "/" + a.id);
  });
}

awaitable<Response> get_account(RouteDeps d, Request& req) {
  const std::string& id = req.param("id");
  auto a =
      co_await store::read(d.db, [&](store::Tx& tx) { return d.service.find_account(tx, id); });
  if (!a) throw Error(Code::kNotFound, "no billing account with id " + id, "id");
  co_return http::json_response(200, account_json(*a));
}

Json product_summary_json(const ProductSummary& p) {
  Json offering = nullptr;
  if (p.offering_id) offering = {{"id", *p.offering_id}, {"@referredType", "ProductOffering"}};
  return {{"id", p.id},
          {"href", p.href},
          {"@type", "Product"},
          {"status", p.status},
          {"msisdn", p.msisdn},
          {"msisdnNational", p.msisdn_national},
          {"productOffering", offering}};
}

awaitable<Response> search(RouteDeps d, Request& req) {
  auto q = http::parse_query(req, req.route->query);
  const std::string* text = q.filter("q");
  if (!text || text->find_first_not_of(' ') == std::string::npos) {
    throw Error(Code::kMissingField, "query parameter 'q' is required", "q");
  }
  int limit = 10;
  if (const std::string* l = q.filter("limit")) {
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc() || end != l->data() + l->size() || limit < 1 || limit > 50) {
      throw Error(Code::kInvalidParameter, "limit must be an integer from 1 to 50", "limit");
    }
  }
  std::vector<std::vector<ProductSummary>> products;
  auto hits = co_await store::read(d.db, [&](store::Tx& tx) {
    auto found = d.service.search(tx, *text, limit);
    if (d.products) {
      std::vector<std::string> ids;
      for (const auto& h : found) ids.push_back(h.party_id);
      products = d.products(tx, ids);
    }
    return found;
  });
  // The hits come rendered (search cards): spliced into the body as they are.
  std::string body = "[";
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const auto& h = hits[i];
    Json lines = Json::array();
    if (i < products.size()) {
      for (const auto& p : products[i]) lines.push_back(product_summary_json(p));
    }
    if (i > 0) body += ',';
    body += "{\"party\":" + h.party_json + ",\"customer\":" + h.customers_json +
            ",\"product\":" + lines.dump() + ",\"matchedBy\":" + Json(h.matched_by).dump() +
            "}";
  }
  body += ']';
  Response res;
  res.status = 200;
  res.body = std::move(body);
  res.with_header("X-Result-Count", std::to_string(hits.size()));
  co_return res;
}

}  // namespace

void add_routes(http::Router& router, RouteDeps d) {
  using http::Access;
  using http::Body;
  auto agents = Access::any_agent();
  std::string ind = kIndividualPath, org = kOrganizationPath, cus = kCustomerPath,
              acc = kAccountPath;
  router.add({"POST", ind, agents, http::bind<create_individual>(d), Body::kJson});
  router.add({"GET", ind + "/{id}", agents, [d](Request& req) {
                return get_party(d, req, PartyKind::kIndividual);
              }});
  router.add({"POST", org, agents, http::bind<create_organization>(d), Body::kJson});
  router.add({"GET", org + "/{id}", agents, [d](Request& req) {
                return get_party(d, req, PartyKind::kOrganization);
              }});
  router.add({"POST", cus, agents, http::bind<create_customer>(d), Body::kJson});
  router.add({"GET", cus, agents, http::bind<list_customers>(d), Body::kNone, http::kJsonBodyLimit,
              {{"status", "engagedParty.id"}, true}});
  router.add({"GET", cus + "/{id}", agents, http::bind<get_customer>(d)});
  router.add({"PATCH", cus + "/{id}", agents, http::bind<patch_customer>(d), Body::kJson});
  router.add({"POST", acc, agents, http::bind<create_account>(d), Body::kJson});
  router.add({"GET", acc + "/{id}", agents, http::bind<get_account>(d)});
  router.add({"GET", "/api/v1/search", agents, http::bind<search>(d), Body::kNone, http::kJsonBodyLimit,
              {{"q", "limit"}, false}});
}

}  // namespace abonado::party

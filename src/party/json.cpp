#include "party/json.hpp"

#include "core/error.hpp"
#include "core/phone.hpp"


namespace abonado::party {
namespace {

using nlohmann::json;

// Only the fields an address has, so that stored rows stay small.
void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

std::string get(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json contact_json(const ContactMedium& c) {
  json characteristic = json::object();
  if (c.medium_type == "email") {
    characteristic["emailAddress"] = c.email;
  } else if (c.medium_type == "postalAddress" && c.address) {
    characteristic = address_json(*c.address);
  } else {
    characteristic["phoneNumber"] = c.phone_e164;
    // For display: the national format of the number's own country.
    try {
      characteristic["nationalNumber"] = parse_phone(c.phone_e164, "ZZ").national;
    } catch (const Error&) {
      // Stored numbers were valid when stored; a newer numbering plan may disagree.
    }
  }
  return {{"id", c.id},
          {"mediumType", c.medium_type},
          {"preferred", c.preferred},
          {"characteristic", characteristic}};
}

}  // namespace

json address_json(const PostalAddress& a) {
  json j = json::object();
  put(j, "country", a.country);
  put(j, "city", a.city);
  put(j, "street", a.street);
  put(j, "number", a.number);
  put(j, "betweenA", a.between_a);
  put(j, "betweenB", a.between_b);
  put(j, "corner", a.corner);
  put(j, "building", a.building);
  if (a.condominium) j["condominium"] = true;
  put(j, "block", a.block);
  put(j, "floor", a.floor);
  put(j, "apartment", a.apartment);
  put(j, "zone", a.zone);
  put(j, "neighbourhood", a.neighbourhood);
  if (a.rural) j["rural"] = true;
  put(j, "observations", a.observations);
  if (a.country == "BO") j["street1"] = format_bo_address(a);
  return j;
}

std::string address_to_json_text(const PostalAddress& a) { return address_json(a).dump(); }

PostalAddress address_from_json_text(const std::string& text) {
  json j = json::parse(text);
  PostalAddress a;
  a.country = get(j, "country");
  a.city = get(j, "city");
  a.street = get(j, "street");
  a.number = get(j, "number");
  a.between_a = get(j, "betweenA");
  a.between_b = get(j, "betweenB");
  a.corner = get(j, "corner");
  a.building = get(j, "building");
  a.condominium = j.value("condominium", false);
  a.block = get(j, "block");
  a.floor = get(j, "floor");
  a.apartment = get(j, "apartment");
  a.zone = get(j, "zone");
  a.neighbourhood = get(j, "neighbourhood");
  a.rural = j.value("rural", false);
  a.observations = get(j, "observations");
  return a;
}

Identification identification_of(const IdDocument& doc) {
  return Identification{std::string(id_type_name(doc.type)), doc.country, doc.number,
                        doc.display()};
}

json party_json(const Party& p) {
  bool person = p.kind == PartyKind::kIndividual;
  std::string base = person ? "/tmf-api/party/v4/individual/" : "/tmf-api/party/v4/organization/";
  json docs = json::array();
  for (const auto& d : p.documents) {
    docs.push_back({{"identificationType", d.type},
                    {"identificationId", d.number},
                    {"issuingCountry", d.country},
                    {"displayId", d.display}});
  }
  json contacts = json::array();
  for (const auto& c : p.contacts) contacts.push_back(contact_json(c));
  json j = {{"id", p.id},
            {"href", base + p.id},
            {"@type", person ? "Individual" : "Organization"},
            {"status", p.status},
            {"contactMedium", contacts},
            {"createdAt", format_iso(p.created_at)}};
  if (person) {
    j["givenName"] = p.given_name;
    j["familyName"] = p.family_name;
    j["fullName"] = p.full_name;
    j["disability"] = p.disability;
    if (p.birth_date) j["birthDate"] = *p.birth_date;
    j["individualIdentification"] = docs;
  } else {
    j["name"] = p.full_name;
    if (!p.trading_name.empty()) j["tradingName"] = p.trading_name;
    j["organizationIdentification"] = docs;
  }
  return j;
}

json account_json(const BillingAccount& a) {
  json j = {{"id", a.id},
            {"href", "/tmf-api/accountManagement/v4/billingAccount/" + a.id},
            {"@type", "BillingAccount"},
            {"name", a.name},
            {"state", a.state},
            {"billingCycleDay", a.billing_cycle_day},
            {"invoiceType", a.invoice_type},
            {"customer", {{"id", a.customer_id}, {"@referredType", "Customer"}}},
            {"relatedParty", json::array({{{"id", a.party_id}, {"role", "owner"}}})}};
  if (a.billing_address) j["billingAddress"] = address_json(*a.billing_address);
  if (a.admin_party_id) {
    j["contact"] = {{"id", *a.admin_party_id}, {"role", "administrator"}};
  }
  return j;
}

json customer_json(const Customer& c) {
  json accounts = json::array();
  for (const auto& a : c.accounts) accounts.push_back(account_json(a));
  json j = {{"id", c.id},
            {"href", "/tmf-api/customerManagement/v4/customer/" + c.id},
            {"@type", "Customer"},
            {"name", c.name},
            {"contractNumber", c.contract_number},
            {"status", c.status},
            {"engagedParty", {{"id", c.party_id}, {"@referredType", "Party"}}},
            {"account", accounts},
            {"createdAt", format_iso(c.created_at)}};
  if (c.status_reason) j["statusReason"] = *c.status_reason;
  return j;
}

}  // namespace abonado::party

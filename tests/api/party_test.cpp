// Parties, customers, billing accounts and the quick search (TMF632, TMF629,
// TMF666; DOMAIN CC-0, FL-1, SL-7, SL-8, MN-7, CL-3). The server runs the
// pe-flash policy: numbers without a country code are Peruvian.

#include <atomic>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace abonado::apitest {
namespace {

constexpr const char* kIndividuals = "/tmf-api/party/v4/individual";
constexpr const char* kOrganizations = "/tmf-api/party/v4/organization";
constexpr const char* kCustomers = "/tmf-api/customerManagement/v4/customer";
constexpr const char* kAccounts = "/tmf-api/accountManagement/v4/billingAccount";

class Parties : public ApiTest {
 protected:
  // A DNI no other test uses (8 digits; DNIs carry no mandatory check digit).
  static std::string fresh_dni() {
    static std::atomic<int> next{0};
    return std::to_string(71000000 + next++);
  }

  // A Peruvian mobile number no other test uses, in national format.
  static std::string fresh_mobile() {
    static std::atomic<int> next{0};
    return "9" + std::to_string(81000000 + next++);
  }

  static Json person(const std::string& given, const std::string& family, const std::string& dni,
                     const std::string& mobile) {
    return {{"givenName", given},
            {"familyName", family},
            {"birthDate", "1990-04-12"},
            {"individualIdentification", {{{"identificationType", "DNI"}, {"identificationId", dni}}}},
            {"contactMedium",
             {{{"mediumType", "mobile"},
               {"preferred", true},
               {"characteristic", {{"phoneNumber", mobile}}}},
              {{"mediumType", "email"}, {"characteristic", {{"emailAddress", "Ana@Example.PE"}}}}}}};
  }

  static HttpResponse post_person(const Json& body) {
    return api().post(kIndividuals, body, token(kOperator));
  }

  // Creates a person and a customer for them; returns the customer.
  static Json new_customer(const std::string& given, const std::string& family) {
    auto p = post_person(person(given, family, fresh_dni(), fresh_mobile()));
    EXPECT_EQ(p.status, 201) << p.body;
    auto c = api().post(kCustomers, {{"engagedParty", {{"id", p.json()["id"]}}}}, token(kOperator));
    EXPECT_EQ(c.status, 201) << c.body;
    return c.json();
  }

  static Json search(const std::string& q) {
    std::string path = "/api/v1/search?q=";
    for (unsigned char ch : q) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      path += std::isalnum(ch) ? std::string(1, static_cast<char>(ch)) : std::string(buf);
    }
    auto r = api().get(path, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json() : Json::array();
  }

  static bool finds(const Json& hits, const std::string& party_id) {
    for (const auto& h : hits) {
      if (h["party"]["id"] == party_id) return true;
    }
    return false;
  }
};

TEST_F(Parties, CreatesAnIndividualWithCheckedDocumentsAndContacts) {
  std::string dni = fresh_dni();
  auto r = post_person(person("Ana", "Quispe", dni, "987 654 321"));
  ASSERT_EQ(r.status, 201) << r.body;
  Json p = r.json();
  ASSERT_NE(r.header("Location"), nullptr);
  EXPECT_EQ(*r.header("Location"), std::string(kIndividuals) + "/" + p["id"].get<std::string>());
  EXPECT_EQ(p["@type"], "Individual");
  EXPECT_EQ(p["fullName"], "Ana Quispe");
  EXPECT_EQ(p["individualIdentification"][0]["identificationType"], "DNI");
  EXPECT_EQ(p["individualIdentification"][0]["identificationId"], dni);
  EXPECT_EQ(p["individualIdentification"][0]["issuingCountry"], "PE");
  EXPECT_EQ(p["contactMedium"][0]["characteristic"]["phoneNumber"], "+51987654321");
  EXPECT_EQ(p["contactMedium"][0]["characteristic"]["nationalNumber"], "987 654 321");
  EXPECT_EQ(p["contactMedium"][1]["characteristic"]["emailAddress"], "Ana@example.pe");

  auto again = api().get(std::string(kIndividuals) + "/" + p["id"].get<std::string>(),
                         token(kOperator));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json(), p);
}

TEST_F(Parties, TheSameDocumentTwiceIsADuplicateParty) {
  std::string dni = fresh_dni();
  ASSERT_EQ(post_person(person("Luis", "Mamani", dni, fresh_mobile())).status, 201);
  auto r = post_person(person("Otro", "Nombre", dni, fresh_mobile()));
  EXPECT_TRUE(is_error(r, 409, "DUPLICATE_PARTY", "identificationId"));
}

TEST_F(Parties, BadDocumentsPhonesEmailsAndDatesNameTheField) {
  Json body = person("Ana", "Quispe", "1234567", fresh_mobile());  // 7 digits
  EXPECT_TRUE(is_error(post_person(body), 400, "INVALID_ID_DOCUMENT",
                       "individualIdentification[0].identificationId"));

  body = person("Ana", "Quispe", fresh_dni(), fresh_mobile());
  body["individualIdentification"][0] = {
      {"identificationType", "CEDULA"}, {"identificationId", "1710034064"}, {"issuingCountry", "EC"}};
  auto r = post_person(body);
  EXPECT_TRUE(is_error(r, 400, "INVALID_ID_DOCUMENT", "individualIdentification[0].identificationId"));

  body = person("Ana", "Quispe", fresh_dni(), "12345");
  EXPECT_TRUE(is_error(post_person(body), 400, "INVALID_PHONE_NUMBER",
                       "contactMedium[0].characteristic.phoneNumber"));

  body = person("Ana", "Quispe", fresh_dni(), "(01) 411-1111");  // a Lima fixed line
  EXPECT_TRUE(is_error(post_person(body), 400, "INVALID_PHONE_NUMBER",
                       "contactMedium[0].characteristic.phoneNumber"));

  body = person("Ana", "Quispe", fresh_dni(), fresh_mobile());
  body["contactMedium"][1]["characteristic"]["emailAddress"] = "ana@@example";
  EXPECT_TRUE(is_error(post_person(body), 400, "INVALID_EMAIL",
                       "contactMedium[1].characteristic.emailAddress"));

  for (const char* date : {"1990-02-30", "1990-13-01", "12/04/1990", "2999-01-01"}) {
    body = person("Ana", "Quispe", fresh_dni(), fresh_mobile());
    body["birthDate"] = date;
    EXPECT_TRUE(is_error(post_person(body), 400, "INVALID_DATE", "birthDate")) << date;
  }

  body = person("Ana", "Quispe", fresh_dni(), fresh_mobile());
  body.erase("individualIdentification");
  EXPECT_TRUE(is_error(post_person(body), 400, "MISSING_FIELD", "individualIdentification"));

  // Names go onto contracts and into emails: one printed line each.
  EXPECT_TRUE(is_error(
      post_person(person("Eve\r\nBcc: x@example.pe", "Quispe", fresh_dni(), fresh_mobile())), 400,
      "INVALID_FIELD", "givenName"));
  EXPECT_TRUE(is_error(post_person(person("Ana", "\u00A0", fresh_dni(), fresh_mobile())), 400,
                       "MISSING_FIELD", "familyName"));
  EXPECT_TRUE(is_error(api().post("/tmf-api/party/v4/organization",
                                  {{"name", "Transportes\u202E SAC"}}, token(kOperator)),
                       400, "INVALID_FIELD", "name"));
}

TEST_F(Parties, DocumentsOfTheFourCountriesAreAccepted) {
  Json docs = Json::array({
      {{"identificationType", "CEDULA"}, {"identificationId", "1713175071"}, {"issuingCountry", "EC"}},
      {{"identificationType", "CI"}, {"identificationId", "4567890-1A LP"}, {"issuingCountry", "BO"}},
      {{"identificationType", "RU_PASSPORT"}, {"identificationId", "4509 123456"},
       {"issuingCountry", "RU"}},
      {{"identificationType", "CE"}, {"identificationId", "ab1234567"}},
  });
  for (const auto& doc : docs) {
    Json body = person("Multi", "País", fresh_dni(), fresh_mobile());
    body["individualIdentification"] = Json::array({doc});
    auto r = post_person(body);
    EXPECT_EQ(r.status, 201) << doc.dump() << " " << r.body;
  }
}

TEST_F(Parties, OrganizationsWithRucAndTheBolivianAddressProtocol) {
  Json org = {{"name", "Inversiones Andinas SAC"},
              {"organizationIdentification",
               {{{"identificationType", "RUC"}, {"identificationId", "20131312955"}}}},
              {"contactMedium",
               {{{"mediumType", "postalAddress"},
                 {"characteristic",
                  {{"country", "BO"},
                   {"street1", "25 DE MAYO - 0073 ENTRE ESTEBAN ARCE Y NATANIEL AGUIRRE"}}}}}}};
  auto r = api().post(kOrganizations, org, token(kOperator));
  ASSERT_EQ(r.status, 201) << r.body;
  Json address = r.json()["contactMedium"][0]["characteristic"];
  EXPECT_EQ(address["street"], "25 DE MAYO");
  EXPECT_EQ(address["number"], "0073");
  EXPECT_EQ(address["betweenA"], "ESTEBAN ARCE");
  EXPECT_EQ(address["betweenB"], "NATANIEL AGUIRRE");

  EXPECT_TRUE(is_error(api().post(kOrganizations, org, token(kOperator)), 409, "DUPLICATE_PARTY"));

  org["organizationIdentification"][0]["identificationId"] = "20131312956";  // bad check digit
  EXPECT_TRUE(is_error(api().post(kOrganizations, org, token(kOperator)), 400,
                       "INVALID_ID_DOCUMENT", "organizationIdentification[0].identificationId"));

  org["organizationIdentification"][0]["identificationId"] = "20100047218";
  org["contactMedium"][0]["characteristic"]["street1"] = "25 DE MAYO";  // no number, no reference
  EXPECT_TRUE(is_error(api().post(kOrganizations, org, token(kOperator)), 400, "INVALID_ADDRESS",
                       "contactMedium[0].characteristic.street1"));
}

TEST_F(Parties, CustomersGetSequentialContractNumbersAndAccounts) {
  Json a = new_customer("Rosa", "Condori");
  Json b = new_customer("Juan", "Huamán");
  long first = std::stol(a["contractNumber"].get<std::string>());
  EXPECT_EQ(std::stol(b["contractNumber"].get<std::string>()), first + 1);
  EXPECT_EQ(a["status"], "initialized");

  auto party = post_person(person("Elena", "Torres", fresh_dni(), fresh_mobile())).json();
  auto r = api().post(kCustomers,
                      {{"engagedParty", {{"id", party["id"]}}},
                       {"account", {{{"billingCycleDay", 15}, {"invoiceType", "boleta"}}}}},
                      token(kOperator));
  ASSERT_EQ(r.status, 201) << r.body;
  Json c = r.json();
  ASSERT_EQ(c["account"].size(), 1u);
  EXPECT_EQ(c["account"][0]["billingCycleDay"], 15);

  auto acc = api().post(kAccounts,
                        {{"customer", {{"id", c["id"]}}},
                         {"name", "Facturación empresa"},
                         {"billingCycleDay", 1},
                         {"invoiceType", "factura"}},
                        token(kOperator));
  ASSERT_EQ(acc.status, 201) << acc.body;
  auto again = api().get(*acc.header("Location"), token(kOperator));
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["name"], "Facturación empresa");

  EXPECT_TRUE(is_error(api().post(kAccounts,
                                  {{"customer", {{"id", c["id"]}}},
                                   {"billingCycleDay", 31},
                                   {"invoiceType", "boleta"}},
                                  token(kOperator)),
                       400, "INVALID_FIELD", "body.billingCycleDay"));
  EXPECT_TRUE(is_error(api().post(kCustomers, {{"engagedParty", {{"id", "no-such-party"}}}},
                                  token(kOperator)),
                       404, "NOT_FOUND", "engagedParty.id"));
  // Names printed on contracts and bills are one line of text.
  EXPECT_TRUE(is_error(
      api().post(kCustomers, {{"engagedParty", {{"id", party["id"]}}}, {"name", "Rosa\nX"}},
                 token(kOperator)),
      400, "INVALID_FIELD", "name"));
  EXPECT_TRUE(is_error(api().post(kAccounts,
                                  {{"customer", {{"id", c["id"]}}},
                                   {"name", "Factura\u202E"},
                                   {"billingCycleDay", 1},
                                   {"invoiceType", "boleta"}},
                                  token(kOperator)),
                       400, "INVALID_FIELD", "body.name"));
}

TEST_F(Parties, CustomerStatusChangesAreAudited) {
  Json c = new_customer("Marco", "Ríos");
  std::string path = std::string(kCustomers) + "/" + c["id"].get<std::string>();
  auto r = api().patch(path, {{"status", "suspended"}, {"statusReason", "debt"}}, token(kOperator));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "suspended");
  EXPECT_TRUE(is_error(api().patch(path, {{"status", "gone"}}, token(kOperator)), 400,
                       "INVALID_FIELD", "status"));

  auto audit = api().get("/api/v1/audit?entityId=" + c["id"].get<std::string>(), token(kSupervisor));
  ASSERT_EQ(audit.status, 200) << audit.body;
  Json items = audit.json();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["action"], "customer.update");
  EXPECT_EQ(items[0]["before"]["status"], "initialized");
  EXPECT_EQ(items[0]["after"]["status"], "suspended");
  EXPECT_EQ(items[1]["action"], "customer.create");
}

TEST_F(Parties, CustomerCreateHonoursIdempotencyKey) {
  auto party = post_person(person("Iris", "Salas", fresh_dni(), fresh_mobile())).json();
  Json body = {{"engagedParty", {{"id", party["id"]}}}};
  Headers key = {{"Idempotency-Key", unique_name("cust")}};
  auto a = api().post(kCustomers, body, token(kOperator), key);
  auto b = api().post(kCustomers, body, token(kOperator), key);
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(b.status, 201);
  EXPECT_EQ(a.body, b.body);
  auto list = api().get(std::string(kCustomers) + "?engagedParty.id=" + party["id"].get<std::string>(),
                        token(kOperator));
  EXPECT_EQ(*list.header("X-Total-Count"), "1");
}

TEST_F(Parties, QuickSearchByPhoneContractDocumentAndName) {
  std::string dni = fresh_dni();
  std::string mobile = fresh_mobile();
  auto p = post_person(person("Wilber", "Quispe Ñahui", dni, mobile)).json();
  std::string id = p["id"];
  auto c = api().post(kCustomers, {{"engagedParty", {{"id", id}}}}, token(kOperator)).json();

  std::string spaced = mobile.substr(0, 3) + " " + mobile.substr(3, 3) + " " + mobile.substr(6);
  for (const std::string& q : {mobile, "+51" + mobile, "+51 " + spaced, "0051" + mobile}) {
    Json hits = search(q);
    ASSERT_FALSE(hits.empty()) << q;
    EXPECT_EQ(hits[0]["party"]["id"], id) << q;
    EXPECT_EQ(hits[0]["matchedBy"], "phone") << q;
  }
  Json by_contract = search(c["contractNumber"]);
  ASSERT_FALSE(by_contract.empty());
  EXPECT_EQ(by_contract[0]["party"]["id"], id);
  EXPECT_EQ(by_contract[0]["customer"][0]["contractNumber"], c["contractNumber"]);

  Json by_dni = search(dni);
  ASSERT_FALSE(by_dni.empty());
  EXPECT_EQ(by_dni[0]["party"]["id"], id);
  EXPECT_EQ(by_dni[0]["matchedBy"], "document");

  EXPECT_TRUE(finds(search("quispe nahui"), id));
  EXPECT_TRUE(finds(search("WILBER ÑAHUI"), id));
  EXPECT_TRUE(finds(search("wil qui"), id));  // prefixes of every word
  EXPECT_FALSE(finds(search("wilber mamani"), id));
}

TEST_F(Parties, DocumentsAreFoundAsTheyArePrinted) {
  // A DNI with its printed check character, and a Bolivian CI with its
  // complement: by the printed form, and the CI by its number alone.
  std::string dni = fresh_dni();
  auto person_dni = post_person(person("Rosa", "Mamani", dni, fresh_mobile())).json();
  Json body = person("Rosa", "Condori", fresh_dni(), fresh_mobile());
  body["individualIdentification"] = Json::array(
      {{{"identificationType", "CI"}, {"identificationId", "5566778-2B LP"}, {"issuingCountry", "BO"}}});
  auto ci = post_person(body);
  ASSERT_EQ(ci.status, 201) << ci.body;
  std::string ci_id = ci.json()["id"];

  for (const std::string& q : {dni + "-5", dni + "-K"}) {
    Json hits = search(q);
    ASSERT_FALSE(hits.empty()) << q;
    EXPECT_EQ(hits[0]["party"]["id"], person_dni["id"]) << q;
    EXPECT_EQ(hits[0]["matchedBy"], "document") << q;
  }
  for (std::string q : {"5566778-2B", "5566778-2b LP", "5566778", "5566778 LP"}) {
    Json hits = search(q);
    ASSERT_FALSE(hits.empty()) << q;
    EXPECT_EQ(hits[0]["party"]["id"], ci_id) << q;
    EXPECT_EQ(hits[0]["matchedBy"], "document") << q;
  }
}

TEST_F(Parties, SearchHitsFollowEveryChangeOfTheCustomer) {
  // Hits are read from a card per party that each change rewrites: a new
  // customer, a status change and a new account must all show at once, and
  // the hit must equal what the party and customer endpoints say.
  std::string dni = fresh_dni();
  auto party = post_person(person("Teodoro", "Huillca", dni, fresh_mobile())).json();
  std::string party_id = party["id"];
  auto only_hit = [&] {
    Json hits = search(dni);
    EXPECT_EQ(hits.size(), 1u) << hits.dump();
    return hits.empty() ? Json::object() : hits[0];
  };
  EXPECT_EQ(only_hit()["party"], party);
  EXPECT_EQ(only_hit()["customer"], Json::array());

  auto c = api().post(kCustomers, {{"engagedParty", {{"id", party_id}}}}, token(kOperator));
  ASSERT_EQ(c.status, 201) << c.body;
  std::string path = std::string(kCustomers) + "/" + c.json()["id"].get<std::string>();
  ASSERT_EQ(api().patch(path, {{"status", "active"}}, token(kOperator)).status, 200);
  auto acc = api().post(kAccounts,
                        {{"customer", {{"id", c.json()["id"]}}},
                         {"billingCycleDay", 5},
                         {"invoiceType", "boleta"}},
                        token(kOperator));
  ASSERT_EQ(acc.status, 201) << acc.body;

  Json hit = only_hit();
  auto customer = api().get(path, token(kOperator));
  ASSERT_EQ(customer.status, 200);
  ASSERT_EQ(hit["customer"].size(), 1u);
  EXPECT_EQ(hit["customer"][0], customer.json());
  EXPECT_EQ(hit["customer"][0]["status"], "active");
  EXPECT_EQ(hit["customer"][0]["account"].size(), 1u);
  EXPECT_EQ(hit["party"], api().get(party["href"], token(kOperator)).json());
}

TEST_F(Parties, ConcurrentChangesOfOnePartyAllReachItsSearchHit) {
  // Two agents changing one party at once (here: each adding an account) each
  // rewrite its card; the one that writes last must see the other's change,
  // or the hit loses an account until the party's next change.
  for (int round = 0; round < 4; ++round) {
    Json c = new_customer("Eulogia", "Mamani");
    std::string party_id = c["engagedParty"]["id"];
    constexpr int kAgents = 4;
    std::vector<HttpResponse> added(kAgents);
    std::vector<std::thread> agents;
    std::string op = token(kOperator);
    for (int i = 0; i < kAgents; ++i) {
      agents.emplace_back([&, i] {
        added[static_cast<std::size_t>(i)] = HttpClient(port()).post(
            kAccounts,
            {{"customer", {{"id", c["id"]}}}, {"billingCycleDay", 5}, {"invoiceType", "boleta"}},
            op);
      });
    }
    for (auto& t : agents) t.join();
    for (const auto& r : added) ASSERT_EQ(r.status, 201) << r.body;
    auto customer = api().get(std::string(kCustomers) + "/" + c["id"].get<std::string>(), op);
    ASSERT_EQ(customer.json()["account"].size(), static_cast<std::size_t>(kAgents));
    std::string contract = customer.json()["contractNumber"];
    Json hits = search(contract);
    ASSERT_EQ(hits.size(), 1u) << hits.dump();
    EXPECT_EQ(hits[0]["party"]["id"], party_id);
    ASSERT_EQ(hits[0]["customer"].size(), 1u);
    EXPECT_EQ(hits[0]["customer"][0], customer.json()) << "round " << round;
  }
}

TEST_F(Parties, NameSearchIsAccentAndCaseBlindAndPutsWholeWordsFirst) {
  auto exact = post_person(person("Олег", "Иванов", fresh_dni(), fresh_mobile())).json();
  auto longer = post_person(person("Олег", "Ивановский", fresh_dni(), fresh_mobile())).json();
  Json hits = search("иванов олег");
  ASSERT_GE(hits.size(), 2u);
  EXPECT_EQ(hits[0]["party"]["id"], exact["id"]);
  EXPECT_TRUE(finds(hits, longer["id"]));
  EXPECT_TRUE(finds(search("ИВАНОВ"), exact["id"]));
}

TEST_F(Parties, SearchRefusesBadQueries) {
  EXPECT_TRUE(is_error(api().get("/api/v1/search", token(kOperator)), 400, "MISSING_FIELD", "q"));
  EXPECT_TRUE(is_error(api().get("/api/v1/search?q=%20%20", token(kOperator)), 400,
                       "MISSING_FIELD", "q"));
  EXPECT_TRUE(is_error(api().get("/api/v1/search?q=ana&limit=0", token(kOperator)), 400,
                       "INVALID_PARAMETER", "limit"));
  EXPECT_TRUE(is_error(api().get("/api/v1/search?q=ana&colour=red", token(kOperator)), 400,
                       "UNKNOWN_PARAMETER"));
  EXPECT_EQ(api().get("/api/v1/search?q=ana").status, 401);
  EXPECT_EQ(search("zzzzqqqxxx").size(), 0u);
}

}  // namespace
}  // namespace abonado::apitest

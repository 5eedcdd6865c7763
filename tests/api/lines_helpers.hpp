#pragma once
// Mobile lines for API tests of any module: SIM cards and numbers loaded
// through the inventory API, a customer created through TMF632, and a line
// activated in the app with the simulated fingerprint (FL-1), exactly as a
// client would. Values come from ranges no other suite uses; each suite has
// its own database, so they only need to be unique within a process.
//
//   #include "lines_helpers.hpp"
//   ActivatedLine l = activate_line(api(), token(kAdmin), create_person(api(),
//   token(kAdmin)).party_id);
//   // l.product_id, l.msisdn ("+519..."), l.party_id
//
// The token must hold roles that load stock and activate: admin does.

#include <atomic>
#include <string>

#include "harness.hpp"

namespace abonado::apitest {

inline constexpr const char* kActivations = "/api/v1/activations";
inline constexpr const char* kActivationRequests = "/api/v1/activationRequests";
inline constexpr const char* kSimStock = "/api/v1/inventory/sims";
inline constexpr const char* kNumberStock = "/api/v1/inventory/numbers";
inline constexpr const char* kPortIns = "/api/v1/porting/portIn";
inline constexpr const char* kProducts = "/tmf-api/productInventory/v4/product";

// The Luhn digit completing `payload`.
inline char luhn_digit(const std::string& payload) {
  int sum = 0;
  bool doubled = true;
  for (auto it = payload.rbegin(); it != payload.rend(); ++it) {
    int d = *it - '0';
    if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    doubled = !doubled;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// A valid 19-digit ICCID (89 51 ...) not returned before in this process.
inline std::string fresh_iccid() {
  static std::atomic<long> next{0};
  std::string serial = std::to_string(100000000000L + next++);  // 12 digits
  std::string payload = "895101" + serial;
  return payload + luhn_digit(payload);
}

// A Peruvian mobile number in E.164 not returned before in this process.
inline std::string fresh_msisdn() {
  static std::atomic<int> next{0};
  return "+519" + std::to_string(91000000 + next++);
}

// A DNI (8 digits) not returned before in this process.
inline std::string fresh_lines_dni() {
  static std::atomic<int> next{0};
  return std::to_string(61000000 + next++);
}

struct Person {
  std::string party_id;
  std::string dni;  // identificationId: the fingerprint is "FP-" + dni
};

// A new individual with a DNI and an e-mail address.
inline Person create_person(HttpClient& api, const std::string& token,
                            const std::string& given = "Rosa",
                            const std::string& family = "Huamán") {
  std::string dni = fresh_lines_dni();
  Json body = {
      {"givenName", given},
      {"familyName", family},
      {"individualIdentification", {{{"identificationType", "DNI"}, {"identificationId", dni}}}},
      {"contactMedium",
       {{{"mediumType", "email"},
         {"characteristic", {{"emailAddress", "cliente" + dni + "@example.pe"}}}}}}};
  auto r = api.post("/tmf-api/party/v4/individual", body, token);
  EXPECT_EQ(r.status, 201) << r.body;
  return {r.json().value("id", ""), dni};
}

// Loads SIM cards and numbers into stock; expects every one accepted.
inline void load_sims(HttpClient& api, const std::string& token,
                      const std::vector<std::string>& iccids) {
  auto r = api.post(kSimStock, {{"iccids", iccids}}, token);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().value("accepted", -1), static_cast<int>(iccids.size())) << r.body;
}
inline void load_numbers(HttpClient& api, const std::string& token,
                         const std::vector<std::string>& msisdns) {
  auto r = api.post(kNumberStock, {{"msisdns", msisdns}}, token);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().value("accepted", -1), static_cast<int>(msisdns.size())) << r.body;
}

struct ActivatedLine {
  std::string product_id;
  std::string msisdn;  // E.164: the number the pool gave (the oldest free one)
  std::string party_id;
  std::string iccid;
  std::string activation_id;  // its session is open (FL-7) until closed or timed out
};

// The party's first identificationId (the fingerprint of the simulator).
inline std::string dni_of(HttpClient& api, const std::string& token, const std::string& party_id) {
  auto r = api.get("/tmf-api/party/v4/individual/" + party_id, token);
  EXPECT_EQ(r.status, 200) << r.body;
  Json p = r.json();
  if (!p.contains("individualIdentification") || p["individualIdentification"].empty()) return "";
  return p["individualIdentification"][0].value("identificationId", "");
}

// Loads a fresh SIM and number, activates a line for `party_id` in the app
// and matches the fingerprint: the line is active when this returns.
inline ActivatedLine activate_line(HttpClient& api, const std::string& token,
                                   const std::string& party_id) {
  ActivatedLine line;
  line.party_id = party_id;
  line.iccid = fresh_iccid();
  load_sims(api, token, {line.iccid});
  load_numbers(api, token, {fresh_msisdn()});
  auto started = api.post(
      kActivations, {{"partyId", party_id}, {"iccid", line.iccid}, {"channel", "app"}}, token);
  EXPECT_EQ(started.status, 201) << started.body;
  Json a = started.json();
  line.activation_id = a.value("id", "");
  line.msisdn = a.value("msisdn", "");
  auto matched = api.post(std::string(kActivations) + "/" + line.activation_id + "/biometric",
                          {{"fingerprint", "FP-" + dni_of(api, token, party_id)}}, token);
  EXPECT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(matched.json().value("result", ""), "match") << matched.body;
  line.product_id = matched.json().value("productId", "");
  return line;
}

// A new customer with one active line.
inline ActivatedLine new_line(HttpClient& api, const std::string& token) {
  return activate_line(api, token, create_person(api, token).party_id);
}

}  // namespace abonado::apitest

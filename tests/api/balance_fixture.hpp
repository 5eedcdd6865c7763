#pragma once
// The fixture of the balance API tests (catalog, top-ups, purchases, USSD):
// lines activated through the lines API (lines_helpers.hpp), top-ups with
// amounts written exactly as a client writes them, the main balance, the
// testing clock, and the messages and interactions a change leaves.

#include <string>

#include "lines_helpers.hpp"

namespace abonado::apitest {

inline constexpr const char* kOfferings = "/tmf-api/productCatalogManagement/v4/productOffering";
inline constexpr const char* kBuckets = "/tmf-api/prepayBalanceManagement/v4/bucket";
inline constexpr const char* kTopups = "/tmf-api/prepayBalanceManagement/v4/topupBalance";
inline constexpr const char* kPurchases = "/api/v1/purchases";
inline constexpr const char* kAutoTopups = "/api/v1/autoTopups";
inline constexpr const char* kTopupAgents = "/api/v1/topupAgents";
inline constexpr const char* kUssd = "/api/v1/ussd";
inline constexpr const char* kPartyInteractions = "/tmf-api/partyInteraction/v4/partyInteraction";
inline constexpr const char* kMessages = "/tmf-api/communicationManagement/v4/communicationMessage";

class BalanceApiTest : public ApiTest {
 protected:
  // A new customer with one active line (activated by the admin).
  static ActivatedLine fresh_line() { return new_line(api(), token(kAdmin)); }

  // A top-up body; `amount` is the JSON number's text as sent ("10.50", "1e1").
  static std::string topup_body(const std::string& product_id, const std::string& amount,
                                Json extra = Json::object(), const std::string& units = "PEN") {
    Json body = {{"product", {{"id", product_id}}},
                 {"amount", {{"amount", "@AMOUNT@"}, {"units", units}}},
                 {"channel", {{"name", "web"}}}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    if (product_id.empty()) body.erase("product");
    std::string text = body.dump();
    auto at = text.find("\"@AMOUNT@\"");
    if (at != std::string::npos) text.replace(at, 10, amount);
    return text;
  }

  // POSTs `body` as JSON with the session `session` (a token, not a username).
  static HttpResponse post_raw(const std::string& path, const std::string& body,
                               const std::string& session, Headers headers = {}) {
    return api().send({.method = "POST",
                       .path = path,
                       .token = session,
                       .body = body,
                       .content_type = "application/json",
                       .headers = std::move(headers)});
  }

  static HttpResponse topup(const std::string& product_id, const std::string& amount,
                            Json extra = Json::object(), const std::string& who = kOperator,
                            Headers headers = {}) {
    return post_raw(kTopups, topup_body(product_id, amount, std::move(extra)), token(who),
                    std::move(headers));
  }

  // Tops up and expects it to succeed.
  static Json topped_up(const std::string& product_id, const std::string& amount) {
    auto r = topup(product_id, amount);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  static HttpResponse buy(const std::string& product_id, const std::string& offering_id,
                          const std::string& channel = "web", const std::string& who = kOperator,
                          Headers headers = {}) {
    return api().post(
        kPurchases, {{"productId", product_id}, {"offeringId", offering_id}, {"channel", channel}},
        token(who), std::move(headers));
  }

  static Json buckets(const std::string& product_id) {
    auto r = api().get(std::string(kBuckets) + "?product.id=" + product_id, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // The main balance's remaining value as its display name ("S/ 10.50"), or "none".
  static std::string main_balance(const std::string& product_id) {
    for (const auto& b : buckets(product_id)) {
      if (b.value("usageType", "") == "monetary") return b.value("remainingValueName", "");
    }
    return "none";
  }

  static Json interactions_of(const std::string& party_id) {
    auto r = api().get(std::string(kPartyInteractions) + "?relatedParty.id=" + party_id,
                       token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  static Json messages_of(const std::string& party_id) {
    auto r = api().get(std::string(kMessages) + "?relatedParty.id=" + party_id, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // Whether any of `items` has `text` in its field `key`.
  static bool any_contains(const Json& items, const char* key, const std::string& text) {
    for (const auto& i : items) {
      if (i.value(key, "").find(text) != std::string::npos) return true;
    }
    return false;
  }

  // Moves the testing clock (due jobs run first); sessions may expire, so log in again.
  static void advance(std::int64_t seconds) {
    auto r = api().post("/api/v1/testing/clock/advance", {{"seconds", seconds}});
    ASSERT_EQ(r.status, 200) << r.body;
    suite().forget_tokens();
  }

  // An agent of `role` created for this suite, logged in.
  static std::string agent_token(const std::string& role) {
    std::string name = unique_name(role);
    auto r = create_agent(name, {role});
    EXPECT_EQ(r.status, 201) << r.body;
    auto l = login(name, "correct-horse-1");
    EXPECT_EQ(l.status, 200) << l.body;
    return l.json().value("token", "");
  }
};

}  // namespace abonado::apitest

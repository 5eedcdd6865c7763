// Purchases of plans and packages from the balance (FL-13, FL-14): one
// transaction that debits the main balance and grants allowance buckets with
// their expiry; a plan becomes the line's offering; no balance, no purchase,
// and nothing changes; an SMS confirms; Idempotency-Key; roles.

#include <thread>

#include "balance_fixture.hpp"

namespace abonado::apitest {
namespace {

class Purchases : public BalanceApiTest {
 protected:
  static Json product(const std::string& id) {
    auto r = api().get(std::string(kProducts) + "/" + id, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
};

TEST_F(Purchases, APlanIsBoughtFromTheBalance) {
  auto line = fresh_line();
  topped_up(line.product_id, "20");
  auto now = server_now_ms();
  auto r = buy(line.product_id, "plan_15");
  ASSERT_EQ(r.status, 201) << r.body;
  Json p = r.json();
  EXPECT_EQ(p.value("status", ""), "completed");
  EXPECT_EQ(p.value("offeringId", ""), "plan_15");
  EXPECT_EQ(p.value("offeringType", ""), "plan");
  EXPECT_EQ(p["price"], (Json{{"unit", "PEN"}, {"value", 15.0}}));
  EXPECT_EQ(p["balance"], (Json{{"amount", 5.0}, {"units", "PEN"}}));
  EXPECT_EQ(epoch_ms_of(p.value("validTo", "")), now + 30LL * 24 * 3600 * 1000);
  ASSERT_EQ(p["bucket"].size(), 4u) << p.dump();
  ASSERT_NE(r.header("Location"), nullptr);

  // The allowances, each valid for the plan's 30 days.
  Json all = buckets(line.product_id);
  ASSERT_EQ(all.size(), 5u) << all.dump();
  EXPECT_EQ(all[0].value("remainingValueName", ""), "S/ 5.00");
  std::map<std::string, Json> by_kind;
  for (const auto& b : all) {
    if (b.value("usageType", "") == "monetary") continue;
    EXPECT_EQ(b.value("status", ""), "active");
    EXPECT_EQ(b["productOffering"].value("id", ""), "plan_15");
    EXPECT_EQ(b["validFor"].value("endDateTime", ""), p.value("validTo", ""));
    by_kind[b.value("usageType", "") + b.value("scope", "")] = b["remainingValue"];
  }
  EXPECT_EQ(by_kind["data"], (Json{{"amount", 6144}, {"units", "MB"}}));
  EXPECT_EQ(by_kind["voice"], (Json{{"amount", 300}, {"units", "minutes"}}));
  EXPECT_EQ(by_kind["voiceonNet"], (Json{{"amount", 1000}, {"units", "minutes"}}));
  EXPECT_EQ(by_kind["sms"], (Json{{"amount", 100}, {"units", "SMS"}}));

  // The plan is now the line's offering (FL-13: no longer the standard tariff).
  Json line_now = product(line.product_id);
  EXPECT_EQ(line_now["productOffering"].value("id", ""), "plan_15") << line_now.dump();

  // An SMS confirms; the purchase is a contact of the customer.
  EXPECT_TRUE(
      any_contains(messages_of(line.party_id), "content", "compraste Plan Flash 15 por S/ 15.00"));
  EXPECT_TRUE(any_contains(interactions_of(line.party_id), "reason", "Compra de Plan Flash 15"));

  auto got = api().get(std::string(kPurchases) + "/" + p.value("id", ""), token(kOperator));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["bucket"].size(), 4u);
  auto unknown = api().get(std::string(kPurchases) + "/nope", token(kOperator));
  EXPECT_TRUE(is_error(unknown, 404, "NOT_FOUND", "id")) << unknown.body;
}

TEST_F(Purchases, WithoutEnoughBalanceNothingChanges) {
  auto line = fresh_line();
  auto none = buy(line.product_id, "megas_1_dia");  // no balance at all yet
  EXPECT_TRUE(is_error(none, 409, "INSUFFICIENT_BALANCE", "offeringId")) << none.body;
  topped_up(line.product_id, "10");
  auto contacts = interactions_of(line.party_id).size();
  auto messages = messages_of(line.party_id).size();
  auto r = buy(line.product_id, "plan_15");
  EXPECT_TRUE(is_error(r, 409, "INSUFFICIENT_BALANCE", "offeringId")) << r.body;
  EXPECT_NE(r.json().value("message", "").find("S/ 10.00"), std::string::npos) << r.body;
  Json all = buckets(line.product_id);
  ASSERT_EQ(all.size(), 1u) << all.dump();
  EXPECT_EQ(all[0].value("remainingValueName", ""), "S/ 10.00");
  EXPECT_TRUE(product(line.product_id)["productOffering"].is_null());
  EXPECT_EQ(interactions_of(line.party_id).size(), contacts);
  EXPECT_EQ(messages_of(line.party_id).size(), messages);
  // Exactly enough is enough.
  topped_up(line.product_id, "5");
  auto exact = buy(line.product_id, "plan_15");
  ASSERT_EQ(exact.status, 201) << exact.body;
  EXPECT_EQ(exact.json()["balance"]["amount"], 0.0);
}

TEST_F(Purchases, BadRequestsArePrecise) {
  auto line = fresh_line();
  topped_up(line.product_id, "50");
  auto unknown = buy(line.product_id, "plan_99");
  EXPECT_TRUE(is_error(unknown, 400, "UNKNOWN_OFFERING", "offeringId")) << unknown.body;
  auto tariff = buy(line.product_id, "standard_tariff");  // described, not sold
  EXPECT_TRUE(is_error(tariff, 400, "UNKNOWN_OFFERING", "offeringId")) << tariff.body;
  auto missing = api().post(kPurchases, {{"productId", line.product_id}, {"channel", "web"}},
                            token(kOperator));
  EXPECT_TRUE(is_error(missing, 400, "MISSING_FIELD", "offeringId")) << missing.body;
  auto channel = buy(line.product_id, "plan_15", "agent");
  EXPECT_TRUE(is_error(channel, 400, "INVALID_FIELD", "channel")) << channel.body;
  auto no_channel = api().post(
      kPurchases, {{"productId", line.product_id}, {"offeringId", "plan_15"}}, token(kOperator));
  EXPECT_TRUE(is_error(no_channel, 400, "MISSING_FIELD", "channel")) << no_channel.body;
  auto no_line = buy("nope", "plan_15");
  EXPECT_TRUE(is_error(no_line, 404, "NOT_FOUND", "productId")) << no_line.body;
  auto no_product =
      api().post(kPurchases, {{"offeringId", "plan_15"}, {"channel", "web"}}, token(kOperator));
  EXPECT_TRUE(is_error(no_product, 400, "MISSING_FIELD", "productId")) << no_product.body;
  auto extra = api().post(
      kPurchases,
      {{"productId", line.product_id}, {"offeringId", "plan_15"}, {"channel", "web"}, {"price", 1}},
      token(kOperator));
  EXPECT_TRUE(is_error(extra, 400, "INVALID_FIELD", "price")) << extra.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 50.00");
}

TEST_F(Purchases, TheIdempotencyKeyBuysOnce) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  Headers key = {{"Idempotency-Key", "buy-" + line.product_id}};
  auto first = buy(line.product_id, "combo_7_dias", "web", kOperator, key);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = buy(line.product_id, "combo_7_dias", "web", kOperator, key);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().value("id", ""), first.json().value("id", ""));
  auto other = buy(line.product_id, "megas_1_dia", "web", kOperator, key);
  EXPECT_TRUE(is_error(other, 422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key")) << other.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  EXPECT_EQ(buckets(line.product_id).size(), 4u);  // main + data, minutes, SMS once
}

// A retry sent while the first request with its key is still at work gets the first's
// answer, not the refusal the first one's spending would give it (the balance covers one).
TEST_F(Purchases, ARetryRacingTheFirstRequestGetsItsAnswer) {
  for (int round = 0; round < 4; ++round) {
    auto line = fresh_line();
    topped_up(line.product_id, "5");
    Json body = {
        {"productId", line.product_id}, {"offeringId", "combo_7_dias"}, {"channel", "web"}};
    Headers key = {{"Idempotency-Key", "race-" + line.product_id}};
    std::string who = token(kOperator);
    HttpResponse first, second;
    std::thread a([&] { first = HttpClient(port()).post(kPurchases, body, who, key); });
    std::thread b([&] { second = HttpClient(port()).post(kPurchases, body, who, key); });
    a.join();
    b.join();
    ASSERT_EQ(first.status, 201) << first.body;
    ASSERT_EQ(second.status, 201) << second.body;
    EXPECT_EQ(first.json()["id"], second.json()["id"]);
    EXPECT_EQ(main_balance(line.product_id), "S/ 0.00");
  }
}

TEST_F(Purchases, APackagesAllowancesExpire) {
  auto line = fresh_line();
  topped_up(line.product_id, "3");
  auto r = buy(line.product_id, "megas_1_dia", "callCenter");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["bucket"][0].value("status", ""), "active");
  // A package leaves the line on the standard tariff.
  EXPECT_TRUE(product(line.product_id)["productOffering"].is_null());
  advance(24 * 3600 - 1);
  EXPECT_EQ(buckets(line.product_id)[1].value("status", ""), "active");
  advance(1);
  Json after = buckets(line.product_id);
  EXPECT_EQ(after[1].value("status", ""), "expired");
  EXPECT_EQ(after[1]["remainingValue"]["amount"], 500);
  EXPECT_EQ(after[0].value("status", ""), "active");  // the main balance does not expire
}

TEST_F(Purchases, WhenThePlanEndsTheLineGoesBackToTheStandardTariff) {
  auto line = fresh_line();
  topped_up(line.product_id, "40");
  ASSERT_EQ(buy(line.product_id, "plan_15").status, 201);
  EXPECT_EQ(product(line.product_id).value("tariff", ""), "plan");
  advance(20 * 24 * 3600);
  ASSERT_EQ(buy(line.product_id, "plan_15").status, 201);  // renewed early: valid 30 days on
  advance(10 * 24 * 3600 + 60);                            // the first one has ended
  EXPECT_EQ(product(line.product_id)["productOffering"].value("id", ""), "plan_15");
  advance(20 * 24 * 3600);  // and now the second
  Json after = product(line.product_id);
  EXPECT_TRUE(after["productOffering"].is_null()) << after.dump();
  EXPECT_EQ(after.value("tariff", ""), "standard");
  for (const auto& b : buckets(line.product_id)) {
    if (b.value("usageType", "") == "monetary") continue;
    EXPECT_EQ(b.value("status", ""), "expired");
  }
  EXPECT_EQ(main_balance(line.product_id), "S/ 10.00");
}

TEST_F(Purchases, RolesAreChecked) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  auto sales = api().post(
      kPurchases,
      {{"productId", line.product_id}, {"offeringId", "megas_1_dia"}, {"channel", "web"}},
      agent_token("sales"));
  EXPECT_TRUE(is_error(sales, 403, "FORBIDDEN")) << sales.body;
  auto anonymous = api().post(
      kPurchases,
      {{"productId", line.product_id}, {"offeringId", "megas_1_dia"}, {"channel", "web"}});
  EXPECT_TRUE(is_error(anonymous, 401, "UNAUTHORIZED")) << anonymous.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 10.00");
}

}  // namespace
}  // namespace abonado::apitest

// Top-ups (TMF654; FL-10..FL-12): the main balance, amounts read exactly,
// channels and invoices, top-up agents (and deactivating one), suspended
// lines, Idempotency-Key, roles, the interaction and SMS every top-up leaves,
// and scheduled top-ups run by the testing clock (FL-11).

#include <chrono>
#include <map>

#include "balance_fixture.hpp"

namespace abonado::apitest {
namespace {

class Balance : public BalanceApiTest {};

TEST_F(Balance, ATopupCreditsTheMainBalance) {
  auto line = fresh_line();
  // A new line lists its main balance, at zero, before any top-up.
  Json fresh = buckets(line.product_id);
  ASSERT_EQ(fresh.size(), 1u) << fresh.dump();
  EXPECT_EQ(fresh[0].value("usageType", ""), "monetary");
  EXPECT_EQ(fresh[0]["remainingValue"], (Json{{"amount", 0}, {"units", "PEN"}}));
  EXPECT_EQ(fresh[0].value("remainingValueName", ""), "S/ 0.00");
  auto r = topup(line.product_id, "10.5");
  ASSERT_EQ(r.status, 201) << r.body;
  Json t = r.json();
  EXPECT_EQ(t.value("status", ""), "completed");
  EXPECT_EQ(t["amount"], (Json{{"amount", 10.5}, {"units", "PEN"}}));
  EXPECT_EQ(t["balance"], (Json{{"amount", 10.5}, {"units", "PEN"}}));
  EXPECT_EQ(t["channel"].value("name", ""), "web");
  EXPECT_EQ(t["invoice"].value("type", ""), "boleta");
  EXPECT_EQ(t["product"][0].value("id", ""), line.product_id);
  EXPECT_EQ(t.value("msisdn", ""), line.msisdn);
  EXPECT_FALSE(t.value("isAutoTopup", true));
  ASSERT_NE(r.header("Location"), nullptr);
  EXPECT_EQ(*r.header("Location"), std::string(kTopups) + "/" + t.value("id", ""));

  Json b = buckets(line.product_id);
  ASSERT_EQ(b.size(), 1u) << b.dump();
  EXPECT_EQ(b[0].value("usageType", ""), "monetary");
  EXPECT_EQ(b[0]["remainingValue"], (Json{{"amount", 10.5}, {"units", "PEN"}}));
  EXPECT_EQ(b[0].value("remainingValueName", ""), "S/ 10.50");
  EXPECT_EQ(b[0].value("status", ""), "active");
  EXPECT_EQ(b[0]["product"][0].value("id", ""), line.product_id);
  EXPECT_EQ(b[0].value("id", ""), t["bucket"].value("id", ""));
  EXPECT_EQ(b[0].value("id", ""), fresh[0].value("id", ""));
  auto one = api().get(std::string(kBuckets) + "/" + b[0].value("id", ""), token(kOperator));
  EXPECT_EQ(one.status, 200) << one.body;

  // The same line by its number, written as people write it.
  std::string national = line.msisdn.substr(3);  // "+51" off
  auto by_number =
      post_raw(kTopups,
               topup_body("", "20",
                          {{"msisdn", national.substr(0, 3) + " " + national.substr(3, 3) + " " +
                                          national.substr(6)}}),
               token(kOperator));
  ASSERT_EQ(by_number.status, 201) << by_number.body;
  EXPECT_EQ(by_number.json()["product"][0].value("id", ""), line.product_id);
  EXPECT_EQ(main_balance(line.product_id), "S/ 30.50");

  auto got = api().get(std::string(kTopups) + "/" + t.value("id", ""), token(kOperator));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["amount"], t["amount"]);
  auto list = api().get(std::string(kTopups) + "?product.id=" + line.product_id, token(kOperator));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(*list.header("X-Total-Count"), "2");
  EXPECT_EQ(list.json()[0].value("id", ""), by_number.json().value("id", ""));  // newest first
}

// A line's top-ups are read through its main balance's ledger (migration
// 0015): its purchases, which debit the same balance, and other lines' top-ups
// are not in the list; newest first, paged, with the total.
TEST_F(Balance, ALinesTopupsListHoldsItsTopupsOnly) {
  auto line = fresh_line();
  auto other = fresh_line();
  std::vector<std::string> ids;
  for (const char* amount : {"10", "20", "5"}) {
    ids.push_back(topped_up(line.product_id, amount).value("id", ""));
  }
  topped_up(other.product_id, "7");
  auto bought = buy(line.product_id, "plan_15");
  ASSERT_EQ(bought.status, 201) << bought.body;
  ids.push_back(topped_up(line.product_id, "3").value("id", ""));

  auto list = api().get(std::string(kTopups) + "?product.id=" + line.product_id, token(kOperator));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(*list.header("X-Total-Count"), "4");
  std::vector<std::string> listed;
  for (const auto& t : list.json()) listed.push_back(t.value("id", ""));
  EXPECT_EQ(listed, std::vector<std::string>(ids.rbegin(), ids.rend()));
  auto page =
      api().get(std::string(kTopups) + "?product.id=" + line.product_id + "&offset=1&limit=2",
                token(kOperator));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(*page.header("X-Total-Count"), "4");
  ASSERT_EQ(page.json().size(), 2u) << page.body;
  EXPECT_EQ(page.json()[0].value("id", ""), ids[2]);
  EXPECT_EQ(page.json()[1].value("id", ""), ids[1]);
  auto others =
      api().get(std::string(kTopups) + "?product.id=" + other.product_id, token(kOperator));
  EXPECT_EQ(*others.header("X-Total-Count"), "1");
}

TEST_F(Balance, AmountsAreReadFromTheirTextWithoutRoundingErrors) {
  auto line = fresh_line();
  // 0.29, 1.15 and 19.99 are not exact in binary; 1.15e1 and 1050e-2 are other spellings.
  for (const char* amount : {"19.99", "3.01", "1.15e1", "1050e-2", "10.500", "4.29"}) {
    auto r = topup(line.product_id, amount);
    EXPECT_EQ(r.status, 201) << amount << ": " << r.body;
  }
  // 19.99 + 3.01 + 11.50 + 10.50 + 10.50 + 4.29
  EXPECT_EQ(main_balance(line.product_id), "S/ 59.79");
  EXPECT_EQ(buckets(line.product_id)[0]["remainingValue"]["amount"], 59.79);
}

TEST_F(Balance, BadAmountsAre400AndChangeNothing) {
  auto line = fresh_line();
  topped_up(line.product_id, "5");
  struct Case {
    std::string amount;
    std::string code;
  };
  for (const Case& c : std::vector<Case>{{"0", "INVALID_AMOUNT"},
                                         {"-5", "INVALID_AMOUNT"},
                                         {"0.00", "INVALID_AMOUNT"},
                                         {"0.001", "INVALID_AMOUNT"},
                                         {"10.505", "INVALID_AMOUNT"},
                                         {"10.500000000000000001", "INVALID_AMOUNT"},
                                         {"1e-3", "INVALID_AMOUNT"},
                                         {"\"10.5\"", "INVALID_AMOUNT"},
                                         {"true", "INVALID_AMOUNT"},
                                         {"1e-400", "INVALID_AMOUNT"},
                                         {"99999999999999999999", "INVALID_AMOUNT"},
                                         {"2.99", "AMOUNT_OUT_OF_RANGE"},
                                         {"500.01", "AMOUNT_OUT_OF_RANGE"}}) {
    auto r = topup(line.product_id, c.amount);
    EXPECT_TRUE(is_error(r, 400, c.code, "amount.amount")) << c.amount << ": " << r.body;
  }
  auto usd = post_raw(kTopups, topup_body(line.product_id, "10", {}, "USD"), token(kOperator));
  EXPECT_TRUE(is_error(usd, 400, "CURRENCY_MISMATCH", "amount.units")) << usd.body;
  auto no_units = post_raw(kTopups,
                           R"({"product":{"id":")" + line.product_id +
                               R"("},"amount":{"amount":10},"channel":{"name":"web"}})",
                           token(kOperator));
  EXPECT_TRUE(is_error(no_units, 400, "MISSING_FIELD", "amount.units")) << no_units.body;
  auto no_amount = post_raw(kTopups,
                            R"({"product":{"id":")" + line.product_id +
                                R"("},"amount":{"units":"PEN"},"channel":{"name":"web"}})",
                            token(kOperator));
  EXPECT_TRUE(is_error(no_amount, 400, "MISSING_FIELD", "amount.amount")) << no_amount.body;
  auto money_shape =
      post_raw(kTopups,
               R"({"product":{"id":")" + line.product_id +
                   R"("},"amount":{"value":10,"unit":"PEN"},"channel":{"name":"web"}})",
               token(kOperator));
  EXPECT_TRUE(is_error(money_shape, 400, "INVALID_FIELD", "amount.unit")) << money_shape.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  auto list = api().get(std::string(kTopups) + "?product.id=" + line.product_id, token(kOperator));
  EXPECT_EQ(*list.header("X-Total-Count"), "1");
}

TEST_F(Balance, TheLineMustBeOurs) {
  auto missing = topup("no-such-line", "10");
  EXPECT_TRUE(is_error(missing, 404, "NOT_FOUND", "product.id")) << missing.body;
  auto not_ours =
      post_raw(kTopups, topup_body("", "10", {{"msisdn", "+51987000999"}}), token(kOperator));
  EXPECT_TRUE(is_error(not_ours, 404, "NOT_FOUND", "msisdn")) << not_ours.body;
  auto not_a_number = post_raw(kTopups, topup_body("", "10", {{"msisdn", "12"}}), token(kOperator));
  EXPECT_TRUE(is_error(not_a_number, 400, "INVALID_PHONE_NUMBER", "msisdn")) << not_a_number.body;
  auto line = fresh_line();
  auto both = post_raw(kTopups, topup_body(line.product_id, "10", {{"msisdn", line.msisdn}}),
                       token(kOperator));
  EXPECT_TRUE(is_error(both, 400, "INVALID_FIELD", "msisdn")) << both.body;
  auto neither = post_raw(kTopups, topup_body("", "10"), token(kOperator));
  EXPECT_TRUE(is_error(neither, 400, "MISSING_FIELD", "product.id")) << neither.body;
  auto tmf_list =
      post_raw(kTopups,
               R"({"product":[{"id":")" + line.product_id +
                   R"("}],"amount":{"amount":3,"units":"PEN"},"channel":{"name":"callCenter"}})",
               token(kOperator));
  EXPECT_EQ(tmf_list.status, 201) << tmf_list.body;
  auto unknown_field = topup(line.product_id, "10", {{"voucher", "X"}});
  EXPECT_TRUE(is_error(unknown_field, 400, "INVALID_FIELD", "voucher")) << unknown_field.body;
  // TMF654's description and @type are not kept, but still only strings.
  auto numeric = topup(line.product_id, "10", {{"description", 5}});
  EXPECT_TRUE(is_error(numeric, 400, "INVALID_FIELD", "description")) << numeric.body;
  auto typed = topup(line.product_id, "10", {{"@type", {{"x", 1}}}});
  EXPECT_TRUE(is_error(typed, 400, "INVALID_FIELD", "@type")) << typed.body;
}

TEST_F(Balance, ChannelsAndInvoices) {
  auto line = fresh_line();
  auto cash = topup(line.product_id, "10", {{"channel", {{"name", "cash"}}}});
  EXPECT_TRUE(is_error(cash, 400, "INVALID_FIELD", "channel.name")) << cash.body;
  auto no_channel = post_raw(
      kTopups,
      R"({"product":{"id":")" + line.product_id + R"("},"amount":{"amount":3,"units":"PEN"}})",
      token(kOperator));
  EXPECT_TRUE(is_error(no_channel, 400, "MISSING_FIELD", "channel")) << no_channel.body;
  auto agent_unnamed = topup(line.product_id, "10", {{"channel", {{"name", "agent"}}}});
  EXPECT_TRUE(is_error(agent_unnamed, 400, "MISSING_FIELD", "channel.id")) << agent_unnamed.body;
  auto agent_unknown =
      topup(line.product_id, "10", {{"channel", {{"name", "agent"}, {"id", "nope"}}}});
  EXPECT_TRUE(is_error(agent_unknown, 404, "NOT_FOUND", "channel.id")) << agent_unknown.body;
  auto web_with_agent = topup(line.product_id, "10", {{"channel", {{"name", "web"}, {"id", "x"}}}});
  EXPECT_TRUE(is_error(web_with_agent, 400, "INVALID_FIELD", "channel.id")) << web_with_agent.body;

  auto shop = api().post(kTopupAgents,
                         {{"name", "Bodega Don Lucho"},
                          {"brand", "Inkacel"},
                          {"address", "Av. Larco 812"},
                          {"district", "Miraflores"}},
                         token(kAdmin));
  ASSERT_EQ(shop.status, 201) << shop.body;
  std::string shop_id = shop.json().value("id", "");
  auto at_agent = topup(line.product_id, "20", {{"channel", {{"name", "agent"}, {"id", shop_id}}}});
  ASSERT_EQ(at_agent.status, 201) << at_agent.body;
  EXPECT_EQ(at_agent.json()["channel"].value("id", ""), shop_id);  // FL-12: older brand, same line

  auto factura_without_ruc = topup(line.product_id, "10", {{"invoice", {{"type", "factura"}}}});
  EXPECT_TRUE(is_error(factura_without_ruc, 400, "MISSING_FIELD", "invoice.taxId"))
      << factura_without_ruc.body;
  auto bad_ruc =
      topup(line.product_id, "10", {{"invoice", {{"type", "factura"}, {"taxId", "20512333798"}}}});
  EXPECT_TRUE(is_error(bad_ruc, 400, "INVALID_ID_DOCUMENT", "invoice.taxId")) << bad_ruc.body;
  auto short_ruc =
      topup(line.product_id, "10", {{"invoice", {{"type", "factura"}, {"taxId", "2051233379"}}}});
  EXPECT_TRUE(is_error(short_ruc, 400, "INVALID_ID_DOCUMENT", "invoice.taxId")) << short_ruc.body;
  auto boleta_with_ruc =
      topup(line.product_id, "10", {{"invoice", {{"type", "boleta"}, {"taxId", "20512333797"}}}});
  EXPECT_TRUE(is_error(boleta_with_ruc, 400, "INVALID_FIELD", "invoice.taxId"))
      << boleta_with_ruc.body;
  auto receipt = topup(line.product_id, "10", {{"invoice", {{"type", "ticket"}}}});
  EXPECT_TRUE(is_error(receipt, 400, "INVALID_FIELD", "invoice.type")) << receipt.body;
  auto factura = topup(line.product_id, "10",
                       {{"invoice", {{"type", "factura"}, {"taxId", " 20512333797 "}}}});
  ASSERT_EQ(factura.status, 201) << factura.body;
  EXPECT_EQ(factura.json()["invoice"], (Json{{"type", "factura"}, {"taxId", "20512333797"}}));
  EXPECT_EQ(main_balance(line.product_id), "S/ 30.00");
}

TEST_F(Balance, TopupAgentsAreListedToEveryone) {
  for (auto [name, brand, district] :
       {std::tuple{"Minimarket Santa Rosa", "Flash", "Cercado de Lima"},
        std::tuple{"Bodega La Esquina", "Virgin", "Surquillo"},
        std::tuple{"Cabinas Mundo Net", "Inkacel", "Surquillo"}}) {
    auto r =
        api().post(kTopupAgents,
                   {{"name", name}, {"brand", brand}, {"address", "Jr. 1"}, {"district", district}},
                   token(kSupervisor));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto everyone = api().get(std::string(kTopupAgents) + "?district=Surquillo&limit=100");
  ASSERT_EQ(everyone.status, 200) << everyone.body;
  Json agents = everyone.json();
  ASSERT_EQ(agents.size(), 2u) << agents.dump();
  EXPECT_EQ(agents[0].value("name", ""), "Bodega La Esquina");
  EXPECT_EQ(agents[0].value("brand", ""), "Virgin");
  EXPECT_EQ(agents[1].value("brand", ""), "Inkacel");
  auto all = api().get(kTopupAgents);
  EXPECT_EQ(all.status, 200) << all.body;
  EXPECT_GE(std::stoi(*all.header("X-Total-Count")), 3);

  auto by_operator = api().post(
      kTopupAgents, {{"name", "X"}, {"brand", "Flash"}, {"address", "Y"}, {"district", "Z"}},
      token(kOperator));
  EXPECT_TRUE(is_error(by_operator, 403, "FORBIDDEN")) << by_operator.body;
  auto anonymous = api().post(
      kTopupAgents, {{"name", "X"}, {"brand", "Flash"}, {"address", "Y"}, {"district", "Z"}});
  EXPECT_TRUE(is_error(anonymous, 401, "UNAUTHORIZED")) << anonymous.body;
  auto nameless = api().post(
      kTopupAgents, {{"brand", "Flash"}, {"address", "Y"}, {"district", "Z"}}, token(kAdmin));
  EXPECT_TRUE(is_error(nameless, 400, "MISSING_FIELD", "name")) << nameless.body;
  // What the public list shows is printed text.
  auto blank = api().post(
      kTopupAgents, {{"name", "   "}, {"brand", "Flash"}, {"address", "Y"}, {"district", "Z"}},
      token(kAdmin));
  EXPECT_TRUE(is_error(blank, 400, "MISSING_FIELD", "name")) << blank.body;
  auto escape = api().post(
      kTopupAgents,
      {{"name", "Bodega \x1b[31mRoja"}, {"brand", "Flash"}, {"address", "Y"}, {"district", "Z"}},
      token(kAdmin));
  EXPECT_TRUE(is_error(escape, 400, "INVALID_FIELD", "name")) << escape.body;
  // Beyond ASCII: no-break spaces are still blank; a C1 control or a
  // right-to-left override would still change what the list shows.
  auto nbsp = api().post(
      kTopupAgents,
      {{"name", "Bodega"}, {"brand", "\u00A0\u00A0"}, {"address", "Y"}, {"district", "Z"}},
      token(kAdmin));
  EXPECT_TRUE(is_error(nbsp, 400, "MISSING_FIELD", "brand")) << nbsp.body;
  for (const char* name : {"Bodega \u009B31mRoja", "Bodega \u202Eajor"}) {
    auto hidden = api().post(
        kTopupAgents, {{"name", name}, {"brand", "Flash"}, {"address", "Y"}, {"district", "Z"}},
        token(kAdmin));
    EXPECT_TRUE(is_error(hidden, 400, "INVALID_FIELD", "name")) << hidden.body;
  }
  auto unknown = api().get(std::string(kTopupAgents) + "?city=Lima");
  EXPECT_TRUE(is_error(unknown, 400, "UNKNOWN_PARAMETER", "city")) << unknown.body;
}

TEST_F(Balance, TheAdminDeactivatesATopupAgent) {
  auto shop = api().post(kTopupAgents,
                         {{"name", "Bodega El Sol"},
                          {"brand", "Virgin"},
                          {"address", "Av. Brasil 410"},
                          {"district", "Pueblo Libre"}},
                         token(kSupervisor));
  ASSERT_EQ(shop.status, 201) << shop.body;
  std::string id = shop.json().value("id", ""), path = std::string(kTopupAgents) + "/" + id;
  std::string listing = std::string(kTopupAgents) + "?district=Pueblo%20Libre";
  auto listed = [&] { return api().get(listing).json().size(); };
  ASSERT_EQ(listed(), 1u);
  auto line = fresh_line();
  Json at_shop = {{"channel", {{"name", "agent"}, {"id", id}}}};

  auto by_supervisor = api().patch(path, {{"status", "inactive"}}, token(kSupervisor));
  EXPECT_TRUE(is_error(by_supervisor, 403, "FORBIDDEN")) << by_supervisor.body;
  auto anonymous = api().patch(path, {{"status", "inactive"}});
  EXPECT_TRUE(is_error(anonymous, 401, "UNAUTHORIZED")) << anonymous.body;
  auto closed = api().patch(path, {{"status", "closed"}}, token(kAdmin));
  EXPECT_TRUE(is_error(closed, 400, "INVALID_FIELD", "status")) << closed.body;
  auto renamed = api().patch(path, {{"status", "inactive"}, {"name", "X"}}, token(kAdmin));
  EXPECT_TRUE(is_error(renamed, 400, "INVALID_FIELD", "name")) << renamed.body;
  auto unknown =
      api().patch(std::string(kTopupAgents) + "/nope", {{"status", "inactive"}}, token(kAdmin));
  EXPECT_TRUE(is_error(unknown, 404, "NOT_FOUND", "id")) << unknown.body;
  EXPECT_EQ(listed(), 1u);

  auto off = api().patch(path, {{"status", "inactive"}}, token(kAdmin));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json().value("status", ""), "inactive");
  EXPECT_EQ(listed(), 0u);
  // Its href still answers, to anyone (FL-12: shops are public), as inactive.
  auto shown = api().get(shop.json().value("href", ""));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.json().value("name", ""), "Bodega El Sol");
  EXPECT_EQ(shown.json().value("status", ""), "inactive");
  auto nowhere = api().get(std::string(kTopupAgents) + "/nope");
  EXPECT_TRUE(is_error(nowhere, 404, "NOT_FOUND", "id")) << nowhere.body;
  auto refused = topup(line.product_id, "10", at_shop);
  EXPECT_TRUE(is_error(refused, 404, "NOT_FOUND", "channel.id")) << refused.body;
  EXPECT_NE(refused.body.find("no active top-up agent"), std::string::npos) << refused.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 0.00");
  auto again = api().patch(path, {{"status", "inactive"}}, token(kAdmin));
  EXPECT_TRUE(is_error(again, 409, "CONFLICT", "status")) << again.body;

  auto on = api().patch(path, {{"status", "active"}}, token(kAdmin));
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json().value("status", ""), "active");
  EXPECT_EQ(listed(), 1u);
  EXPECT_EQ(topup(line.product_id, "10", at_shop).status, 201);

  auto audit = api().get("/api/v1/audit?entityId=" + id, token(kAdmin));
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::map<std::string, Json> by_action;
  for (const auto& a : audit.json()) by_action[a.value("action", "")] = a;
  EXPECT_EQ(audit.json().size(), 3u) << audit.body;  // create, deactivate, activate
  EXPECT_EQ(by_action["topupAgent.deactivate"]["before"]["status"], "active") << audit.body;
  EXPECT_EQ(by_action["topupAgent.deactivate"]["after"]["status"], "inactive") << audit.body;
  EXPECT_EQ(by_action["topupAgent.activate"]["after"]["status"], "active") << audit.body;
}

// A suspended line (lines/, TMF637 PATCH) takes no top-up or purchase until resumed.
TEST_F(Balance, ASuspendedLineTakesNoTopupsUntilResumed) {
  auto line = fresh_line();
  topped_up(line.product_id, "20");
  std::string product = std::string(kProducts) + "/" + line.product_id;
  auto r = api().patch(product, {{"status", "suspended"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;

  auto refused = topup(line.product_id, "10");
  EXPECT_TRUE(is_error(refused, 409, "LINE_NOT_ACTIVE", "product.id")) << refused.body;
  auto by_number =
      post_raw(kTopups, topup_body("", "10", {{"msisdn", line.msisdn}}), token(kOperator));
  EXPECT_TRUE(is_error(by_number, 409, "LINE_NOT_ACTIVE", "msisdn")) << by_number.body;
  auto bought = buy(line.product_id, "plan_15");
  EXPECT_TRUE(is_error(bought, 409, "LINE_NOT_ACTIVE", "productId")) << bought.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 20.00");

  r = api().patch(product, {{"status", "active"}}, token(kAdmin));
  ASSERT_EQ(r.status, 200) << r.body;
  topped_up(line.product_id, "10");
  EXPECT_EQ(main_balance(line.product_id), "S/ 30.00");
}

TEST_F(Balance, TheIdempotencyKeyReplaysTheFirstTopup) {
  auto line = fresh_line();
  Headers key = {{"Idempotency-Key", "topup-" + line.product_id}};
  auto first = topup(line.product_id, "10", {}, kOperator, key);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = topup(line.product_id, "10", {}, kOperator, key);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().value("id", ""), first.json().value("id", ""));
  ASSERT_NE(again.header("Idempotent-Replayed"), nullptr);
  EXPECT_EQ(*again.header("Location"), *first.header("Location"));
  auto other = topup(line.product_id, "11", {}, kOperator, key);
  EXPECT_TRUE(is_error(other, 422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key")) << other.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 10.00");
  // The same route written with an extra slash is the same request, not a new top-up.
  for (std::string path :
       {std::string(kTopups) + "/", "/" + std::string(kTopups), std::string(kTopups) + "//"}) {
    auto slashed = post_raw(path, topup_body(line.product_id, "10"), token(kOperator), key);
    ASSERT_EQ(slashed.status, 201) << path << ": " << slashed.body;
    EXPECT_EQ(slashed.json().value("id", ""), first.json().value("id", "")) << path;
  }
  EXPECT_EQ(main_balance(line.product_id), "S/ 10.00");
  auto fresh = topup(line.product_id, "10", {}, kOperator, {{"Idempotency-Key", "another"}});
  EXPECT_EQ(fresh.status, 201) << fresh.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 20.00");
}

TEST_F(Balance, RolesAreChecked) {
  auto line = fresh_line();
  auto anonymous = api().send({.method = "POST",
                               .path = kTopups,
                               .body = topup_body(line.product_id, "10"),
                               .content_type = "application/json"});
  EXPECT_TRUE(is_error(anonymous, 401, "UNAUTHORIZED")) << anonymous.body;
  auto sales = post_raw(kTopups, topup_body(line.product_id, "10"), agent_token("sales"));
  EXPECT_TRUE(is_error(sales, 403, "FORBIDDEN")) << sales.body;
  auto leader = post_raw(kTopups, topup_body(line.product_id, "10"), agent_token("leader"));
  EXPECT_EQ(leader.status, 201) << leader.body;  // FL-10: leaders top up their customers
  auto read = api().get(std::string(kBuckets) + "?product.id=" + line.product_id);
  EXPECT_TRUE(is_error(read, 401, "UNAUTHORIZED")) << read.body;
  auto no_product = api().get(kBuckets, token(kOperator));
  EXPECT_TRUE(is_error(no_product, 400, "MISSING_FIELD", "product.id")) << no_product.body;
  auto unknown = api().get(std::string(kBuckets) + "?product.id=nope", token(kOperator));
  EXPECT_TRUE(is_error(unknown, 404, "NOT_FOUND", "product.id")) << unknown.body;
}

TEST_F(Balance, EveryTopupIsAnInteractionAndAnSms) {
  auto line = fresh_line();
  topped_up(line.product_id, "12.5");
  Json contacts = interactions_of(line.party_id);
  EXPECT_TRUE(any_contains(contacts, "reason", "Recarga de S/ 12.50")) << contacts.dump();
  Json sms = messages_of(line.party_id);
  bool receipt = false;
  for (const auto& m : sms) {
    std::string text = m.value("content", "");
    receipt = receipt || (text.find("recargaste S/ 12.50") != std::string::npos &&
                          text.find("Tu saldo es S/ 12.50") != std::string::npos);
  }
  EXPECT_TRUE(receipt) << sms.dump();
}

// One audit record per top-up: it names the interaction and the receipt
// made with it, which have none of their own.
TEST_F(Balance, ATopupsAuditRecordNamesItsInteractionAndReceipt) {
  auto line = fresh_line();
  std::string id = topped_up(line.product_id, "7").value("id", "");
  auto audit = api().get("/api/v1/audit?entityId=" + id, token(kAdmin));
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_EQ(audit.json().size(), 1u) << audit.body;
  Json record = audit.json()[0];
  EXPECT_EQ(record["action"], "topup.create");
  std::string interaction = record["after"].value("interactionId", "");
  std::string message = record["after"].value("messageId", "");
  auto contact = api().get(std::string(kPartyInteractions) + "/" + interaction, token(kOperator));
  ASSERT_EQ(contact.status, 200) << contact.body;
  EXPECT_EQ(contact.json()["reason"], "Recarga de S/ 7.00");
  auto sms = api().get(std::string(kMessages) + "/" + message, token(kAdmin));
  ASSERT_EQ(sms.status, 200) << sms.body;
  EXPECT_NE(sms.json().value("content", "").find("S/ 7.00"), std::string::npos) << sms.body;
  for (const auto& made_with : {interaction, message}) {
    auto own = api().get("/api/v1/audit?entityId=" + made_with, token(kAdmin));
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_TRUE(own.json().empty()) << own.body;
  }
}

// FL-11's other periods. A month counts from the schedule's first day in Lima's
// time: begun on Jan 31 it runs on Feb 28 and then on Mar 31, not on Mar 28.
TEST_F(Balance, MonthlySchedulesKeepTheirDayAndFortnightlyOnesRunEveryTwoWeeks) {
  using namespace std::chrono;
  auto today = year_month_day{floor<days>(sys_time<milliseconds>{milliseconds{server_now_ms()}})};
  // Jan 31, 10:00 in Lima, of a coming year whose February has 28 days.
  year y = today.year() + years{1};
  if (y.is_leap()) y += years{1};
  std::string jan31 = std::to_string(static_cast<int>(y)) + "-01-31T15:00:00Z";
  auto set = api().put("/api/v1/testing/clock", {{"now", jan31}});
  ASSERT_EQ(set.status, 200) << set.body;
  suite().forget_tokens();
  auto schedule = [&](const ActivatedLine& line, const char* period) {
    auto r = topup(line.product_id, "5",
                   {{"isAutoTopup", true},
                    {"recurringPeriod", period},
                    {"channel", {{"name", "account"}}},
                    {"paymentMethod", {{"id", "card-tok-4242"}}}});
    ASSERT_EQ(r.status, 201) << r.body;
  };
  auto monthly = fresh_line();
  auto fortnightly = fresh_line();
  schedule(monthly, "monthly");
  schedule(fortnightly, "fortnightly");
  constexpr std::int64_t kDay = 24 * 3600;
  advance(14 * kDay);
  EXPECT_EQ(main_balance(fortnightly.product_id), "S/ 10.00");
  EXPECT_EQ(main_balance(monthly.product_id), "S/ 5.00");
  advance(14 * kDay - 60);  // Feb 28 09:59 in Lima
  EXPECT_EQ(main_balance(monthly.product_id), "S/ 5.00");
  advance(60);
  EXPECT_EQ(main_balance(monthly.product_id), "S/ 10.00");
  EXPECT_EQ(main_balance(fortnightly.product_id), "S/ 15.00");
  advance(28 * kDay);  // Mar 28: not yet
  EXPECT_EQ(main_balance(monthly.product_id), "S/ 10.00");
  advance(3 * kDay);  // Mar 31
  EXPECT_EQ(main_balance(monthly.product_id), "S/ 15.00");
}

TEST_F(Balance, ScheduledTopupsRunEachPeriodOnTheClock) {
  auto line = fresh_line();
  auto bad_period =
      topup(line.product_id, "5", {{"isAutoTopup", true}, {"recurringPeriod", "daily"}});
  EXPECT_TRUE(is_error(bad_period, 400, "INVALID_FIELD", "recurringPeriod")) << bad_period.body;
  auto no_period = topup(line.product_id, "5", {{"isAutoTopup", true}});
  EXPECT_TRUE(is_error(no_period, 400, "MISSING_FIELD", "recurringPeriod")) << no_period.body;
  auto period_only = topup(line.product_id, "5", {{"recurringPeriod", "weekly"}});
  EXPECT_TRUE(is_error(period_only, 400, "INVALID_FIELD", "recurringPeriod")) << period_only.body;
  auto cash = post_raw(
      kTopups,
      topup_body(
          line.product_id, "5",
          {{"isAutoTopup", true}, {"recurringPeriod", "weekly"}, {"channel", {{"name", "ussd"}}}}),
      token(kOperator));
  EXPECT_TRUE(is_error(cash, 400, "INVALID_FIELD", "isAutoTopup")) << cash.body;

  auto r = topup(line.product_id, "5",
                 {{"isAutoTopup", true},
                  {"recurringPeriod", "weekly"},
                  {"channel", {{"name", "account"}}},
                  {"paymentMethod", {{"id", "card-tok-4242"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  Json t = r.json();
  EXPECT_TRUE(t.value("isAutoTopup", false));
  EXPECT_EQ(t.value("recurringPeriod", ""), "weekly");
  ASSERT_TRUE(t.contains("autoTopup")) << t.dump();
  std::string schedule = t["autoTopup"].value("id", "");
  EXPECT_EQ(t["autoTopup"].value("status", ""), "active");
  // The first period is this top-up, and the top-up says so when read again.
  EXPECT_EQ(t["autoTopup"]["lastRun"].value("status", ""), "completed") << t.dump();
  EXPECT_EQ(t["autoTopup"]["lastRun"]["topup"].value("id", ""), t.value("id", "x"));
  auto read = api().get(*r.header("Location"), token(kOperator));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_TRUE(read.json().value("isAutoTopup", false)) << read.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");

  advance(6 * 24 * 3600);
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  advance(24 * 3600);  // a week after: the job runs before the clock answers
  EXPECT_EQ(main_balance(line.product_id), "S/ 10.00");
  advance(60);  // the same period does not run twice
  EXPECT_EQ(main_balance(line.product_id), "S/ 10.00");
  advance(7 * 24 * 3600);
  EXPECT_EQ(main_balance(line.product_id), "S/ 15.00");
  Json contacts = interactions_of(line.party_id);
  EXPECT_TRUE(any_contains(contacts, "reason", "Recarga programada de S/ 5.00")) << contacts.dump();

  auto list =
      api().get(std::string(kAutoTopups) + "?productId=" + line.product_id, token(kOperator));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().size(), 1u);
  EXPECT_EQ(list.json()[0].value("id", ""), schedule);
  EXPECT_EQ(list.json()[0]["paymentMethod"].value("id", ""), "card-tok-4242");
  auto cancelled = api().send({.method = "POST",
                               .path = std::string(kAutoTopups) + "/" + schedule + "/cancel",
                               .token = token(kOperator)});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json().value("status", ""), "cancelled");
  auto twice = api().send({.method = "POST",
                           .path = std::string(kAutoTopups) + "/" + schedule + "/cancel",
                           .token = token(kOperator)});
  EXPECT_TRUE(is_error(twice, 409, "CONFLICT", "status")) << twice.body;
  // The customer's history says it was stopped, by the call center, once.
  Json stops = Json::array();
  for (const auto& i : interactions_of(line.party_id)) {
    if (i.value("description", "").starts_with("Se detuvo la recarga automática de S/ 5.00")) {
      stops.push_back(i);
    }
  }
  ASSERT_EQ(stops.size(), 1u) << interactions_of(line.party_id).dump();
  EXPECT_EQ(stops[0]["channel"][0].value("name", ""), "phone") << stops[0].dump();
  advance(7 * 24 * 3600);
  EXPECT_EQ(main_balance(line.product_id), "S/ 15.00");
  auto list_topups =
      api().get(std::string(kTopups) + "?product.id=" + line.product_id, token(kOperator));
  EXPECT_EQ(*list_topups.header("X-Total-Count"), "3");
}

// API.md leaves paymentMethod optional: a schedule without a card is made (its
// first top-up is the request's own), but no later period credits the line
// with nothing charged; each says why it was skipped.
TEST_F(Balance, ScheduledTopupsWithoutACardChargeNothingAndCreditNothing) {
  auto line = fresh_line();
  auto r = topup(
      line.product_id, "5",
      {{"isAutoTopup", true}, {"recurringPeriod", "weekly"}, {"channel", {{"name", "account"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string href = std::string(kAutoTopups) + "/" + r.json()["autoTopup"].value("id", "");
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  advance(7 * 24 * 3600);
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  auto a = api().get(href, token(kOperator));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json()["lastRun"].value("status", ""), "skipped") << a.body;
  EXPECT_EQ(a.json()["lastRun"].value("reason", ""), "no card on file: nothing was charged");
}

// FL-11: every period after the first charges the card on file through the
// payment provider (simulated: API.md has no rule, README.md gives it) and
// credits the line only when the provider approves. A declined card leaves the
// balance as it was, tells the customer by SMS and shows on the schedule; a
// provider that does not answer is asked again, under the same charge, on the
// next run, and the line is credited once.
TEST_F(Balance, ScheduledTopupsCreditOnlyWhatTheCardProviderApproved) {
  auto schedule = [&](const ActivatedLine& line, const std::string& card) {
    auto r = topup(line.product_id, "5",
                   {{"isAutoTopup", true},
                    {"recurringPeriod", "weekly"},
                    {"channel", {{"name", "account"}}},
                    {"paymentMethod", {{"id", card}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(kAutoTopups) + "/" + r.json()["autoTopup"].value("id", "");
  };
  auto last_run = [&](const std::string& href) {
    auto r = api().get(href, token(kOperator));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().value("lastRun", Json::object());
  };
  auto declined = fresh_line();
  auto flaky = fresh_line();
  auto fine = fresh_line();
  std::string declined_href = schedule(declined, "card-tok-declined-0002");
  std::string flaky_href = schedule(flaky, "card-tok-flaky-0003");
  std::string fine_href = schedule(fine, "card-tok-4242");
  EXPECT_EQ(last_run(declined_href).value("status", ""), "completed");  // the first top-up

  advance(7 * 24 * 3600);
  EXPECT_EQ(main_balance(fine.product_id), "S/ 10.00");
  EXPECT_EQ(main_balance(declined.product_id), "S/ 5.00");
  EXPECT_EQ(main_balance(flaky.product_id), "S/ 5.00");
  Json run = last_run(declined_href);
  EXPECT_EQ(run.value("status", ""), "declined") << run.dump();
  EXPECT_EQ(run.value("reason", ""), "the card was declined");
  EXPECT_FALSE(run.contains("topup"));
  EXPECT_TRUE(any_contains(messages_of(declined.party_id), "content",
                           "no pudimos cobrar a tu tarjeta la recarga programada de S/ 5.00"));
  EXPECT_TRUE(any_contains(interactions_of(declined.party_id), "description",
                           "La tarjeta registrada fue rechazada"));
  run = last_run(flaky_href);
  EXPECT_EQ(run.value("status", ""), "charging") << run.dump();
  EXPECT_EQ(run.value("attempts", 0), 1);

  advance(60);  // the next run asks the provider again
  EXPECT_EQ(main_balance(flaky.product_id), "S/ 10.00");
  run = last_run(flaky_href);
  EXPECT_EQ(run.value("status", ""), "completed") << run.dump();
  EXPECT_EQ(run.value("attempts", 0), 2);
  std::string ref = run.value("paymentRef", "");
  EXPECT_EQ(ref.rfind("sim-", 0), 0u) << run.dump();
  auto made = api().get(run["topup"].value("href", ""), token(kOperator));
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.json()["paymentMethod"].value("id", ""), ref);  // the provider's reference
  EXPECT_EQ(last_run(fine_href).value("status", ""), "completed");

  advance(60);  // answered periods are not charged again
  EXPECT_EQ(main_balance(flaky.product_id), "S/ 10.00");
  EXPECT_EQ(main_balance(fine.product_id), "S/ 10.00");
  std::string week1 = last_run(declined_href).value("periodStart", "");
  advance(7 * 24 * 3600);  // a declined card is tried again the next period
  EXPECT_EQ(main_balance(declined.product_id), "S/ 5.00");
  EXPECT_EQ(main_balance(fine.product_id), "S/ 15.00");
  run = last_run(declined_href);
  EXPECT_EQ(run.value("status", ""), "declined");
  EXPECT_NE(run.value("periodStart", ""), week1);
  int told = 0;
  for (const auto& m : messages_of(declined.party_id)) {
    if (m.value("content", "").find("no pudimos cobrar") != std::string::npos) ++told;
  }
  EXPECT_EQ(told, 2);
}

// A charge the provider did not answer, whose schedule is cancelled before
// the next run, is not made afterwards: the next run only asks what became of
// it, and the period ends uncharged.
TEST_F(Balance, AScheduleCancelledWhileItsChargeWaitsIsNotChargedLater) {
  auto line = fresh_line();
  auto r = topup(line.product_id, "5",
                 {{"isAutoTopup", true},
                  {"recurringPeriod", "weekly"},
                  {"channel", {{"name", "account"}}},
                  {"paymentMethod", {{"id", "card-tok-flaky-0004"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string href = std::string(kAutoTopups) + "/" + r.json()["autoTopup"].value("id", "");
  advance(7 * 24 * 3600);
  auto got = api().get(href, token(kOperator));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["lastRun"].value("status", ""), "charging") << got.body;
  auto cancelled =
      api().send({.method = "POST", .path = href + "/cancel", .token = token(kOperator)});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["lastRun"].value("status", ""), "charging");
  advance(60);  // a charge of this flaky card would now be approved
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  got = api().get(href, token(kOperator));
  EXPECT_EQ(got.json()["lastRun"].value("status", ""), "skipped") << got.body;
  EXPECT_EQ(got.json()["lastRun"].value("attempts", 0), 2);
}

}  // namespace
}  // namespace abonado::apitest

// The *555# USSD menu (FL-14, FL-15) through the gateway convention:
// form-encoded or JSON steps, CON/END replies, the balance, buying a plan or
// package (list, choose, confirm, then an SMS), customer service hours, and
// a polite END for numbers that are not ours and choices that make no sense.
// The gateway authenticates with its shared key.

#include "balance_fixture.hpp"

namespace abonado::apitest {
namespace {

class Ussd : public BalanceApiTest {
 protected:
  // The gateway's current key per server, made on first use by the admin.
  static std::map<std::uint16_t, std::string>& keys() {
    static std::map<std::uint16_t, std::string> by_port;
    return by_port;
  }
  static const std::string& gateway_key() {
    auto it = keys().find(port());
    if (it != keys().end()) return it->second;
    auto r = new_key();
    EXPECT_EQ(r.status, 201) << r.body;
    return keys()[port()] = r.json().value("key", "");
  }
  static HttpResponse new_key(const std::string& who = kAdmin) {
    return api().send({.method = "POST", .path = "/api/v1/ussd/gatewayKey", .token = token(who)});
  }

  static std::string form_encode(const std::string& s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
      }
    }
    return out;
  }

  // One step of a session, as Africa's Talking sends it.
  static HttpResponse step(const std::string& phone, const std::string& text,
                           const std::string& service_code = "*555#",
                           const std::string& key = gateway_key()) {
    std::string body =
        "sessionId=ATUid_" + form_encode(phone) + "&serviceCode=" + form_encode(service_code) +
        "&phoneNumber=" + form_encode(phone) + "&networkCode=71610" + "&text=" + form_encode(text);
    Headers headers;
    if (!key.empty()) headers.emplace_back("X-Ussd-Gateway-Key", key);
    return api().send({.method = "POST",
                       .path = kUssd,
                       .body = body,
                       .content_type = "application/x-www-form-urlencoded",
                       .headers = headers});
  }

  // The reply text of a step that must answer 200 text/plain.
  static std::string reply(const std::string& phone, const std::string& text,
                           const std::string& service_code = "*555#") {
    auto r = step(phone, text, service_code);
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string* type = r.header("Content-Type");
    EXPECT_TRUE(type && type->starts_with("text/plain")) << (type ? *type : "none");
    return r.body;
  }
};

TEST_F(Ussd, TheGatewayNeedsItsKey) {
  auto line = fresh_line();
  auto none = step(line.msisdn, "", "*555#", "");
  EXPECT_TRUE(is_error(none, 401, "UNAUTHORIZED")) << none.body;
  auto wrong = step(line.msisdn, "", "*555#", "not-the-key");
  EXPECT_TRUE(is_error(wrong, 401, "UNAUTHORIZED")) << wrong.body;
  auto by_operator = new_key(kOperator);
  EXPECT_TRUE(is_error(by_operator, 403, "FORBIDDEN")) << by_operator.body;
  EXPECT_TRUE(reply(line.msisdn, "").starts_with("CON "));
}

TEST_F(Ussd, ANewKeyReplacesTheOld) {
  auto line = fresh_line();
  std::string old_key = gateway_key();
  EXPECT_EQ(step(line.msisdn, "", "*555#", old_key).status, 200);
  auto second = new_key();
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json().value("header", ""), "X-Ussd-Gateway-Key");
  std::string fresh = keys()[port()] = second.json().value("key", "");
  EXPECT_NE(fresh, old_key);
  EXPECT_EQ(fresh.size(), 43u);  // 32 random bytes, base64url
  EXPECT_TRUE(is_error(step(line.msisdn, "", "*555#", old_key), 401, "UNAUTHORIZED"));
  EXPECT_EQ(step(line.msisdn, "", "*555#", fresh).status, 200);
}

TEST_F(Ussd, TheMainMenuAndTheBalance) {
  auto line = fresh_line();
  std::string menu = reply(line.msisdn, "");
  EXPECT_TRUE(menu.starts_with("CON ")) << menu;
  for (const char* option :
       {"1. Consultar saldo", "2. Comprar plan", "3. Comprar paquete", "4. Atención al cliente"}) {
    EXPECT_NE(menu.find(option), std::string::npos) << menu;
  }
  EXPECT_EQ(reply(line.msisdn, "1"), "END Tu saldo es S/ 0.00.");
  topped_up(line.product_id, "12.5");
  EXPECT_EQ(reply(line.msisdn, "1"), "END Tu saldo es S/ 12.50.");
  // Any written form of the number is the same subscriber.
  EXPECT_EQ(reply(line.msisdn.substr(3), "1"), "END Tu saldo es S/ 12.50.");
}

TEST_F(Ussd, APackageIsChosenConfirmedAndConfirmedBySms) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  std::string list = reply(line.msisdn, "3");
  EXPECT_TRUE(list.starts_with("CON Elige tu paquete:")) << list;
  EXPECT_NE(list.find("1. Megas 1 día S/ 1.00"), std::string::npos) << list;
  EXPECT_NE(list.find("2. Combo 7 días S/ 5.00"), std::string::npos) << list;
  std::string confirm = reply(line.msisdn, "3*2");
  EXPECT_TRUE(confirm.starts_with("CON Combo 7 días: 2048 MB, 60 min, 30 SMS por 7 días"))
      << confirm;
  EXPECT_NE(confirm.find("1. Confirmar\n2. Cancelar"), std::string::npos) << confirm;
  std::string done = reply(line.msisdn, "3*2*1");
  EXPECT_TRUE(done.starts_with("END Compraste Combo 7 días por S/ 5.00")) << done;
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  EXPECT_EQ(buckets(line.product_id).size(), 4u);
  std::string balance = reply(line.msisdn, "1");
  EXPECT_TRUE(balance.starts_with("END Tu saldo es S/ 5.00.\nDatos: 2048 MB hasta el ")) << balance;
  EXPECT_NE(balance.find("SMS: 30 SMS"), std::string::npos) << balance;
  EXPECT_TRUE(any_contains(messages_of(line.party_id), "content", "compraste Combo 7 días"));
  Json contacts = interactions_of(line.party_id);
  bool by_ussd = false;
  for (const auto& c : contacts) {
    by_ussd = by_ussd || (c.value("reason", "") == "Compra de Combo 7 días" &&
                          c["channel"][0].value("name", "") == "ussd");
  }
  EXPECT_TRUE(by_ussd) << contacts.dump();
}

// A line with a long history of spent packages still sees what it bought last.
TEST_F(Ussd, TheBalanceShowsWhatIsLeftWhateverTheHistory) {
  auto line = fresh_line();
  topped_up(line.product_id, "60");
  for (int i = 0; i < 52; ++i) ASSERT_EQ(buy(line.product_id, "megas_1_dia").status, 201) << i;
  advance(24 * 3600 + 60);  // all of them have expired
  ASSERT_EQ(buy(line.product_id, "combo_7_dias").status, 201);
  std::string balance = reply(line.msisdn, "1");
  EXPECT_TRUE(balance.starts_with("END Tu saldo es S/ 3.00.\nDatos: 2048 MB hasta el ")) << balance;
  EXPECT_NE(balance.find("Minutos: 60 min"), std::string::npos) << balance;
  EXPECT_EQ(balance.find("500 MB"), std::string::npos) << balance;
  // The console reads the same through the API: ?status=active.
  std::string list = std::string(kBuckets) + "?product.id=" + line.product_id;
  auto live = api().get(list + "&status=active", token(kOperator));
  ASSERT_EQ(live.status, 200) << live.body;
  ASSERT_EQ(live.json().size(), 4u) << live.body;  // the balance, data, minutes, SMS
  EXPECT_EQ(live.json()[0]["usageType"], "monetary");
  EXPECT_EQ(*live.header("X-Total-Count"), "4");
  EXPECT_EQ(*api().get(list, token(kOperator)).header("X-Total-Count"), "56");
  EXPECT_TRUE(is_error(api().get(list + "&status=expired", token(kOperator)), 400,
                       "INVALID_PARAMETER", "status"));
}

TEST_F(Ussd, AGatewayThatSendsTheLastStepAgainBuysOnce) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  std::string first = reply(line.msisdn, "3*1*1");
  EXPECT_TRUE(first.starts_with("END Compraste Megas 1 día por S/ 1.00")) << first;
  EXPECT_EQ(reply(line.msisdn, "3*1*1"), first);  // the same session and step again
  EXPECT_EQ(main_balance(line.product_id), "S/ 9.00");
  EXPECT_EQ(buckets(line.product_id).size(), 2u);
  // The same session id for another package: what the answer says was bought, was bought.
  std::string second = reply(line.msisdn, "3*2*1");
  EXPECT_TRUE(second.starts_with("END Compraste Combo 7 días por S/ 5.00")) << second;
  EXPECT_EQ(main_balance(line.product_id), "S/ 4.00");
}

TEST_F(Ussd, ASessionIdReusedForAnotherSubscriberStillBuysForThem) {
  auto first = fresh_line();
  auto second = fresh_line();
  topped_up(first.product_id, "10");
  topped_up(second.product_id, "10");
  auto buy = [&](const std::string& phone) {
    std::string body =
        "sessionId=shared-7&serviceCode=*555%23&phoneNumber=" + form_encode(phone) + "&text=3*1*1";
    return api().send({.method = "POST",
                       .path = kUssd,
                       .body = body,
                       .content_type = "application/x-www-form-urlencoded",
                       .headers = {{"X-Ussd-Gateway-Key", gateway_key()}}});
  };
  EXPECT_TRUE(buy(first.msisdn).body.starts_with("END Compraste Megas 1 día")) << "first";
  EXPECT_TRUE(buy(second.msisdn).body.starts_with("END Compraste Megas 1 día")) << "second";
  EXPECT_EQ(main_balance(first.product_id), "S/ 9.00");
  EXPECT_EQ(main_balance(second.product_id), "S/ 9.00");
}

TEST_F(Ussd, APlanWithoutEnoughBalanceOrCancelledChangesNothing) {
  auto line = fresh_line();
  topped_up(line.product_id, "9");
  std::string plans = reply(line.msisdn, "2");
  EXPECT_NE(plans.find("1. Plan Flash 15 S/ 15.00"), std::string::npos) << plans;
  // On-net minutes carry the operator's brand from the policy pack.
  std::string plan = reply(line.msisdn, "2*1");
  EXPECT_TRUE(plan.starts_with(
      "CON Plan Flash 15: 6144 MB, 300 min, 1000 min a Flash Mobile, 100 SMS por 30 días."))
      << plan;
  EXPECT_EQ(reply(line.msisdn, "2*1*2"), "END Compra cancelada.");
  std::string refused = reply(line.msisdn, "2*1*1");
  EXPECT_TRUE(refused.starts_with("END No tienes saldo suficiente")) << refused;
  EXPECT_EQ(main_balance(line.product_id), "S/ 9.00");
  EXPECT_EQ(buckets(line.product_id).size(), 1u);
}

TEST_F(Ussd, NonsenseEndsPolitely) {
  auto line = fresh_line();
  for (const char* text :
       {"9", "0", "1*1", "2*99", "2*0", "2*x", "3*1*3", "3*1*1*1", "**", "4*1", "2*01"}) {
    std::string r = reply(line.msisdn, text);
    EXPECT_TRUE(r.starts_with("END Opción no válida.")) << text << ": " << r;
  }
  EXPECT_EQ(reply(line.msisdn, "9"), "END Opción no válida. Marca *555# para empezar de nuevo.");
  EXPECT_TRUE(reply(line.msisdn, "", "*123#").starts_with("END Código no reconocido")) << "code";
  for (const char* stranger : {"+51987000555", "987000555", "not a number", "+14155550100"}) {
    std::string r = reply(stranger, "1");
    EXPECT_EQ(r, "END Lo sentimos, este servicio es solo para líneas activas de Flash Mobile.")
        << stranger;
  }
  // What the gateway itself gets wrong still ends the session, never an error page.
  Headers key = {{"X-Ussd-Gateway-Key", gateway_key()}};
  auto broken = api().send({.method = "POST",
                            .path = kUssd,
                            .body = "sessionId=1&phoneNumber=%zz",
                            .content_type = "application/x-www-form-urlencoded",
                            .headers = key});
  EXPECT_EQ(broken.status, 200);
  EXPECT_TRUE(broken.body.starts_with("END ")) << broken.body;
  auto no_session = api().send({.method = "POST",
                                .path = kUssd,
                                .body = "phoneNumber=" + form_encode(line.msisdn),
                                .content_type = "application/x-www-form-urlencoded",
                                .headers = key});
  EXPECT_EQ(no_session.status, 200);
  EXPECT_TRUE(no_session.body.starts_with("END ")) << no_session.body;
  auto not_json = api().send({.method = "POST",
                              .path = kUssd,
                              .body = "{\"sessionId\": 5",
                              .content_type = "application/json",
                              .headers = key});
  EXPECT_EQ(not_json.status, 200);
  EXPECT_TRUE(not_json.body.starts_with("END ")) << not_json.body;
  EXPECT_EQ(main_balance(line.product_id), "S/ 0.00");
}

TEST_F(Ussd, JsonStepsWorkToo) {
  auto line = fresh_line();
  auto r = api().send({.method = "POST",
                       .path = kUssd,
                       .json = Json{{"sessionId", "s-1"},
                                    {"serviceCode", "*555#"},
                                    {"phoneNumber", line.msisdn},
                                    {"text", "1"}},
                       .headers = {{"X-Ussd-Gateway-Key", gateway_key()}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "END Tu saldo es S/ 0.00.");
}

TEST_F(Ussd, CustomerServiceChannelsAndHours) {
  auto line = fresh_line();
  std::string r = reply(line.msisdn, "4");
  EXPECT_TRUE(r.starts_with("END Atención al cliente todos los días de 07:00 a 21:00.")) << r;
  EXPECT_NE(r.find("*555, 080078555, 13913616"), std::string::npos) << r;
  EXPECT_NE(r.find("chat de la web"), std::string::npos) << r;
  EXPECT_TRUE(r.find("Ahora estamos atendiendo.") != std::string::npos ||
              r.find("Ahora estamos cerrados.") != std::string::npos)
      << r;
  // 12:00 in Lima (UTC-5) is within the hours; 23:00 is not.
  auto noon = api().put("/api/v1/testing/clock", {{"now", "2030-03-04T17:00:00Z"}});
  ASSERT_EQ(noon.status, 200) << noon.body;
  suite().forget_tokens();
  EXPECT_NE(reply(line.msisdn, "4").find("Ahora estamos atendiendo."), std::string::npos);
  auto night = api().put("/api/v1/testing/clock", {{"now", "2030-03-05T04:00:00Z"}});
  ASSERT_EQ(night.status, 200) << night.body;
  suite().forget_tokens();
  EXPECT_NE(reply(line.msisdn, "4").find("Ahora estamos cerrados."), std::string::npos);
}

}  // namespace
}  // namespace abonado::apitest

// FL-13 through TMF635 Usage: what the network reports a line used is covered by
// the line's allowances (those that expire first first; on-net minutes for on-net
// calls), and the rest is charged from the balance at the standard tariff of the
// pack (S/ 0.29 a minute, S/ 0.10 an SMS, S/ 0.05 a MB). A balance that does not
// cover it refuses the usage with nothing changed. On SQLite and PostgreSQL.

#include <thread>

#include "balance_fixture.hpp"

namespace abonado::apitest {
namespace {

inline constexpr const char* kUsage = "/tmf-api/usageManagement/v4/usage";

class Usage : public BalanceApiTest {
 protected:
  static Json record(const std::string& product_id, const std::string& type, Json amount,
                     const std::string& units, Json extra = Json::object()) {
    Json body = {{"product", {{"id", product_id}}},
                 {"usageType", type},
                 {"quantity", {{"amount", std::move(amount)}, {"units", units}}}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    return body;
  }
  static HttpResponse use(const Json& body, const std::string& who = kAdmin, Headers headers = {}) {
    return api().post(kUsage, body, token(who), std::move(headers));
  }
  // Reports usage and expects it rated.
  static Json used(const std::string& product_id, const std::string& type, std::int64_t amount,
                   const std::string& units, Json extra = Json::object()) {
    auto r = use(record(product_id, type, amount, units, std::move(extra)));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  // The remaining amount of the line's allowance bucket of `type` (and scope).
  static std::int64_t allowance(const std::string& product_id, const std::string& type,
                                bool on_net = false) {
    for (const auto& b : buckets(product_id)) {
      if (b.value("usageType", "") != type) continue;
      bool scoped = b.contains("scope") && b["scope"].is_string();
      if (scoped != on_net) continue;
      return b["remainingValue"]["amount"].get<std::int64_t>();
    }
    return -1;
  }
};

TEST_F(Usage, WithoutAPlanUsageIsChargedAtTheStandardTariff) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  Json call = used(line.product_id, "voice", 3, "minutes");
  EXPECT_EQ(call["status"], "rated");
  EXPECT_EQ(call["onNet"], false);
  EXPECT_EQ(call["charged"], (Json{{"unit", "PEN"}, {"value", 0.87}}));
  ASSERT_EQ(call["ratedProductUsage"].size(), 1u) << call.dump();
  EXPECT_EQ(call["ratedProductUsage"][0]["usageRatingTag"], "standardTariff");
  EXPECT_EQ(call["ratedProductUsage"][0]["quantity"]["amount"], 3);
  EXPECT_EQ(main_balance(line.product_id), "S/ 9.13");
  used(line.product_id, "sms", 2, "SMS");
  EXPECT_EQ(main_balance(line.product_id), "S/ 8.93");
  used(line.product_id, "data", 15, "MB");
  EXPECT_EQ(main_balance(line.product_id), "S/ 8.18");
  // The line's usage detail, latest first.
  auto list = api().get(std::string(kUsage) + "?product.id=" + line.product_id, token(kOperator));
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().size(), 3u);
  EXPECT_EQ(*list.header("X-Total-Count"), "3");
  auto one = api().get(std::string(kUsage) + "/" + call["id"].get<std::string>(), token(kOperator));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json(), call);
}

TEST_F(Usage, AllowancesComeFirstAndTheBalancePaysTheRest) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  ASSERT_EQ(buy(line.product_id, "combo_7_dias").status, 201);  // 60 min, 30 SMS, 2048 MB
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  Json call = used(line.product_id, "voice", 50, "minutes");
  EXPECT_EQ(call["charged"]["value"], 0);
  EXPECT_EQ(call["ratedProductUsage"][0]["usageRatingTag"], "included");
  EXPECT_EQ(allowance(line.product_id, "voice"), 10);
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  // 12 minutes: the last 10 of the package, then 2 at S/ 0.29.
  call = used(line.product_id, "voice", 12, "minutes");
  ASSERT_EQ(call["ratedProductUsage"].size(), 2u) << call.dump();
  EXPECT_EQ(call["ratedProductUsage"][0]["quantity"]["amount"], 10);
  EXPECT_EQ(call["ratedProductUsage"][1]["quantity"]["amount"], 2);
  EXPECT_EQ(call["ratedProductUsage"][1]["taxIncludedRatingAmount"]["value"], 0.58);
  EXPECT_EQ(allowance(line.product_id, "voice"), 0);
  EXPECT_EQ(main_balance(line.product_id), "S/ 4.42");
}

TEST_F(Usage, OnNetMinutesServeOnNetCallsOnly) {
  auto line = fresh_line();
  topped_up(line.product_id, "20");
  ASSERT_EQ(buy(line.product_id, "plan_15").status, 201);  // 300 min, 1000 on-net min
  used(line.product_id, "voice", 10, "minutes", {{"onNet", true}});
  EXPECT_EQ(allowance(line.product_id, "voice", true), 990);
  EXPECT_EQ(allowance(line.product_id, "voice"), 300);
  used(line.product_id, "voice", 7, "minutes");
  EXPECT_EQ(allowance(line.product_id, "voice", true), 990);
  EXPECT_EQ(allowance(line.product_id, "voice"), 293);
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
}

TEST_F(Usage, AnExpiredPackageCoversNothing) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  ASSERT_EQ(buy(line.product_id, "megas_1_dia").status, 201);  // 500 MB for a day
  advance(24 * 3600 + 60);
  Json data = used(line.product_id, "data", 20, "MB");
  EXPECT_EQ(data["ratedProductUsage"][0]["usageRatingTag"], "standardTariff");
  EXPECT_EQ(main_balance(line.product_id), "S/ 8.00");  // 9.00 - 20 x 0.05
  EXPECT_EQ(allowance(line.product_id, "data"), 500);
}

// A prepaid line is not let into debt: the usage is refused, and the allowance it
// would have used up first is still there.
TEST_F(Usage, WithoutEnoughBalanceNothingChanges) {
  auto line = fresh_line();
  topped_up(line.product_id, "6");
  ASSERT_EQ(buy(line.product_id, "megas_1_dia").status, 201);  // 500 MB; S/ 5.00 left
  auto r = use(record(line.product_id, "data", 700, "MB"));    // 200 MB x 0.05 = S/ 10.00
  EXPECT_TRUE(is_error(r, 409, "INSUFFICIENT_BALANCE", "quantity")) << r.body;
  EXPECT_EQ(allowance(line.product_id, "data"), 500);
  EXPECT_EQ(main_balance(line.product_id), "S/ 5.00");
  auto list = api().get(std::string(kUsage) + "?product.id=" + line.product_id, token(kOperator));
  EXPECT_TRUE(list.json().empty()) << list.body;
  auto fresh = fresh_line();  // no balance at all
  EXPECT_TRUE(is_error(use(record(fresh.product_id, "sms", 1, "SMS")), 409, "INSUFFICIENT_BALANCE",
                       "quantity"));
}

// Records of one line rated at the same moment take turns: whichever goes first, the
// package's 60 minutes are used once and the other 20 minutes are charged (S/ 5.80).
TEST_F(Usage, RecordsOfOneLineAtOnceShareItsAllowanceRight) {
  for (int round = 0; round < 4; ++round) {
    auto line = fresh_line();
    topped_up(line.product_id, "15");
    ASSERT_EQ(buy(line.product_id, "combo_7_dias").status, 201);  // 60 min; S/ 10.00 left
    Json body = record(line.product_id, "voice", 40, "minutes");
    std::string admin = token(kAdmin);
    HttpResponse first, second;
    std::thread a([&] { first = HttpClient(port()).post(kUsage, body, admin); });
    std::thread b([&] { second = HttpClient(port()).post(kUsage, body, admin); });
    a.join();
    b.join();
    EXPECT_EQ(first.status, 201) << first.body;
    EXPECT_EQ(second.status, 201) << second.body;
    EXPECT_EQ(allowance(line.product_id, "voice"), 0);
    EXPECT_EQ(main_balance(line.product_id), "S/ 4.20");
  }
}

// The network may name the line by its number; a record older than the line (its
// number's former holder) is not the line's to pay.
TEST_F(Usage, ByNumberAndNotBeforeTheLineExisted) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  Json body = {{"msisdn", line.msisdn.substr(3)},
               {"usageType", "sms"},
               {"quantity", {{"amount", 1}, {"units", "SMS"}}}};
  auto r = use(body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["product"]["id"], line.product_id);
  EXPECT_EQ(main_balance(line.product_id), "S/ 9.90");
  body["usageDate"] = "2020-01-01T00:00:00Z";
  EXPECT_TRUE(is_error(use(body), 400, "INVALID_DATE", "usageDate"));
  EXPECT_EQ(main_balance(line.product_id), "S/ 9.90");
}

TEST_F(Usage, ARetryWithItsKeyIsChargedOnce) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  Json body = record(line.product_id, "voice", 1, "minutes");
  auto first = use(body, kAdmin, {{"Idempotency-Key", "cdr-" + line.product_id}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = use(body, kAdmin, {{"Idempotency-Key", "cdr-" + line.product_id}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(main_balance(line.product_id), "S/ 9.71");
}

TEST_F(Usage, BadRecordsArePreciseAndChangeNothing) {
  auto line = fresh_line();
  topped_up(line.product_id, "10");
  auto bad = [&](const Json& body, int status, const char* code, const char* field) {
    auto r = use(body);
    EXPECT_TRUE(is_error(r, status, code, field)) << body.dump() << " -> " << r.body;
  };
  const std::string& id = line.product_id;
  bad(record(id, "fax", 1, "pages"), 400, "INVALID_FIELD", "usageType");
  bad(record(id, "voice", 1, "seconds"), 400, "INVALID_FIELD", "quantity.units");
  bad(record(id, "voice", 0, "minutes"), 400, "INVALID_FIELD", "quantity.amount");
  bad(record(id, "voice", -3, "minutes"), 400, "INVALID_FIELD", "quantity.amount");
  bad(record(id, "voice", 1.5, "minutes"), 400, "INVALID_FIELD", "quantity.amount");
  bad(record(id, "voice", "3", "minutes"), 400, "INVALID_FIELD", "quantity.amount");
  bad(record(id, "sms", 1, "SMS", {{"onNet", true}}), 400, "INVALID_FIELD", "onNet");
  bad(record(id, "voice", 1, "minutes", {{"onNet", "yes"}}), 400, "INVALID_FIELD", "onNet");
  bad(record(id, "voice", 1, "minutes", {{"usageDate", "2999-01-01T00:00:00Z"}}), 400,
      "INVALID_DATE", "usageDate");
  bad(record(id, "voice", 1, "minutes", {{"usageDate", "yesterday"}}), 400, "INVALID_DATE",
      "usageDate");
  bad(record("no-such-line", "voice", 1, "minutes"), 404, "NOT_FOUND", "product.id");
  bad({{"usageType", "voice"}, {"quantity", {{"amount", 1}, {"units", "minutes"}}}}, 400,
      "MISSING_FIELD", "product.id");
  EXPECT_TRUE(is_error(use(record(id, "voice", 1, "minutes"), kOperator), 403, "FORBIDDEN"));
  auto suspended = api().patch("/tmf-api/productInventory/v4/product/" + id,
                               {{"status", "suspended"}}, token(kAdmin));
  ASSERT_EQ(suspended.status, 200) << suspended.body;
  bad(record(id, "voice", 1, "minutes"), 409, "LINE_NOT_ACTIVE", "product.id");
  EXPECT_EQ(main_balance(id), "S/ 10.00");
}

}  // namespace
}  // namespace abonado::apitest

// The catalog (TMF620): Flash's plans and packages from its policy pack, each
// with its price (TMF Money), validity and allowances, and the standard
// tariff that applies without them (FL-13). Public, like the operator's web.

#include "balance_fixture.hpp"

namespace abonado::apitest {
namespace {

class Catalog : public BalanceApiTest {};

TEST_F(Catalog, ListsPlansPackagesAndTheStandardTariff) {
  auto r = api().get(std::string(kOfferings) + "?limit=100");  // no session: public
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(*r.header("X-Total-Count"), "8");
  Json all = r.json();
  ASSERT_EQ(all.size(), 8u);
  Json plan = all[0];
  EXPECT_EQ(plan.value("id", ""), "plan_15");
  EXPECT_EQ(plan.value("@type", ""), "ProductOffering");
  EXPECT_EQ(plan.value("href", ""), std::string(kOfferings) + "/plan_15");
  EXPECT_EQ(plan.value("name", ""), "Plan Flash 15");
  EXPECT_TRUE(plan.value("isSellable", false));
  EXPECT_EQ(plan["category"][0].value("name", ""), "plan");
  ASSERT_EQ(plan["productOfferingPrice"].size(), 1u);
  Json price = plan["productOfferingPrice"][0];
  EXPECT_EQ(price.value("priceType", ""), "oneTime");  // bought again, never renewed (FL-14)
  EXPECT_FALSE(price.contains("recurringChargePeriodType"));
  EXPECT_EQ(price["price"], (Json{{"unit", "PEN"}, {"value", 15.0}}));
  EXPECT_EQ(plan.value("validityDays", 0), 30);
  EXPECT_EQ(plan["productOfferingTerm"][0]["duration"], (Json{{"amount", 30}, {"units", "days"}}));
  EXPECT_EQ(plan["allowance"][0], (Json{{"usageType", "data"}, {"amount", 6144}, {"units", "MB"}}));

  Json package = all[3];
  EXPECT_EQ(package.value("id", ""), "megas_1_dia");
  EXPECT_EQ(package["category"][0].value("name", ""), "package");
  EXPECT_EQ(package["productOfferingPrice"][0].value("priceType", ""), "oneTime");
  EXPECT_EQ(package["productOfferingPrice"][0]["price"], (Json{{"unit", "PEN"}, {"value", 1.0}}));
  EXPECT_EQ(package.value("validityDays", 0), 1);

  Json tariff = all[7];
  EXPECT_EQ(tariff.value("id", ""), "standard_tariff");
  EXPECT_FALSE(tariff.value("isSellable", true));
  ASSERT_EQ(tariff["productOfferingPrice"].size(), 3u);
  EXPECT_EQ(tariff["productOfferingPrice"][0].value("priceType", ""), "usage");
  EXPECT_EQ(tariff["productOfferingPrice"][0]["price"], (Json{{"unit", "PEN"}, {"value", 0.29}}));
  EXPECT_EQ(tariff["productOfferingPrice"][0]["unitOfMeasure"],
            (Json{{"amount", 1}, {"units", "minute"}}));
}

TEST_F(Catalog, OneOfferingById) {
  auto r = api().get(std::string(kOfferings) + "/combo_7_dias");
  ASSERT_EQ(r.status, 200) << r.body;
  Json o = r.json();
  EXPECT_EQ(o.value("name", ""), "Combo 7 días");
  EXPECT_EQ(o["allowance"].size(), 3u);
  EXPECT_EQ(o["productOfferingPrice"][0]["price"]["value"], 5.0);
  auto tariff = api().get(std::string(kOfferings) + "/standard_tariff");
  EXPECT_EQ(tariff.status, 200) << tariff.body;
  auto missing = api().get(std::string(kOfferings) + "/plan_99");
  EXPECT_TRUE(is_error(missing, 404, "NOT_FOUND", "id")) << missing.body;
}

TEST_F(Catalog, ListQueries) {
  auto plans = api().get(std::string(kOfferings) + "?category.name=plan");
  ASSERT_EQ(plans.status, 200) << plans.body;
  EXPECT_EQ(*plans.header("X-Total-Count"), "3");
  auto packages = api().get(std::string(kOfferings) + "?category.name=package&offset=1&limit=2");
  ASSERT_EQ(packages.status, 200) << packages.body;
  EXPECT_EQ(*packages.header("X-Total-Count"), "4");
  EXPECT_EQ(*packages.header("X-Result-Count"), "2");
  EXPECT_EQ(packages.json()[0].value("id", ""), "combo_7_dias");
  auto fields = api().get(std::string(kOfferings) + "?fields=name&limit=1");
  ASSERT_EQ(fields.status, 200) << fields.body;
  EXPECT_EQ(fields.json()[0], (Json{{"id", "plan_15"},
                                    {"href", std::string(kOfferings) + "/plan_15"},
                                    {"@type", "ProductOffering"},
                                    {"name", "Plan Flash 15"}}));
  auto bad = api().get(std::string(kOfferings) + "?category.name=bundle");
  EXPECT_TRUE(is_error(bad, 400, "INVALID_PARAMETER", "category.name")) << bad.body;
  auto unknown = api().get(std::string(kOfferings) + "?price=1");
  EXPECT_TRUE(is_error(unknown, 400, "UNKNOWN_PARAMETER", "price")) << unknown.body;
}

}  // namespace
}  // namespace abonado::apitest
